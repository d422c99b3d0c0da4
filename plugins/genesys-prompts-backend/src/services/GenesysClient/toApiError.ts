import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { GenesysApiError } from './errors';

/**
 * An upstream failure as our API reports it: 502, 503 or 504, with the
 * upstream correlation id in the message. `statusCode` is what Backstage's
 * error middleware answers with.
 */
export class UpstreamFailureError extends CustomErrorBase {
  name = 'UpstreamFailureError' as const;
  constructor(
    readonly statusCode: 502 | 503 | 504,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * Maps an upstream outcome to the error our API answers with. The upstream
 * status is never passed through as-is: a 401 from Genesys means our
 * credentials are wrong, not the caller's. No cause is attached: the error
 * body would otherwise carry the upstream's status, code and body.
 */
export function toApiError(error: GenesysApiError): Error {
  const { status, kind, message } = error;
  if (kind === 'timeout') {
    return new UpstreamFailureError(504, message);
  }
  if (kind === 'circuit-open') {
    return new UpstreamFailureError(503, message, error.retryAfterSeconds);
  }
  if (kind === 'network') {
    return new UpstreamFailureError(503, `Genesys is unreachable: ${message}`);
  }
  if (kind === 'invalid-response') {
    return new UpstreamFailureError(502, message);
  }
  if (status === 400) {
    const details = (error.body?.details ?? [])
      .map(d => [d.fieldName, d.errorCode].filter(Boolean).join(': '))
      .filter(Boolean);
    return new InputError(
      details.length ? `${message}; details: ${details.join('; ')}` : message,
    );
  }
  if (status === 404) {
    return new NotFoundError(message);
  }
  if (status === 409) {
    return new ConflictError(message);
  }
  if (status === 401 || status === 403) {
    return new UpstreamFailureError(
      502,
      `Genesys rejected the plugin's own credentials; check genesysPrompts.clientId, clientSecret and the OAuth client's roles. ${message}`,
    );
  }
  if (status === 429) {
    return new UpstreamFailureError(
      503,
      `Genesys rate limit still exceeded after retries: ${message}`,
      error.retryAfterSeconds ?? 1,
    );
  }
  if (status === 503) {
    return new UpstreamFailureError(503, message, error.retryAfterSeconds);
  }
  if (status === 504) {
    return new UpstreamFailureError(504, message);
  }
  return new UpstreamFailureError(502, message);
}
