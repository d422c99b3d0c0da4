import { ErrorBody, ErrorDetail } from './types';

/** An API failure that becomes a Genesys ErrorBody. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly messageParams: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The ErrorBody for an ApiError; `contextId` repeats the correlation id header. */
export function errorBody(error: ApiError, contextId: string): ErrorBody {
  return {
    message: error.message,
    code: error.code,
    status: error.status,
    messageParams: error.messageParams,
    contextId,
    details: error.details,
    errors: [],
  };
}

/** 400 for a request the server cannot read at all (not JSON, wrong shape). */
export function badRequest(message: string, details: ErrorDetail[] = []) {
  return new ApiError(400, 'bad.request', message, details);
}

/** 400 for readable input whose fields are wrong. */
export function invalidValue(
  message: string,
  details: ErrorDetail[] = [],
  messageParams: Record<string, string> = {},
) {
  return new ApiError(400, 'invalid.value', message, details, messageParams);
}

/** 404 not.found. */
export function notFound(message = 'The requested resource was not found') {
  return new ApiError(404, 'not.found', message);
}

/** 409 general.conflict. */
export function conflict(
  message: string,
  messageParams: Record<string, string> = {},
) {
  return new ApiError(409, 'general.conflict', message, [], messageParams);
}

/** 401 authentication.required. */
export function authenticationRequired(message: string) {
  return new ApiError(401, 'authentication.required', message);
}

/** The code the contract pairs with each injected 5xx status. */
export function serverErrorFor(status: number): ApiError {
  switch (status) {
    case 503:
      return new ApiError(
        503,
        'service.unavailable',
        'The service is currently unavailable',
      );
    case 504:
      return new ApiError(
        504,
        'request.timeout',
        'The request timed out upstream',
      );
    case 502:
      return new ApiError(
        502,
        'internal.server.error',
        'Bad gateway: an upstream service answered badly',
      );
    default:
      return new ApiError(
        status,
        'internal.server.error',
        'The server encountered an internal error',
      );
  }
}

/** The contract's 429 message. */
export function rateLimitMessage(allowed: number, windowSeconds: number) {
  return `Rate limit exceeded the maximum [${allowed}] requests within [${windowSeconds}] seconds`;
}
