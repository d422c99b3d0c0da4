import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PromptDetailResponse,
  PromptListResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsApi } from './GenesysPromptsApi';

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
    return this.get<PromptListResponse>(`${entityPath(entityRef)}/prompts`);
  }

  async getPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<PromptDetailResponse> {
    return this.get<PromptDetailResponse>(
      `${entityPath(entityRef)}/prompts/${encodeURIComponent(promptId)}`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('genesys-prompts');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      headers: { Accept: 'application/json' },
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
