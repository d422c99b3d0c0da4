import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditLogEntry,
  GenesysPromptDefinition,
  PagedResponse,
  PromptDetailResponse,
  PromptListResponse,
  PromptValidationReport,
  PromptVersionDetail,
  PromptVersionSummary,
  PromptWriteResponse,
  RollbackRequest,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import {
  GenesysPromptsApi,
  PageRequest,
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

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('genesys-prompts');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
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

function pageQuery(page: PageRequest): string {
  const params = new URLSearchParams();
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  if (page.cursor !== undefined) params.set('cursor', page.cursor);
  const query = params.toString();
  return query ? `?${query}` : '';
}
