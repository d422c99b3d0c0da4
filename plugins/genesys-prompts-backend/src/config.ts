import { Config } from '@backstage/config';
import {
  EXPORT_FORMATS,
  ExportFormat,
  GuardThresholds,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GENESYS_REGION_DOMAINS } from './services/GenesysClient/regions';

/** Where and how the client reaches Genesys. */
export interface GenesysConnectionConfig {
  apiBaseUrl: string;
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  requestTimeoutMs: number;
}

/** The `genesysPrompts.emulator` block: a local-development convenience. */
export interface EmulatorConfig {
  enabled: boolean;
  port: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** How the client paces, retries and breaks; every value has a default. */
export interface ResilienceConfig {
  /** Our own ceiling, below whatever the upstream allows. */
  requestsPerMinute: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Give up retrying once this much time has passed since the first attempt. */
  maxTotalMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A 429 asking us to wait longer than this is not waited for. */
  maxRetryAfterSeconds: number;
  /** Consecutive failures that open the circuit. */
  breakerConsecutiveFailures: number;
  /** How long the circuit stays open before one probe is let through. */
  breakerHalfOpenAfterMs: number;
}

/** Reads `genesysPrompts.rateLimit`, `.retry` and `.circuitBreaker`. */
export function readResilienceConfig(config: Config): ResilienceConfig {
  const positive = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`genesysPrompts.${key}`) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `Invalid config value at 'genesysPrompts.${key}': must be a positive number`,
      );
    }
    return value;
  };
  return {
    requestsPerMinute: positive('rateLimit.requestsPerMinute', 300),
    maxAttempts: Math.floor(positive('retry.maxAttempts', 4)),
    maxTotalMs: positive('retry.maxTotalMs', 60_000),
    initialDelayMs: positive('retry.initialDelayMs', 250),
    maxDelayMs: positive('retry.maxDelayMs', 8_000),
    maxRetryAfterSeconds: 180,
    breakerConsecutiveFailures: Math.floor(
      positive('circuitBreaker.consecutiveFailures', 5),
    ),
    breakerHalfOpenAfterMs: positive('circuitBreaker.halfOpenAfterMs', 30_000),
  };
}

/** Reads `genesysPrompts.emulator`; the emulator is off unless enabled. */
export function readEmulatorConfig(config: Config): EmulatorConfig {
  return {
    enabled:
      config.getOptionalBoolean('genesysPrompts.emulator.enabled') ?? false,
    port: config.getOptionalNumber('genesysPrompts.emulator.port') ?? 0,
  };
}

/**
 * Reads the connection settings, failing at start-up (not at the first
 * request) with a message that names the config key at fault.
 */
export function readConnectionConfig(config: Config): GenesysConnectionConfig {
  const block = config.getOptionalConfig('genesysPrompts');
  if (!block) {
    throw new Error(
      "Missing required config value at 'genesysPrompts': set genesysPrompts.region, clientId and clientSecret (or genesysPrompts.emulator.enabled for local development)",
    );
  }
  return {
    ...readBaseUrls(block),
    clientId: block.getString('clientId'),
    clientSecret: block.getString('clientSecret'),
    requestTimeoutMs: readRequestTimeoutMs(config),
  };
}

/** `genesysPrompts.requestTimeoutMs`, default 10 s. */
export function readRequestTimeoutMs(config: Config): number {
  const value =
    config.getOptionalNumber('genesysPrompts.requestTimeoutMs') ??
    DEFAULT_REQUEST_TIMEOUT_MS;
  if (!(value > 0)) {
    throw new Error(
      "Invalid config value at 'genesysPrompts.requestTimeoutMs': must be a positive number of milliseconds",
    );
  }
  return value;
}

function readBaseUrls(block: Config): {
  apiBaseUrl: string;
  loginBaseUrl: string;
} {
  const region = block.getOptionalString('region');
  const apiOverride = block.getOptionalString('apiBaseUrl');
  const loginOverride = block.getOptionalString('loginBaseUrl');
  let domain: string | undefined;
  if (region !== undefined) {
    domain = GENESYS_REGION_DOMAINS[region];
    if (!domain) {
      throw new Error(
        `Invalid config value at 'genesysPrompts.region': unknown region '${region}'; expected one of ${Object.keys(
          GENESYS_REGION_DOMAINS,
        ).join(', ')}`,
      );
    }
  } else if (!apiOverride || !loginOverride) {
    throw new Error(
      "Missing required config value at 'genesysPrompts.region' (or both 'genesysPrompts.apiBaseUrl' and 'genesysPrompts.loginBaseUrl')",
    );
  }
  return {
    apiBaseUrl: checkedUrl(
      apiOverride ?? `https://api.${domain}`,
      'genesysPrompts.apiBaseUrl',
    ),
    loginBaseUrl: checkedUrl(
      loginOverride ?? `https://login.${domain}`,
      'genesysPrompts.loginBaseUrl',
    ),
  };
}

function checkedUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid config value at '${key}': '${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid config value at '${key}': must be an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

/** How long upstream reads (the prompt listing, metrics) are cached. */
export function readCacheTtlMs(config: Config): number {
  return readSeconds(config, 'genesysPrompts.cache.ttlSeconds', 60) * 1000;
}

/** How long an allowed access check is reused by the same token. */
export function readGrantTtlMs(config: Config): number {
  return readSeconds(config, 'genesysPrompts.cache.grantTtlSeconds', 10) * 1000;
}

function readSeconds(config: Config, key: string, fallback: number): number {
  const seconds = config.getOptionalNumber(key) ?? fallback;
  if (!(seconds >= 0)) {
    throw new Error(
      `Invalid config value at '${key}': must be zero or a positive number of seconds`,
    );
  }
  return seconds;
}

/** The guard's defaults and per-prompt overrides (`genesysPrompts.guard`). */
export interface GuardConfig {
  enabled: boolean;
  defaults: GuardThresholds;
  /** Overrides by prompt name. */
  prompts: Map<string, Partial<GuardThresholds>>;
}

/** Defaults of the guard: a deploy is judged on half an hour either side. */
export const DEFAULT_GUARD_THRESHOLDS: GuardThresholds = {
  maxSuccessRateDrop: 0.05,
  maxP95LatencyIncrease: 0.5,
  maxErrorRate: 0.2,
  minRequests: 100,
  windowSeconds: 1800,
};

const THRESHOLD_LIMITS: Record<keyof GuardThresholds, [number, number]> = {
  maxSuccessRateDrop: [0, 1],
  maxP95LatencyIncrease: [0, 100],
  maxErrorRate: [0, 1],
  minRequests: [1, 1e9],
  windowSeconds: [1, 7 * 86400],
};

/** Reads `genesysPrompts.guard`, naming the key at fault. */
export function readGuardConfig(config: Config): GuardConfig {
  const block = config.getOptionalConfig('genesysPrompts.guard');
  const prompts = new Map<string, Partial<GuardThresholds>>();
  for (const [index, item] of (
    block?.getOptionalConfigArray('prompts') ?? []
  ).entries()) {
    prompts.set(
      item.getString('name'),
      readThresholds(item, `genesysPrompts.guard.prompts[${index}]`),
    );
  }
  return {
    enabled: block?.getOptionalBoolean('enabled') ?? true,
    defaults: {
      ...DEFAULT_GUARD_THRESHOLDS,
      ...(block ? readThresholds(block, 'genesysPrompts.guard') : {}),
    },
    prompts,
  };
}

function readThresholds(
  block: Config,
  path: string,
): Partial<GuardThresholds> {
  const result: Partial<GuardThresholds> = {};
  for (const key of Object.keys(THRESHOLD_LIMITS) as Array<
    keyof GuardThresholds
  >) {
    const value = block.getOptionalNumber(key);
    if (value === undefined) continue;
    const [min, max] = THRESHOLD_LIMITS[key];
    if (!(value >= min && value <= max)) {
      throw new Error(
        `Invalid config value at '${path}.${key}': must be between ${min} and ${max}`,
      );
    }
    result[key] = value;
  }
  return result;
}

/** How experiment results are computed (`genesysPrompts.experiments`). */
export interface ExperimentConfig {
  /** Results cover at most this many most recent days of the experiment. */
  analysisWindowDays: number;
  /** The smallest success-rate difference the sample-size estimate aims to detect. */
  minDetectableEffect: number;
}

export function readExperimentConfig(config: Config): ExperimentConfig {
  const block = config.getOptionalConfig('genesysPrompts.experiments');
  const days = block?.getOptionalNumber('analysisWindowDays') ?? 7;
  const effect = block?.getOptionalNumber('minDetectableEffect') ?? 0.02;
  if (!(days > 0 && days <= 90)) {
    throw new Error(
      "Invalid config value at 'genesysPrompts.experiments.analysisWindowDays': must be between 0 and 90",
    );
  }
  if (!(effect > 0 && effect < 1)) {
    throw new Error(
      "Invalid config value at 'genesysPrompts.experiments.minDetectableEffect': must be a fraction between 0 and 1",
    );
  }
  return { analysisWindowDays: days, minDetectableEffect: effect };
}

/** An admin-configured export target; the only URLs exports ever call. */
export interface ExportTarget {
  name: string;
  url: string;
  /** Sent with every export; values usually come from environment variables. */
  headers: Record<string, string>;
  format: ExportFormat;
  timeoutMs: number;
}

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Reads `genesysPrompts.exportTargets`, naming the key at fault. */
export function readExportTargets(config: Config): ExportTarget[] {
  const items = config.getOptionalConfigArray('genesysPrompts.exportTargets') ?? [];
  const targets = items.map((item, index): ExportTarget => {
    const at = `genesysPrompts.exportTargets[${index}]`;
    const name = item.getString('name');
    if (!TARGET_NAME.test(name)) {
      throw new Error(
        `Invalid config value at '${at}.name': use 1-64 letters, digits, '.', '_' or '-'`,
      );
    }
    const format = item.getOptionalString('format') ?? 'generic';
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
      throw new Error(
        `Invalid config value at '${at}.format': '${format}' is not one of ${EXPORT_FORMATS.join(', ')}`,
      );
    }
    const headersBlock = item.getOptionalConfig('headers');
    const headers: Record<string, string> = {};
    for (const key of headersBlock?.keys() ?? []) {
      headers[key] = headersBlock!.getString(key);
    }
    const timeoutMs = item.getOptionalNumber('timeoutMs') ?? 10_000;
    if (!(timeoutMs > 0)) {
      throw new Error(`Invalid config value at '${at}.timeoutMs': must be a positive number`);
    }
    return {
      name,
      url: checkedUrl(item.getString('url'), `${at}.url`),
      headers,
      format: format as ExportFormat,
      timeoutMs,
    };
  });
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.name)) {
      throw new Error(
        `Invalid config value at 'genesysPrompts.exportTargets': the name '${target.name}' is used twice`,
      );
    }
    seen.add(target.name);
  }
  return targets;
}

/** `genesysPrompts.audit`: forwarding to Genesys is off unless enabled. */
export function readAuditForwardingEnabled(config: Config): boolean {
  return (
    config.getOptionalBoolean('genesysPrompts.audit.forwardToGenesys') ?? false
  );
}
