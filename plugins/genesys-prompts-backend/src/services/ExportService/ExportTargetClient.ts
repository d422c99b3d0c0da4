import { CustomErrorBase } from '@backstage/errors';
import { ResilienceConfig, ExportTarget } from '../../config';
import { GenesysApiError } from '../GenesysClient/errors';
import { fetchWithTimeout } from '../GenesysClient/fetchWithTimeout';
import { createRetryPolicy } from '../GenesysClient/resilience';

/**
 * A target that failed or was slow: 502 or 504, naming the target only (no
 * cause attached: its message would carry the target's address).
 */
export class ExportTargetError extends CustomErrorBase {
  name = 'ExportTargetError' as const;
  constructor(readonly statusCode: 502 | 504, message: string) {
    super(message);
  }
}

/**
 * Posts one export to a configured target with the Genesys client's retry
 * rules for a non-idempotent POST (429 and provably unsent requests only),
 * the target's timeout, and no redirects: a 3xx is a failure, never followed.
 * Only the status comes back; the target's body is not read out.
 */
export async function postToTarget(
  target: ExportTarget,
  payload: unknown,
  resilience: ResilienceConfig,
): Promise<number> {
  const operation = `export to ${target.name}`;
  const policy = createRetryPolicy(resilience, false);
  try {
    return await policy.execute(async () => {
      const response = await fetchWithTimeout(
        operation,
        target.url,
        {
          method: 'POST',
          redirect: 'manual',
          headers: { ...target.headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(payload),
        },
        target.timeoutMs,
      );
      if (response.status >= 200 && response.status < 300) {
        return response.status;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new GenesysApiError({
        operation,
        kind: 'http',
        status: response.status,
        code: `http.${response.status}`,
        message: `HTTP ${response.status}`,
        retryAfterSeconds:
          Number.isFinite(retryAfter) && retryAfter >= 0
            ? retryAfter
            : undefined,
      });
    });
  } catch (error) {
    throw toTargetError(target, error);
  }
}

function toTargetError(
  target: ExportTarget,
  error: unknown,
): ExportTargetError {
  const prefix = `Export target '${target.name}'`;
  if (!(error instanceof GenesysApiError)) {
    return new ExportTargetError(502, `${prefix} failed`);
  }
  if (error.kind === 'timeout') {
    return new ExportTargetError(
      504,
      `${prefix} did not answer within ${target.timeoutMs} ms`,
    );
  }
  if (error.kind === 'network') {
    return new ExportTargetError(
      502,
      `${prefix} is unreachable (${error.networkCode ?? 'network error'})`,
    );
  }
  if (error.status >= 300 && error.status < 400) {
    return new ExportTargetError(
      502,
      `${prefix} answered with a redirect (HTTP ${error.status}); redirects are not followed`,
    );
  }
  return new ExportTargetError(
    502,
    `${prefix} refused the export with HTTP ${error.status}`,
  );
}
