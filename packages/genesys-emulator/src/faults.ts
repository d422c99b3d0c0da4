import { RateLimitSettings } from './rateLimit';

/** Which requests a fault applies to; both fields optional. */
export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Prefix of the URL path, e.g. `/api/v2/ai/llm/prompts` or `/oauth/token`. */
  path?: string;
}

/** What every fault shares: how many requests it hits and which ones. */
export interface FaultScope {
  /** Apply to the next N matching requests, then clear; absent = until cleared. */
  count?: number;
  match?: FaultMatch;
}

/** Injected 429 responses. */
export interface TooManyRequestsFault extends FaultScope {
  /** Send a `Retry-After` header; default true. */
  withRetryAfter?: boolean;
  /** `Retry-After` value in whole seconds; default 1. */
  retryAfterSeconds?: number;
}

/** Injected 5xx responses with an ErrorBody. */
export interface ServerErrorFault extends FaultScope {
  /** Default 503. */
  status?: 500 | 502 | 503 | 504;
}

/** Delay before the request is handled (it is still applied afterwards). */
export interface LatencyFault extends FaultScope {
  ms: number;
}

/**
 * Faults to inject. Per request they are considered in this order:
 * latency, hang, resetBeforeApply, tooManyRequests, serverError,
 * expireTokens, then normal handling, then resetAfterApply, malformedJson.
 */
export interface EmulatorFaults {
  /** Overrides the rate limit the emulator was started with. */
  rateLimit?: RateLimitSettings;
  tooManyRequests?: TooManyRequestsFault;
  serverError?: ServerErrorFault;
  latency?: LatencyFault;
  /** Never answer; the socket stays open until the client gives up or the emulator closes. */
  hang?: FaultScope;
  /** Destroy the socket before the request is applied. */
  resetBeforeApply?: FaultScope;
  /** Apply the request, then destroy the socket instead of answering. */
  resetAfterApply?: FaultScope;
  /** Revoke every issued token just before the matching request is authenticated. */
  expireTokens?: FaultScope;
  /** Answer with the real status but a truncated, unparseable JSON body. */
  malformedJson?: FaultScope;
}

/** The faults that hit individual requests (everything but `rateLimit`). */
export type FaultKind = Exclude<keyof EmulatorFaults, 'rateLimit'>;

const FAULT_KINDS: FaultKind[] = [
  'tooManyRequests',
  'serverError',
  'latency',
  'hang',
  'resetBeforeApply',
  'resetAfterApply',
  'expireTokens',
  'malformedJson',
];

type FaultSpec<K extends FaultKind> = NonNullable<EmulatorFaults[K]>;

/** Holds the active faults and consumes their counts. */
export class FaultController {
  private faults: EmulatorFaults = {};

  get(): EmulatorFaults {
    return structuredClone(this.faults);
  }

  replace(faults: EmulatorFaults): void {
    this.faults = structuredClone(parseFaults(faults));
  }

  merge(faults: EmulatorFaults): void {
    this.faults = { ...this.faults, ...structuredClone(parseFaults(faults)) };
  }

  clear(): void {
    this.faults = {};
  }

  rateLimit(): RateLimitSettings | undefined {
    return this.faults.rateLimit;
  }

  /**
   * The fault of this kind if it matches the request; counts one use and
   * clears the fault when its count runs out.
   */
  take<K extends FaultKind>(
    kind: K,
    request: { method: string; path: string },
  ): FaultSpec<K> | undefined {
    const spec = this.faults[kind] as FaultSpec<K> | undefined;
    if (!spec || !matches(spec.match, request)) return undefined;
    if (spec.count !== undefined) {
      spec.count -= 1;
      if (spec.count <= 0) delete this.faults[kind];
    }
    return spec;
  }
}

function matches(
  match: FaultMatch | undefined,
  request: { method: string; path: string },
): boolean {
  if (!match) return true;
  if (
    match.method &&
    match.method.toUpperCase() !== request.method.toUpperCase()
  ) {
    return false;
  }
  if (match.path && !request.path.startsWith(match.path)) return false;
  return true;
}

/** Thrown for fault JSON that does not have the documented shape. */
export class InvalidFaultsError extends Error {}

/** Checks untrusted fault JSON (control endpoint) and returns it typed. */
export function parseFaults(input: unknown): EmulatorFaults {
  const fail = (message: string): never => {
    throw new InvalidFaultsError(message);
  };
  if (!isObject(input)) fail('faults must be a JSON object');
  const source = input as Record<string, unknown>;
  const result: EmulatorFaults = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || value === null) continue;
    if (key === 'rateLimit') {
      if (!isObject(value)) fail('rateLimit must be an object');
      const { allowed, windowSeconds } = value as Record<string, unknown>;
      if (!isPositiveInteger(allowed)) {
        fail('rateLimit.allowed must be a positive integer');
      }
      if (typeof windowSeconds !== 'number' || !(windowSeconds > 0)) {
        fail('rateLimit.windowSeconds must be a positive number');
      }
      result.rateLimit = {
        allowed: allowed as number,
        windowSeconds: windowSeconds as number,
      };
      continue;
    }
    if (!(FAULT_KINDS as string[]).includes(key)) {
      fail(
        `unknown fault '${key}'; expected rateLimit or one of ${FAULT_KINDS.join(
          ', ',
        )}`,
      );
    }
    if (!isObject(value)) fail(`${key} must be an object`);
    const spec = value as Record<string, unknown>;
    const parsed: Record<string, unknown> = {};
    if (spec.count !== undefined) {
      if (!isPositiveInteger(spec.count))
        fail(`${key}.count must be a positive integer`);
      parsed.count = spec.count;
    }
    if (spec.match !== undefined) {
      if (!isObject(spec.match)) fail(`${key}.match must be an object`);
      const { method, path } = spec.match as Record<string, unknown>;
      if (method !== undefined && typeof method !== 'string') {
        fail(`${key}.match.method must be a string`);
      }
      if (path !== undefined && typeof path !== 'string') {
        fail(`${key}.match.path must be a string`);
      }
      parsed.match = {
        ...(method !== undefined ? { method } : {}),
        ...(path !== undefined ? { path } : {}),
      };
    }
    switch (key as FaultKind) {
      case 'tooManyRequests':
        if (spec.withRetryAfter !== undefined) {
          if (typeof spec.withRetryAfter !== 'boolean') {
            fail('tooManyRequests.withRetryAfter must be a boolean');
          }
          parsed.withRetryAfter = spec.withRetryAfter;
        }
        if (spec.retryAfterSeconds !== undefined) {
          if (!isNonNegativeInteger(spec.retryAfterSeconds)) {
            fail(
              'tooManyRequests.retryAfterSeconds must be a non-negative integer',
            );
          }
          parsed.retryAfterSeconds = spec.retryAfterSeconds;
        }
        break;
      case 'serverError':
        if (spec.status !== undefined) {
          if (![500, 502, 503, 504].includes(spec.status as number)) {
            fail('serverError.status must be one of 500, 502, 503, 504');
          }
          parsed.status = spec.status;
        }
        break;
      case 'latency':
        if (!isNonNegativeInteger(spec.ms)) {
          fail('latency.ms must be a non-negative integer');
        }
        parsed.ms = spec.ms;
        break;
      default:
        break;
    }
    (result as Record<string, unknown>)[key] = parsed;
  }
  return result;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

function isNonNegativeInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}
