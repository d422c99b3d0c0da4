import {
  GenesysEntityListing,
  GenesysPrompt,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysConnectionConfig } from '../../config';
import { errorFromResponse, GenesysApiError } from './errors';
import { fetchWithTimeout } from './fetchWithTimeout';
import { TokenProvider } from './TokenProvider';

/**
 * The upstream operations the plugin needs, independent of how they are
 * reached. `LlmGatewayClient` speaks the LLM Gateway contract; an adapter for
 * Genesys AI Studio's own APIs can implement this without touching callers.
 *
 * @public
 */
export interface GenesysPromptsGateway {
  /** Every prompt, following all pages of the list. */
  listPrompts(): Promise<GenesysPrompt[]>;
  /** The prompt with exactly this name, or undefined. */
  findPromptByName(name: string): Promise<GenesysPrompt | undefined>;
  /** One prompt; a missing one is a `GenesysApiError` with status 404. */
  getPrompt(promptId: string): Promise<GenesysPrompt>;
}

/** What the client has last seen of the upstream, for `/health`. */
export interface UpstreamObservation {
  reachable: boolean | null;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastError?: string;
}

const PAGE_SIZE = 100;
// A guard against an upstream that keeps returning nextUri.
const MAX_PAGES = 1000;

/**
 * Client of the Genesys Cloud LLM Gateway prompt contract: OAuth client
 * credentials, typed errors, list paging.
 */
export class LlmGatewayClient implements GenesysPromptsGateway {
  private readonly tokens: TokenProvider;
  private observation: UpstreamObservation = { reachable: null };

  constructor(private readonly connection: GenesysConnectionConfig) {
    this.tokens = new TokenProvider(connection);
  }

  /** Base URL of the API, for display; never includes credentials. */
  get apiBaseUrl(): string {
    return this.connection.apiBaseUrl;
  }

  upstreamObservation(): UpstreamObservation {
    return { ...this.observation };
  }

  async listPrompts(): Promise<GenesysPrompt[]> {
    return this.listAll(`/api/v2/ai/llm/prompts?pageSize=${PAGE_SIZE}&pageNumber=1`);
  }

  async findPromptByName(name: string): Promise<GenesysPrompt | undefined> {
    const query = new URLSearchParams({ name, pageSize: '25', pageNumber: '1' });
    const page = await this.request<GenesysEntityListing<GenesysPrompt>>(
      'GET',
      `/api/v2/ai/llm/prompts?${query}`,
    );
    return page.entities.find(prompt => prompt.name === name);
  }

  async getPrompt(promptId: string): Promise<GenesysPrompt> {
    return this.request<GenesysPrompt>(
      'GET',
      `/api/v2/ai/llm/prompts/${encodeURIComponent(promptId)}`,
    );
  }

  private async listAll<T>(firstPath: string): Promise<T[]> {
    const items: T[] = [];
    let path: string | undefined = firstPath;
    for (let page = 0; path && page < MAX_PAGES; page++) {
      const listing: GenesysEntityListing<T> = await this.request<
        GenesysEntityListing<T>
      >('GET', path);
      items.push(...listing.entities);
      path = listing.nextUri;
    }
    return items;
  }

  /**
   * One API call with a bearer token. A 401 means the token was revoked or
   * expired early: refresh once and replay once; a second 401 is an error.
   */
  private async request<T>(method: string, pathAndQuery: string): Promise<T> {
    const operation = `${method} ${pathAndQuery.split('?')[0]}`;
    try {
      let token = await this.tokens.getToken();
      let response = await this.send(operation, method, pathAndQuery, token);
      if (response.status === 401) {
        token = await this.tokens.replaceRejected(token);
        response = await this.send(operation, method, pathAndQuery, token);
      }
      if (!response.ok) {
        throw await errorFromResponse(operation, response);
      }
      const result = await this.parseJson<T>(operation, response);
      this.observe();
      return result;
    } catch (error) {
      this.observe(error);
      throw error;
    }
  }

  private send(
    operation: string,
    method: string,
    pathAndQuery: string,
    token: string,
  ): Promise<Response> {
    return fetchWithTimeout(
      operation,
      `${this.connection.apiBaseUrl}${pathAndQuery}`,
      {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      },
      this.connection.requestTimeoutMs,
    );
  }

  private async parseJson<T>(operation: string, response: Response): Promise<T> {
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new GenesysApiError({
        operation,
        kind: 'invalid-response',
        status: response.status,
        code: 'invalid.response',
        message: 'the response body is not valid JSON',
        correlationId: response.headers.get('inin-correlation-id') ?? undefined,
        cause,
      });
    }
  }

  // Any HTTP answer proves the upstream is reachable, even an error status.
  private observe(error?: unknown) {
    const at = new Date().toISOString();
    if (!error) {
      this.observation = { ...this.observation, reachable: true, lastSuccessAt: at };
      return;
    }
    const reachable =
      error instanceof GenesysApiError && error.kind !== 'http' ? false : true;
    this.observation = {
      ...this.observation,
      reachable,
      lastFailureAt: at,
      lastError: error instanceof Error ? error.message : String(error),
    };
  }
}
