import { CustomErrorBase } from '@backstage/errors';
import { GenesysErrorBody } from '@genesys-prompts/plugin-genesys-prompts-common';

/** What went wrong on the way to Genesys. */
export type GenesysFailureKind =
  | 'http'
  | 'timeout'
  | 'network'
  | 'invalid-response'
  | 'circuit-open';

/**
 * A failed upstream call. Keeps the upstream `status`, `code` and correlation
 * id so our API and logs can quote them.
 */
export class GenesysApiError extends CustomErrorBase {
  name = 'GenesysApiError' as const;
  readonly kind: GenesysFailureKind;
  /** Upstream HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** Upstream ErrorBody `code` (or `timeout`, `network`, `invalid.response`). */
  readonly code: string;
  readonly correlationId?: string;
  readonly body?: GenesysErrorBody;
  /** Seconds the upstream asked us to wait (429 `Retry-After`). */
  readonly retryAfterSeconds?: number;
  /** For network failures: the socket error code, e.g. `ECONNREFUSED`. */
  readonly networkCode?: string;

  constructor(options: {
    operation: string;
    kind: GenesysFailureKind;
    status: number;
    code: string;
    message: string;
    correlationId?: string;
    body?: GenesysErrorBody;
    retryAfterSeconds?: number;
    networkCode?: string;
    cause?: unknown;
  }) {
    const where = options.status
      ? `${options.status} ${options.code}`
      : options.code;
    const id = options.correlationId
      ? ` (correlation id ${options.correlationId})`
      : '';
    super(
      `Genesys ${options.operation} failed: ${where}: ${options.message}${id}`,
      options.cause instanceof Error ? options.cause : undefined,
    );
    this.kind = options.kind;
    this.status = options.status;
    this.code = options.code;
    this.correlationId = options.correlationId;
    this.body = options.body;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.networkCode = options.networkCode;
  }

  /**
   * True when the request certainly did not reach the upstream's handler, so
   * even a non-idempotent write may be sent again: a 429 or a refused connection.
   */
  get provesNotApplied(): boolean {
    return (
      this.status === 429 ||
      (this.kind === 'network' && this.networkCode === 'ECONNREFUSED')
    );
  }

  /**
   * True when a write that failed this way may still have been applied
   * upstream: its answer was lost (timeout, reset, 5xx, unreadable body).
   */
  get outcomeUnknown(): boolean {
    return (
      !this.provesNotApplied &&
      (this.kind === 'timeout' ||
        this.kind === 'network' ||
        this.kind === 'invalid-response' ||
        (this.kind === 'http' && this.status >= 500))
    );
  }
}

/** Turns a non-2xx upstream answer into a typed error. */
export async function errorFromResponse(
  operation: string,
  response: Response,
): Promise<GenesysApiError> {
  const headerId = response.headers.get('inin-correlation-id') ?? undefined;
  const text = await response.text().catch(() => '');
  let body: Partial<GenesysErrorBody> & {
    error?: string;
    error_description?: string;
  } = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the status and a short excerpt.
    body = { message: text.slice(0, 200) };
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new GenesysApiError({
    operation,
    kind: 'http',
    status: response.status,
    // OAuth errors use `error`/`error_description` instead of ErrorBody fields.
    code: body.code ?? body.error ?? `http.${response.status}`,
    message:
      body.message ??
      body.error_description ??
      (response.statusText || 'no message'),
    correlationId: body.contextId ?? headerId,
    body: body.code ? (body as GenesysErrorBody) : undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  });
}
