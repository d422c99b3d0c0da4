import { Timeline } from './timeline';

/** How one prompt behaves when it serves a conversation. */
export interface TrafficProfile {
  latencyMedianMs: number;
  /** Sigma of the log-normal latency distribution. */
  latencySigma: number;
  /** Probability that a call succeeds. */
  successRate: number;
  tokensMean: number;
  tokensSd: number;
}

/**
 * How a template performs: the first rule whose `templateIncludes` occurs in
 * the template deployed at a conversation's time overrides the prompt's profile.
 * Rules are timeless (they describe templates, not moments), so changing them
 * changes past conversations too.
 */
export interface TrafficRule {
  /** Only this prompt; absent = any prompt. */
  promptId?: string;
  /** Substring of the template; '' matches every stored prompt. */
  templateIncludes: string;
  profile: Partial<TrafficProfile>;
}

/**
 * The traffic of one prompt. With neither rate it has no conversations of its
 * own, and only sets the profile it serves with when another prompt routes to it.
 */
export interface TrafficPromptConfig {
  /** Flat Poisson arrival rate, no daily curve (e.g. 200 for a busy test). */
  ratePerSecond?: number;
  /** Conversations per hour at the peak of the office-hours curve (quieter nights and weekends). */
  peakPerHour?: number;
  /** Overrides of the default profile. */
  profile?: Partial<TrafficProfile>;
  /** ISO 8601 instant the entry takes effect; default the moment it is configured. */
  startsAt?: string;
}

/** Synthetic traffic: per-prompt streams and profiles, and template rules. */
export interface EmulatorTrafficConfig {
  /** By prompt id; in a merge, `null` stops that prompt's entry. */
  prompts?: Record<string, TrafficPromptConfig | null>;
  rules?: TrafficRule[];
}

/** The profile of a prompt nobody configured. */
export const DEFAULT_TRAFFIC_PROFILE: TrafficProfile = {
  latencyMedianMs: 800,
  latencySigma: 0.35,
  successRate: 0.98,
  tokensMean: 500,
  tokensSd: 120,
};

/** Highest accepted `ratePerSecond` (a minute of it is one generation bucket). */
export const MAX_RATE_PER_SECOND = 10_000;

/** How conversations arrive at a prompt; `key` names the random draws, so equal arrivals give equal conversations. */
export type Arrival =
  | { kind: 'flat'; perSecond: number; key: string }
  | { kind: 'daily'; peakPerHour: number; key: string };

/** One configured entry, resolved. */
export interface TrafficSegment {
  config: TrafficPromptConfig & { startsAt: string };
  arrival?: Arrival;
  profile: TrafficProfile;
}

/** Thrown for traffic JSON that does not have the documented shape. */
export class InvalidTrafficError extends Error {}

/**
 * The traffic configuration with its history: each prompt's entries take
 * effect from their `startsAt` (default: when configured), so a change does
 * not rewrite earlier conversations unless it asks to with a past `startsAt`.
 */
export class TrafficSettings {
  private readonly timelines = new Map<
    string,
    Timeline<TrafficSegment | null>
  >();
  private rules: TrafficRule[] = [];
  private changes = 0;

  /** Bumped on every change, so caches of past results know to drop them. */
  get version(): number {
    return this.changes;
  }

  /** The entries currently configured (the latest per prompt) and the rules. */
  current(): Required<EmulatorTrafficConfig> {
    const prompts: Record<string, TrafficPromptConfig> = {};
    for (const [promptId, timeline] of this.timelines) {
      const latest = timeline.last()?.value;
      if (latest) prompts[promptId] = structuredClone(latest.config);
    }
    return { prompts, rules: structuredClone(this.rules) };
  }

  /** Replaces the whole configuration: prompts left out stop at `now`. */
  replace(input: unknown, now: number): void {
    const config = parseTrafficConfig(input);
    const prompts = config.prompts ?? {};
    for (const promptId of Object.keys(this.current().prompts)) {
      if (!prompts[promptId]) this.stop(promptId, now);
    }
    this.apply(prompts, now);
    this.rules = config.rules ?? [];
    this.changes += 1;
  }

  /** Merges: each given prompt entry replaces that prompt's (`null` stops it); `rules`, when given, replace the rules. */
  merge(input: unknown, now: number): void {
    const config = parseTrafficConfig(input);
    this.apply(config.prompts ?? {}, now);
    if (config.rules) this.rules = config.rules;
    this.changes += 1;
  }

  clear(): void {
    this.timelines.clear();
    this.rules = [];
    this.changes += 1;
  }

  /** The entry of a prompt in effect at `at`, if any. */
  segmentAt(promptId: string, at: number): TrafficSegment | undefined {
    return this.timelines.get(promptId)?.at(at) ?? undefined;
  }

  /** Prompts whose entries had an arrival rate at some point in [start, end), with those entries. */
  streamsWithin(
    start: number,
    end: number,
  ): Array<{
    promptId: string;
    segments: Array<{ from: number; until: number; arrival: Arrival }>;
  }> {
    const streams = [];
    for (const [promptId, timeline] of this.timelines) {
      const segments = timeline
        .within(start, end)
        .filter(entry => entry.value?.arrival)
        .map(entry => ({
          from: entry.from,
          until: entry.until,
          arrival: entry.value!.arrival!,
        }));
      if (segments.length > 0) streams.push({ promptId, segments });
    }
    return streams;
  }

  /** The first rule for this prompt whose substring occurs in the template. */
  ruleFor(promptId: string, template: string): TrafficRule | undefined {
    return this.rules.find(
      rule =>
        (rule.promptId === undefined || rule.promptId === promptId) &&
        template.includes(rule.templateIncludes),
    );
  }

  private apply(
    prompts: Record<string, TrafficPromptConfig | null>,
    now: number,
  ): void {
    for (const [promptId, entry] of Object.entries(prompts)) {
      if (entry === null) {
        this.stop(promptId, now);
        continue;
      }
      const from = entry.startsAt ? Date.parse(entry.startsAt) : now;
      this.timeline(promptId).set(from, resolveSegment(entry, from));
    }
  }

  private stop(promptId: string, now: number): void {
    const timeline = this.timelines.get(promptId);
    if (timeline?.last()?.value) timeline.set(now, null);
  }

  private timeline(promptId: string): Timeline<TrafficSegment | null> {
    let timeline = this.timelines.get(promptId);
    if (!timeline) {
      timeline = new Timeline();
      this.timelines.set(promptId, timeline);
    }
    return timeline;
  }
}

function resolveSegment(
  entry: TrafficPromptConfig,
  from: number,
): TrafficSegment {
  const segment: TrafficSegment = {
    config: {
      ...structuredClone(entry),
      startsAt: new Date(from).toISOString(),
    },
    profile: { ...DEFAULT_TRAFFIC_PROFILE, ...entry.profile },
  };
  if (entry.ratePerSecond !== undefined && entry.ratePerSecond > 0) {
    segment.arrival = {
      kind: 'flat',
      perSecond: entry.ratePerSecond,
      key: `flat:${entry.ratePerSecond}`,
    };
  } else if (entry.peakPerHour !== undefined && entry.peakPerHour > 0) {
    segment.arrival = {
      kind: 'daily',
      peakPerHour: entry.peakPerHour,
      key: `daily:${entry.peakPerHour}`,
    };
  }
  return segment;
}

const PROFILE_LIMITS: Record<keyof TrafficProfile, [number, number]> = {
  latencyMedianMs: [1, 600_000],
  latencySigma: [0, 5],
  successRate: [0, 1],
  tokensMean: [0, 1_000_000],
  tokensSd: [0, 1_000_000],
};

/** Checks untrusted traffic JSON (control endpoint, options) and returns it typed. */
export function parseTrafficConfig(input: unknown): EmulatorTrafficConfig {
  if (!isObject(input)) fail('traffic must be a JSON object');
  const { prompts, rules, ...unknown } = input as Record<string, unknown>;
  rejectUnknown(unknown, 'traffic', 'prompts, rules');
  const config: EmulatorTrafficConfig = {};
  if (prompts !== undefined) {
    if (!isObject(prompts))
      fail('traffic.prompts must be an object by prompt id');
    config.prompts = {};
    for (const [promptId, entry] of Object.entries(
      prompts as Record<string, unknown>,
    )) {
      if (promptId.trim() === '')
        fail('traffic.prompts has an empty prompt id');
      config.prompts[promptId] =
        entry === null ? null : parsePromptEntry(entry, `prompts.${promptId}`);
    }
  }
  if (rules !== undefined) {
    if (!Array.isArray(rules)) fail('traffic.rules must be an array');
    config.rules = (rules as unknown[]).map((rule, index) =>
      parseRule(rule, `rules[${index}]`),
    );
  }
  return config;
}

function parsePromptEntry(value: unknown, at: string): TrafficPromptConfig {
  if (!isObject(value)) fail(`${at} must be an object or null`);
  const { ratePerSecond, peakPerHour, profile, startsAt, ...unknown } =
    value as Record<string, unknown>;
  rejectUnknown(unknown, at, 'ratePerSecond, peakPerHour, profile, startsAt');
  const entry: TrafficPromptConfig = {};
  if (ratePerSecond !== undefined && peakPerHour !== undefined) {
    fail(`${at}: give ratePerSecond or peakPerHour, not both`);
  }
  if (ratePerSecond !== undefined) {
    entry.ratePerSecond = number(ratePerSecond, `${at}.ratePerSecond`, [
      0,
      MAX_RATE_PER_SECOND,
    ]);
  }
  if (peakPerHour !== undefined) {
    entry.peakPerHour = number(peakPerHour, `${at}.peakPerHour`, [
      0,
      MAX_RATE_PER_SECOND * 3600,
    ]);
  }
  if (profile !== undefined)
    entry.profile = parseProfile(profile, `${at}.profile`);
  if (startsAt !== undefined) {
    if (
      typeof startsAt !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T/.test(startsAt) ||
      !Number.isFinite(Date.parse(startsAt))
    ) {
      fail(`${at}.startsAt must be an ISO 8601 instant`);
    }
    entry.startsAt = startsAt as string;
  }
  return entry;
}

function parseRule(value: unknown, at: string): TrafficRule {
  if (!isObject(value)) fail(`${at} must be an object`);
  const { promptId, templateIncludes, profile, ...unknown } = value as Record<
    string,
    unknown
  >;
  rejectUnknown(unknown, at, 'promptId, templateIncludes, profile');
  if (typeof templateIncludes !== 'string') {
    fail(`${at}.templateIncludes must be a string`);
  }
  if (promptId !== undefined && typeof promptId !== 'string') {
    fail(`${at}.promptId must be a string`);
  }
  if (profile === undefined) fail(`${at}.profile is required`);
  return {
    ...(promptId !== undefined ? { promptId: promptId as string } : {}),
    templateIncludes: templateIncludes as string,
    profile: parseProfile(profile, `${at}.profile`),
  };
}

function parseProfile(value: unknown, at: string): Partial<TrafficProfile> {
  if (!isObject(value)) fail(`${at} must be an object`);
  const profile: Partial<TrafficProfile> = {};
  for (const [field, raw] of Object.entries(value as Record<string, unknown>)) {
    const limits = PROFILE_LIMITS[field as keyof TrafficProfile];
    if (!limits) {
      fail(
        `unknown field '${at}.${field}'; expected ${Object.keys(
          PROFILE_LIMITS,
        ).join(', ')}`,
      );
    }
    profile[field as keyof TrafficProfile] = number(
      raw,
      `${at}.${field}`,
      limits,
    );
  }
  return profile;
}

function number(value: unknown, at: string, [min, max]: [number, number]) {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max
  ) {
    fail(`${at} must be a number from ${min} to ${max}`);
  }
  return value as number;
}

function rejectUnknown(
  rest: Record<string, unknown>,
  at: string,
  expected: string,
): void {
  const field = Object.keys(rest)[0];
  if (field !== undefined) {
    fail(`unknown field '${at}.${field}'; expected ${expected}`);
  }
}

function fail(message: string): never {
  throw new InvalidTrafficError(message);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
