import { GenesysApiError } from './errors';

/**
 * `fetch` with an abort after `timeoutMs`, reading the whole body inside the
 * same deadline; network failures become typed errors.
 */
export async function fetchWithTimeout(
  operation: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal });
    // Buffer the body now so a stalled body also hits the deadline.
    const body = await response.arrayBuffer();
    return new Response(body.byteLength ? body : null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    if (signal.aborted) {
      throw new GenesysApiError({
        operation,
        kind: 'timeout',
        status: 0,
        code: 'timeout',
        message: `no answer within ${timeoutMs} ms`,
        cause: error,
      });
    }
    const cause = (error as { cause?: { code?: string; message?: string } })
      ?.cause;
    throw new GenesysApiError({
      operation,
      kind: 'network',
      status: 0,
      code: 'network',
      message: cause?.code
        ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}`
        : String(error),
      networkCode: cause?.code,
      cause: error,
    });
  }
}
