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
import { EntityPromptsCache } from './EntityPromptsCache';
import {
  AuditExportRequest,
  GenesysPromptsApi,
  MetricsRequest,
  PageRequest,
  PromptDefinitionInput,
  TimeRangeRequest,
  UpdatePromptRequest,
} from './GenesysPromptsApi';
import {
  buildPath,
  HttpMethod,
  PathOf,
  RequestParts,
  SuccessResponse,
} from './openapi';

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
 * Every request names the spec's path template and method, so its path
 * parameters, query, body and response are the types generated from the
 * backend's OpenAPI spec. It keeps the entity prompt lists it loaded for a
 * few minutes (see `peekEntityPrompts`) and forgets them on its own writes.
 *
 * @public
 */
export class GenesysPromptsClient implements GenesysPromptsApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;
  private readonly entityPrompts = new EntityPromptsCache();

  constructor(options: GenesysPromptsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityPrompts(
    entityRef: CompoundEntityRef,
  ): Promise<PromptListResponse> {
    return this.entityPrompts.load(entityKey(entityRef), () =>
      this.call('get', '/entities/{namespace}/{kind}/{name}/prompts', {
        path: entityParams(entityRef),
      }),
    );
  }

  peekEntityPrompts(
    entityRef: CompoundEntityRef,
  ): PromptListResponse | undefined {
    return this.entityPrompts.peek(entityKey(entityRef));
  }

  async getPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<PromptDetailResponse> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}',
      { path: promptParams(entityRef, promptId) },
    );
  }

  async createPrompt(
    entityRef: CompoundEntityRef,
    definition: GenesysPromptDefinition,
  ): Promise<PromptWriteResponse> {
    return this.write(() =>
      this.call('post', '/entities/{namespace}/{kind}/{name}/prompts', {
        path: entityParams(entityRef),
        body: definition,
      }),
    );
  }

  async updatePrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: UpdatePromptRequest,
  ): Promise<PromptWriteResponse> {
    return this.write(() =>
      this.call(
        'put',
        '/entities/{namespace}/{kind}/{name}/prompts/{promptId}',
        { path: promptParams(entityRef, promptId), body: request },
      ),
    );
  }

  async rollbackPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: RollbackRequest,
  ): Promise<PromptWriteResponse> {
    return this.write(() =>
      this.call(
        'post',
        '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/rollback',
        { path: promptParams(entityRef, promptId), body: request },
      ),
    );
  }

  async getPromptVersions(
    entityRef: CompoundEntityRef,
    promptId: string,
    page: PageRequest = {},
  ): Promise<PagedResponse<PromptVersionSummary>> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/versions',
      {
        path: promptParams(entityRef, promptId),
        query: { limit: page.limit, cursor: page.cursor },
      },
    );
  }

  async getPromptVersion(
    entityRef: CompoundEntityRef,
    promptId: string,
    versionNo: number,
  ): Promise<PromptVersionDetail> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/versions/{versionNo}',
      { path: { ...promptParams(entityRef, promptId), versionNo } },
    );
  }

  async getPromptAudit(
    entityRef: CompoundEntityRef,
    promptId: string,
    page: PageRequest = {},
  ): Promise<PagedResponse<AuditLogEntry>> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/audit',
      {
        path: promptParams(entityRef, promptId),
        query: { limit: page.limit, cursor: page.cursor },
      },
    );
  }

  async validatePrompt(
    definition: PromptDefinitionInput,
  ): Promise<PromptValidationReport> {
    return this.call('post', '/validate', { body: definition });
  }

  async getEntityMetrics(
    entityRef: CompoundEntityRef,
    request: MetricsRequest = {},
  ): Promise<EntityMetricsResponse> {
    const { from, to, granularity } = request;
    return this.call('get', '/entities/{namespace}/{kind}/{name}/metrics', {
      path: entityParams(entityRef),
      query: { from, to, granularity },
    });
  }

  async getPromptMetrics(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: MetricsRequest = {},
  ): Promise<PromptMetricsResponse> {
    const { from, to, granularity } = request;
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/metrics',
      {
        path: promptParams(entityRef, promptId),
        query: { from, to, granularity },
      },
    );
  }

  async listExperiments(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<{ items: Experiment[] }> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments',
      { path: promptParams(entityRef, promptId) },
    );
  }

  async createExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: CreateExperimentRequest,
  ): Promise<Experiment> {
    return this.call(
      'post',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments',
      { path: promptParams(entityRef, promptId), body: request },
    );
  }

  async startExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
  ): Promise<Experiment> {
    return this.call(
      'post',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments/{experimentId}/start',
      { path: experimentParams(entityRef, promptId, experimentId) },
    );
  }

  async stopExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    request: StopExperimentRequest = {},
  ): Promise<Experiment> {
    return this.call(
      'post',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments/{experimentId}/stop',
      {
        path: experimentParams(entityRef, promptId, experimentId),
        body: request,
      },
    );
  }

  async promoteExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    request: PromoteExperimentRequest,
  ): Promise<PromoteExperimentResponse> {
    return this.write(() =>
      this.call(
        'post',
        '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments/{experimentId}/promote',
        {
          path: experimentParams(entityRef, promptId, experimentId),
          body: request,
        },
      ),
    );
  }

  async getExperimentResults(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    range: TimeRangeRequest = {},
  ): Promise<ExperimentResults> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments/{experimentId}/results',
      {
        path: experimentParams(entityRef, promptId, experimentId),
        query: { from: range.from, to: range.to },
      },
    );
  }

  async getGuardChecks(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<{ items: GuardCheck[] }> {
    return this.call(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/guard',
      { path: promptParams(entityRef, promptId) },
    );
  }

  async getExportTargets(): Promise<ExportTargetsResponse> {
    return this.call('get', '/export-targets', {});
  }

  async exportPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: ExportPromptRequest,
  ): Promise<ExportPromptResponse> {
    // Only the name: the backend looks the target's URL and headers up in its config.
    return this.call(
      'post',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/export',
      {
        path: promptParams(entityRef, promptId),
        body: { target: request.target },
      },
    );
  }

  async getPromptHistoryExportUrl(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<string> {
    return this.url(
      'get',
      '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/history/export',
      { path: promptParams(entityRef, promptId) },
    );
  }

  async getAuditExportUrl(request: AuditExportRequest): Promise<string> {
    const { format, promptId, entityRef, action, actor, from, to } = request;
    return this.url('get', '/audit/export', {
      query: { format, promptId, entityRef, action, actor, from, to },
    });
  }

  /**
   * Runs a write that adds a prompt or a version, then forgets the cached
   * prompt lists (whether it succeeded or not: a failed write may have
   * reached Genesys), so the next list shows its effect.
   */
  private async write<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      this.entityPrompts.clear();
    }
  }

  /** The absolute URL of a request to the operation `method` on `path`. */
  private async url<M extends HttpMethod, P extends PathOf<M>>(
    _method: M,
    path: P,
    parts: RequestParts<P, M>,
  ): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('genesys-prompts');
    return `${baseUrl}${buildPath(path, parts.path, parts.query)}`;
  }

  /**
   * Sends a request typed by the spec's operation and returns its JSON body
   * as the spec declares it for the operation's success statuses.
   */
  private async call<M extends HttpMethod, P extends PathOf<M>>(
    method: M,
    path: P,
    parts: RequestParts<P, M>,
  ): Promise<SuccessResponse<P, M>> {
    const { body } = parts as { body?: unknown };
    const response = await this.fetchApi.fetch(
      await this.url(method, path, parts),
      {
        method: method.toUpperCase(),
        headers:
          body === undefined
            ? { Accept: 'application/json' }
            : {
                Accept: 'application/json',
                'Content-Type': 'application/json',
              },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as SuccessResponse<P, M>;
  }
}

type EntityParams = { namespace: string; kind: string; name: string };

/** Entity refs compare case-insensitively. */
function entityKey(ref: CompoundEntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
}

function entityParams(ref: CompoundEntityRef): EntityParams {
  return { namespace: ref.namespace, kind: ref.kind, name: ref.name };
}

function promptParams(
  ref: CompoundEntityRef,
  promptId: string,
): EntityParams & { promptId: string } {
  return { ...entityParams(ref), promptId };
}

function experimentParams(
  ref: CompoundEntityRef,
  promptId: string,
  experimentId: string,
): EntityParams & { promptId: string; experimentId: string } {
  return { ...promptParams(ref, promptId), experimentId };
}
