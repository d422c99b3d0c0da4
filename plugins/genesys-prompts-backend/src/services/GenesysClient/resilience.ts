import {
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  IRetryBackoffContext,
  retry,
  RetryPolicy,
} from 'cockatiel';
import { CircuitStateName } from '@genesys-prompts/plugin-genesys-prompts-common';
import { ResilienceConfig } from '../../config';
import { GenesysApiError } from './errors';

/*
 * Retry and circuit breaking use cockatiel (well kept, no dependencies) rather
 * than hand-written loops. Only the decisions are ours: what is retried, how
 * long to wait, what counts as the upstream failing.
 */

/** Failures that say the upstream is unhealthy (not that we asked badly). */
export function isUpstreamFailure(error: Error): boolean {
  return (
    error instanceof GenesysApiError &&
    (error.kind === 'timeout' ||
      error.kind === 'network' ||
      (error.kind === 'http' && error.status >= 500))
  );
}

/** The circuit breaker shared by every request of one client. */
export function createBreaker(config: ResilienceConfig): CircuitBreakerPolicy {
  return circuitBreaker(handleWhen(isUpstreamFailure), {
    halfOpenAfter: config.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(config.breakerConsecutiveFailures),
  });
}

/** The breaker's state, for `/health`. */
export function circuitStateName(state: CircuitState): CircuitStateName {
  switch (state) {
    case CircuitState.Open:
      return 'open';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Isolated:
      return 'isolated';
    default:
      return 'closed';
  }
}

/**
 * Whether a failed attempt may be sent again. Idempotent requests retry 429,
 * 502/503/504, timeouts, connection errors and unreadable bodies; a
 * non-idempotent POST only where the failure proves it was not applied.
 */
export function isRetryable(error: Error, idempotent: boolean): boolean {
  if (!(error instanceof GenesysApiError)) {
    return false;
  }
  if (error.status === 429 || error.provesNotApplied) {
    return true;
  }
  if (!idempotent) {
    return false;
  }
  return (
    error.kind === 'timeout' ||
    error.kind === 'network' ||
    error.kind === 'invalid-response' ||
    [502, 503, 504].includes(error.status)
  );
}

/** The wait before retry `attempt` (1-based) after `error`. */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  config: ResilienceConfig,
  random: () => number = Math.random,
): number {
  if (
    error instanceof GenesysApiError &&
    error.status === 429 &&
    error.retryAfterSeconds !== undefined
  ) {
    // Honour Retry-After exactly, landing just after the window resets.
    return error.retryAfterSeconds * 1000 + 50;
  }
  // Exponential backoff with full jitter, never below a tenth of the cap.
  const cap = Math.min(
    config.maxDelayMs,
    config.initialDelayMs * 2 ** (attempt - 1),
  );
  return Math.max(cap / 10, random() * cap);
}

/**
 * A retry policy for one request: bounded attempts and total time, and no
 * wait for a Retry-After above the configured maximum (180 s).
 */
export function createRetryPolicy(
  config: ResilienceConfig,
  idempotent: boolean,
  now: () => number = Date.now,
): RetryPolicy {
  const deadline = now() + config.maxTotalMs;
  return retry(
    handleWhen(error => {
      if (!isRetryable(error, idempotent)) {
        return false;
      }
      const retryAfter = (error as GenesysApiError).retryAfterSeconds;
      if (retryAfter !== undefined && retryAfter > config.maxRetryAfterSeconds) {
        return false;
      }
      // Not worth waiting if the wait alone runs past the deadline.
      return now() + (retryAfter ?? 0) * 1000 < deadline;
    }),
    {
      maxAttempts: config.maxAttempts - 1,
      backoff: new DelegateBackoff(
        (context: IRetryBackoffContext<unknown>) => {
          const error =
            'error' in context.result ? context.result.error : undefined;
          return Math.min(
            retryDelayMs(error, context.attempt, config),
            Math.max(0, deadline - now()),
          );
        },
      ),
    },
  );
}
