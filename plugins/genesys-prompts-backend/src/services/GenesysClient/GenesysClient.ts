import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CircuitStateName,
  GenesysConversationDetailsResponse,
  GenesysEntityListing,
  GenesysMetricsResponse,
  GenesysPrompt,
  GenesysPromptDefinition,
  GenesysPromptRouting,
  GenesysRoutingVariant,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import {
  CircuitBreakerPolicy,
  ConstantBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
} from 'cockatiel';
import { GenesysConnectionConfig, ResilienceConfig } from '../../config';
import { definitionOf, sameDefinition } from './definitions';
import { errorFromResponse, GenesysApiError } from './errors';
import { fetchWithTimeout } from './fetchWithTimeout';
import { RateBudget, RatePacer } from './RatePacer';
import {
  circuitStateName,
  createBreaker,
  createRetryPolicy,
} from './resilience';
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
  /** Creates a prompt, never twice, even when an answer is lost. */
  createPrompt(definition: GenesysPromptDefinition): Promise<GenesysPrompt>;
  /** Replaces a prompt if it is still at `expectedRevision` (else 409). */
  updatePrompt(
    promptId: string,
    definition: GenesysPromptDefinition,
    expectedRevision: number,
  ): Promise<GenesysPrompt>;
  /** Aggregated metrics of several prompts in one call, one result per prompt. */
  getMetrics(
    promptIds: string[],
    interval: { start: Date; end: Date },
    granularity: string,
  ): Promise<GenesysMetricsResponse>;
  /** A primary prompt's A/B routing (itself at 100 without an experiment). */
  getRouting(promptId: string): Promise<GenesysPromptRouting>;
  /** Replaces the routing if it is still at `expectedRevision`. */
  putRouting(
    promptId: string,
    variants: GenesysRoutingVariant[],
    expectedRevision: number,
  ): Promise<GenesysPromptRouting>;
  /**
   * One page of a conversation details query: `query` for the first page,
   * or the previous page's `nextPageUri` (a path on the same upstream).
   */
  queryConversationDetails(
    page: { query: Record<string, unknown> } | { nextPageUri: string },
  ): Promise<GenesysConversationDetailsResponse>;
  /**
   * Delivers one audit entry (the tutorial's endpoint); `idempotencyKey`
   * makes a repeated delivery count once.
   */
  forwardAuditEntry(entry: object, idempotencyKey: string): Promise<void>;
}

/** What the client knows of the upstream, for `/health`. */
export interface UpstreamHealth {
  reachable: boolean | null;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastError?: string;
  circuit: CircuitStateName;
  rateBudget?: RateBudget & { remaining: number };
  counts: { requests: number; retries: number; tooManyRequests: number; failures: number };
}

const PAGE_SIZE = 100;
// A guard against an upstream that keeps returning nextUri.
const MAX_PAGES = 1000;

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Filled in: how many times the request was sent (retries included). */
  sent?: number;
  /** False for a POST that creates: it is resent only when provably not applied. */
  idempotent: boolean;
}

/**
 * Client of the Genesys Cloud LLM Gateway prompt contract: OAuth client
 * credentials, pacing from the rate-limit headers, retries with backoff, a
 * circuit breaker, per-request timeouts and typed errors.
 */
export class LlmGatewayClient implements GenesysPromptsGateway {
  private readonly tokens: TokenProvider;
  private readonly pacer: RatePacer;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly counts = { requests: 0, retries: 0, tooManyRequests: 0, failures: 0 };
  private observation: Pick<
    UpstreamHealth,
    'reachable' | 'lastSuccessAt' | 'lastFailureAt' | 'lastError'
  > = { reachable: null };

  constructor(
    private readonly connection: GenesysConnectionConfig,
    private readonly resilience: ResilienceConfig,
    private readonly logger?: LoggerService,
  ) {
    this.tokens = new TokenProvider(connection);
    this.pacer = new RatePacer(resilience.requestsPerMinute);
    this.breaker = createBreaker(resilience);
  }

  /** Base URL of the API, for display; never includes credentials. */
  get apiBaseUrl(): string {
    return this.connection.apiBaseUrl;
  }

  health(): UpstreamHealth {
    const budget = this.pacer.budget(this.tokens.currentToken());
    return {
      ...this.observation,
      circuit: circuitStateName(this.breaker.state),
      rateBudget: budget && {
        ...budget,
        remaining: Math.max(0, budget.allowed - budget.used),
      },
      counts: { ...this.counts },
    };
  }

  async listPrompts(): Promise<GenesysPrompt[]> {
    const items: GenesysPrompt[] = [];
    let path: string | undefined = `/api/v2/ai/llm/prompts?pageSize=${PAGE_SIZE}&pageNumber=1`;
    for (let page = 0; path && page < MAX_PAGES; page++) {
      const listing: GenesysEntityListing<GenesysPrompt> = await this.request(
        'GET',
        path,
        { idempotent: true },
      );
      items.push(...listing.entities);
      path = listing.nextUri;
    }
    return items;
  }

  async findPromptByName(name: string): Promise<GenesysPrompt | undefined> {
    const query = new URLSearchParams({ name, pageSize: '25', pageNumber: '1' });
    const page = await this.request<GenesysEntityListing<GenesysPrompt>>(
      'GET',
      `/api/v2/ai/llm/prompts?${query}`,
      { idempotent: true },
    );
    return page.entities.find(prompt => prompt.name === name);
  }

  async getPrompt(promptId: string): Promise<GenesysPrompt> {
    return this.request<GenesysPrompt>('GET', promptPath(promptId), {
      idempotent: true,
    });
  }

  async createPrompt(
    definition: GenesysPromptDefinition,
  ): Promise<GenesysPrompt> {
    const body = definitionOf(definition);
    // When a create's answer is lost (timeout, reset, 5xx, unreadable body),
    // the prompt may exist: look it up by name before sending it once more.
    const replay = retry(handleWhen(isLostWriteAnswer), {
      maxAttempts: 1,
      backoff: new ConstantBackoff(0),
    });
    return replay.execute(async ({ attempt }) => {
      if (attempt > 0) {
        const existing = await this.findPromptByName(body.name);
        if (existing && sameDefinition(existing, body)) {
          return existing;
        }
      }
      return this.request<GenesysPrompt>('POST', '/api/v2/ai/llm/prompts', {
        body,
        idempotent: false,
      });
    });
  }

  async updatePrompt(
    promptId: string,
    definition: GenesysPromptDefinition,
    expectedRevision: number,
  ): Promise<GenesysPrompt> {
    const body = { ...definitionOf(definition), revision: expectedRevision };
    const options: RequestOptions = { body, idempotent: true };
    try {
      // The revision makes a replay safe: it cannot overwrite newer work.
      return await this.request<GenesysPrompt>('PUT', promptPath(promptId), options);
    } catch (error) {
      // A replay of a PUT that was applied meets its own revision bump (409);
      // an applied PUT may also come back unreadable. Check what is upstream.
      // A first attempt's 409 is someone else's write, never ours.
      if (mayHaveApplied(error, options)) {
        const current = await this.getPrompt(promptId);
        if (
          current.revision === expectedRevision + 1 &&
          sameDefinition(current, definition)
        ) {
          return current;
        }
      }
      throw error;
    }
  }

  async getMetrics(
    promptIds: string[],
    interval: { start: Date; end: Date },
    granularity: string,
  ): Promise<GenesysMetricsResponse> {
    const query = new URLSearchParams({
      promptId: promptIds.join(','),
      interval: `${interval.start.toISOString()}/${interval.end.toISOString()}`,
      granularity,
    });
    return this.request('GET', `/api/v2/ai/llm/metrics?${query}`, {
      idempotent: true,
    });
  }

  async getRouting(promptId: string): Promise<GenesysPromptRouting> {
    return this.request('GET', `${promptPath(promptId)}/routing`, {
      idempotent: true,
    });
  }

  async putRouting(
    promptId: string,
    variants: GenesysRoutingVariant[],
    expectedRevision: number,
  ): Promise<GenesysPromptRouting> {
    const options: RequestOptions = {
      body: { variants, revision: expectedRevision },
      idempotent: true,
    };
    try {
      return await this.request('PUT', `${promptPath(promptId)}/routing`, options);
    } catch (error) {
      // As for prompts: a replayed PUT that was applied meets its own bump.
      if (mayHaveApplied(error, options)) {
        const current = await this.getRouting(promptId);
        if (
          current.revision === expectedRevision + 1 &&
          sameVariants(current.variants, variants)
        ) {
          return current;
        }
      }
      throw error;
    }
  }

  async queryConversationDetails(
    page: { query: Record<string, unknown> } | { nextPageUri: string },
  ): Promise<GenesysConversationDetailsResponse> {
    if ('nextPageUri' in page) {
      // Only ever a path of the same query on the configured upstream.
      if (!page.nextPageUri.startsWith(`${DETAILS_QUERY_PATH}?`)) {
        throw new GenesysApiError({
          operation: `POST ${DETAILS_QUERY_PATH}`,
          kind: 'invalid-response',
          status: 0,
          code: 'invalid.next.page',
          message: 'the nextPageUri is not a path of the details query',
        });
      }
      return this.request('POST', page.nextPageUri, {
        body: {},
        idempotent: true,
      });
    }
    return this.request('POST', DETAILS_QUERY_PATH, {
      body: page.query,
      idempotent: true,
    });
  }

  async forwardAuditEntry(entry: object, idempotencyKey: string): Promise<void> {
    // The key makes a resend harmless, so it is retried like a read.
    await this.request('POST', '/api/v2/users/me/auditlogs', {
      body: entry,
      headers: { 'Idempotency-Key': idempotencyKey },
      idempotent: true,
    });
  }

  /** One logical request: retried, paced and behind the circuit breaker. */
  private async request<T>(
    method: string,
    pathAndQuery: string,
    options: RequestOptions,
  ): Promise<T> {
    const operation = `${method} ${pathAndQuery.split('?')[0]}`;
    const deadline = Date.now() + this.resilience.maxTotalMs;
    const retryPolicy = createRetryPolicy(this.resilience, options.idempotent);
    retryPolicy.onRetry(reason => {
      this.counts.retries += 1;
      if ('error' in reason) {
        this.logger?.debug(
          `Retrying after ${Math.round(reason.delay)} ms: ${reason.error.message}`,
        );
      }
    });
    try {
      const result = await retryPolicy.execute(() =>
        this.breaker.execute(() =>
          this.attempt<T>(method, pathAndQuery, operation, options, deadline),
        ),
      );
      this.observe();
      return result;
    } catch (error) {
      const failure = isBrokenCircuitError(error)
        ? this.circuitOpenError(operation)
        : error;
      this.observe(failure);
      throw failure;
    }
  }

  /**
   * One attempt with a bearer token. A 401 means the token was revoked or
   * expired early: refresh once and replay once; a second 401 is an error.
   */
  private async attempt<T>(
    method: string,
    pathAndQuery: string,
    operation: string,
    options: RequestOptions,
    deadline: number,
  ): Promise<T> {
    const send = (token: string) => {
      options.sent = (options.sent ?? 0) + 1;
      return this.send(operation, method, pathAndQuery, token, options, deadline);
    };
    let token = await this.tokens.getToken();
    let response = await send(token);
    if (response.status === 401) {
      const rejected = token;
      token = await this.tokens.replaceRejected(rejected);
      this.pacer.forget(rejected);
      response = await send(token);
    }
    if (response.status === 429) {
      this.counts.tooManyRequests += 1;
    }
    if (!response.ok) {
      const error = await errorFromResponse(operation, response);
      if (error.status === 429) {
        this.pacer.exhausted(token, error.retryAfterSeconds);
      }
      throw error;
    }
    return this.parseJson<T>(operation, response);
  }

  private async send(
    operation: string,
    method: string,
    pathAndQuery: string,
    token: string,
    { body, headers }: RequestOptions,
    deadline: number,
  ): Promise<Response> {
    const tooLong = await this.pacer.acquire(token, deadline);
    if (tooLong > 0) {
      // The rate window opens only after this request's deadline: fail now.
      throw new GenesysApiError({
        operation,
        kind: 'http',
        status: 429,
        code: 'too.many.requests',
        message: `not sent: the rate budget is spent for another ${Math.ceil(
          tooLong / 1000,
        )} s`,
        retryAfterSeconds: Math.ceil(tooLong / 1000),
      });
    }
    this.counts.requests += 1;
    let response: Response | undefined;
    try {
      response = await fetchWithTimeout(
        operation,
        `${this.connection.apiBaseUrl}${pathAndQuery}`,
        {
          method,
          headers: {
            ...headers,
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
        this.connection.requestTimeoutMs,
      );
      return response;
    } finally {
      this.pacer.release(token, response?.headers);
    }
  }

  private async parseJson<T>(operation: string, response: Response): Promise<T> {
    const text = await response.text();
    // 204, or a 202 that accepted without a body (audit forwarding).
    if (!text && (response.status === 204 || response.status === 202)) {
      return undefined as T;
    }
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

  private circuitOpenError(operation: string): GenesysApiError {
    const last = this.breaker.lastFailure;
    const lastError =
      last && 'error' in last && last.error instanceof GenesysApiError
        ? last.error
        : undefined;
    return new GenesysApiError({
      operation,
      kind: 'circuit-open',
      status: 0,
      code: 'circuit.open',
      message: `not called: the circuit breaker is open after ${
        this.resilience.breakerConsecutiveFailures
      } consecutive upstream failures${
        lastError ? ` (last: ${lastError.message})` : ''
      }`,
      correlationId: lastError?.correlationId,
      retryAfterSeconds: Math.ceil(this.resilience.breakerHalfOpenAfterMs / 1000),
    });
  }

  // Any HTTP answer proves the upstream is reachable, even an error status.
  private observe(error?: unknown) {
    const at = new Date().toISOString();
    if (!error) {
      this.observation = { ...this.observation, reachable: true, lastSuccessAt: at };
      return;
    }
    this.counts.failures += 1;
    const message = error instanceof Error ? error.message : String(error);
    // Answers our callers can act on (400, 404, 409) are theirs to log.
    if (!(error instanceof GenesysApiError && [400, 404, 409].includes(error.status))) {
      this.logger?.warn(message);
    }
    this.observation = {
      ...this.observation,
      reachable:
        error instanceof GenesysApiError &&
        (error.kind === 'network' || error.kind === 'timeout')
          ? false
          : this.observation.reachable ?? true,
      lastFailureAt: at,
      lastError: message,
    };
  }
}

const DETAILS_QUERY_PATH = '/api/v2/analytics/conversations/details/query';

/**
 * Whether a failed revision-checked PUT may still have been applied: its
 * answer was unreadable, or it was sent again and the resend met the bump
 * of its own earlier, applied attempt (409).
 */
function mayHaveApplied(error: unknown, options: RequestOptions): boolean {
  if (!(error instanceof GenesysApiError)) return false;
  if (error.kind === 'invalid-response') return true;
  return error.status === 409 && (options.sent ?? 0) > 1;
}

function sameVariants(
  a: GenesysRoutingVariant[],
  b: GenesysRoutingVariant[],
): boolean {
  return (
    a.length === b.length &&
    a.every(
      (variant, i) =>
        variant.promptId === b[i].promptId && variant.weight === b[i].weight,
    )
  );
}

function promptPath(promptId: string): string {
  return `/api/v2/ai/llm/prompts/${encodeURIComponent(promptId)}`;
}

/** A write whose answer was lost: it may or may not have been applied. */
function isLostWriteAnswer(error: Error): boolean {
  return error instanceof GenesysApiError && error.outcomeUnknown;
}
