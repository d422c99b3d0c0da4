import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditLogEntry,
  CreateExperimentRequest,
  EntityMetricsResponse,
  Experiment,
  ExperimentResults,
  ExportPromptRequest,
  ExportPromptResponse,
  ExportTargetsResponse,
  GenesysPromptDefinition,
  GuardCheck,
  PagedResponse,
  PromptDetailResponse,
  PromptListResponse,
  PromptMetricsResponse,
  PromptValidationReport,
  PromptVersionDetail,
  PromptVersionSummary,
  PromptWriteResponse,
  PromoteExperimentRequest,
  PromoteExperimentResponse,
  RollbackRequest,
  StopExperimentRequest,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import {
  AuditExportRequest,
  GenesysPromptsApi,
  MetricsRequest,
  PageRequest,
  TimeRangeRequest,
  UpdatePromptRequest,
} from './GenesysPromptsApi';

/**
 * Options of {@link GenesysPromptsClient}.
 *
 * @public
 */
export interface GenesysPromptsClientOptions {
  discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  fetchApi: Pick<FetchApi, 'fetch'>;
}

/**
 * {@link GenesysPromptsApi} over the plugin's REST API (`/api/genesys-prompts`).
 *
 * @public
 */
export class GenesysPromptsClient implements GenesysPromptsApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: GenesysPromptsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityPrompts(
    entityRef: CompoundEntityRef,
  ): Promise<PromptListResponse> {
    return this.request<PromptListResponse>(
      'GET',
      `${entityPath(entityRef)}/prompts`,
    );
  }

  async getPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<PromptDetailResponse> {
    return this.request<PromptDetailResponse>(
      'GET',
      promptPath(entityRef, promptId),
    );
  }

  async createPrompt(
    entityRef: CompoundEntityRef,
    definition: GenesysPromptDefinition,
  ): Promise<PromptWriteResponse> {
    return this.request<PromptWriteResponse>(
      'POST',
      `${entityPath(entityRef)}/prompts`,
      definition,
    );
  }

  async updatePrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: UpdatePromptRequest,
  ): Promise<PromptWriteResponse> {
    return this.request<PromptWriteResponse>(
      'PUT',
      promptPath(entityRef, promptId),
      request,
    );
  }

  async rollbackPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: RollbackRequest,
  ): Promise<PromptWriteResponse> {
    return this.request<PromptWriteResponse>(
      'POST',
      `${promptPath(entityRef, promptId)}/rollback`,
      request,
    );
  }

  async getPromptVersions(
    entityRef: CompoundEntityRef,
    promptId: string,
    page: PageRequest = {},
  ): Promise<PagedResponse<PromptVersionSummary>> {
    return this.request<PagedResponse<PromptVersionSummary>>(
      'GET',
      `${promptPath(entityRef, promptId)}/versions${pageQuery(page)}`,
    );
  }

  async getPromptVersion(
    entityRef: CompoundEntityRef,
    promptId: string,
    versionNo: number,
  ): Promise<PromptVersionDetail> {
    return this.request<PromptVersionDetail>(
      'GET',
      `${promptPath(entityRef, promptId)}/versions/${encodeURIComponent(
        String(versionNo),
      )}`,
    );
  }

  async getPromptAudit(
    entityRef: CompoundEntityRef,
    promptId: string,
    page: PageRequest = {},
  ): Promise<PagedResponse<AuditLogEntry>> {
    return this.request<PagedResponse<AuditLogEntry>>(
      'GET',
      `${promptPath(entityRef, promptId)}/audit${pageQuery(page)}`,
    );
  }

  async validatePrompt(definition: unknown): Promise<PromptValidationReport> {
    return this.request<PromptValidationReport>(
      'POST',
      '/validate',
      definition,
    );
  }

  async getEntityMetrics(
    entityRef: CompoundEntityRef,
    request: MetricsRequest = {},
  ): Promise<EntityMetricsResponse> {
    return this.request<EntityMetricsResponse>(
      'GET',
      `${entityPath(entityRef)}/metrics${metricsQuery(request)}`,
    );
  }

  async getPromptMetrics(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: MetricsRequest = {},
  ): Promise<PromptMetricsResponse> {
    return this.request<PromptMetricsResponse>(
      'GET',
      `${promptPath(entityRef, promptId)}/metrics${metricsQuery(request)}`,
    );
  }

  async listExperiments(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<{ items: Experiment[] }> {
    return this.request<{ items: Experiment[] }>(
      'GET',
      `${promptPath(entityRef, promptId)}/experiments`,
    );
  }

  async createExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: CreateExperimentRequest,
  ): Promise<Experiment> {
    return this.request<Experiment>(
      'POST',
      `${promptPath(entityRef, promptId)}/experiments`,
      request,
    );
  }

  async startExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
  ): Promise<Experiment> {
    return this.request<Experiment>(
      'POST',
      `${experimentPath(entityRef, promptId, experimentId)}/start`,
    );
  }

  async stopExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    request: StopExperimentRequest = {},
  ): Promise<Experiment> {
    return this.request<Experiment>(
      'POST',
      `${experimentPath(entityRef, promptId, experimentId)}/stop`,
      request,
    );
  }

  async promoteExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    request: PromoteExperimentRequest,
  ): Promise<PromoteExperimentResponse> {
    return this.request<PromoteExperimentResponse>(
      'POST',
      `${experimentPath(entityRef, promptId, experimentId)}/promote`,
      request,
    );
  }

  async getExperimentResults(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    range: TimeRangeRequest = {},
  ): Promise<ExperimentResults> {
    return this.request<ExperimentResults>(
      'GET',
      `${experimentPath(entityRef, promptId, experimentId)}/results${query({
        from: range.from,
        to: range.to,
      })}`,
    );
  }

  async getGuardChecks(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<{ items: GuardCheck[] }> {
    return this.request<{ items: GuardCheck[] }>(
      'GET',
      `${promptPath(entityRef, promptId)}/guard`,
    );
  }

  async getExportTargets(): Promise<ExportTargetsResponse> {
    return this.request<ExportTargetsResponse>('GET', '/export-targets');
  }

  async exportPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: ExportPromptRequest,
  ): Promise<ExportPromptResponse> {
    // Only the name: the backend looks the target's URL and headers up in its config.
    return this.request<ExportPromptResponse>(
      'POST',
      `${promptPath(entityRef, promptId)}/export`,
      { target: request.target },
    );
  }

  async getPromptHistoryExportUrl(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<string> {
    return this.url(`${promptPath(entityRef, promptId)}/history/export`);
  }

  async getAuditExportUrl(request: AuditExportRequest): Promise<string> {
    const { format, promptId, entityRef, action, actor, from, to } = request;
    return this.url(
      `/audit/export${query({
        format,
        promptId,
        entityRef,
        action,
        actor,
        from,
        to,
      })}`,
    );
  }

  private async url(path: string): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('genesys-prompts');
    return `${baseUrl}${path}`;
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.fetchApi.fetch(await this.url(path), {
      method,
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(ref: CompoundEntityRef): string {
  return `/entities/${[ref.namespace, ref.kind, ref.name]
    .map(encodeURIComponent)
    .join('/')}`;
}

function promptPath(ref: CompoundEntityRef, promptId: string): string {
  return `${entityPath(ref)}/prompts/${encodeURIComponent(promptId)}`;
}

function experimentPath(
  ref: CompoundEntityRef,
  promptId: string,
  experimentId: string,
): string {
  return `${promptPath(ref, promptId)}/experiments/${encodeURIComponent(
    experimentId,
  )}`;
}

/** A query string of the defined values, in the order given; '' when none is. */
function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function metricsQuery(request: MetricsRequest): string {
  const { from, to, granularity } = request;
  return query({ from, to, granularity });
}

function pageQuery(page: PageRequest): string {
  return query({ limit: page.limit, cursor: page.cursor });
}
