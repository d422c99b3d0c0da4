import { ConversationDetail, MetricBucket } from './types';
import { fnv1a, normal, poisson, randomUuid, seededRandom } from './prng';

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

/** A variant of a stream's experiment, with its share of conversations. */
export interface TrafficVariant {
  promptId: string;
  weight: number;
  profile: TrafficProfile;
}

/**
 * The conversations arriving at one primary prompt. With an experiment, each
 * conversation is assigned to a variant by hashing its id into [0, 100).
 */
export interface TrafficStream {
  primaryId: string;
  /** Conversations per hour at the daily peak. */
  peakPerHour: number;
  /** No traffic before this instant (epoch ms). */
  startsAt: number;
  profile: TrafficProfile;
  experiment?: { since: number; variants: TrafficVariant[] };
}

interface Generated {
  at: number;
  detail: ConversationDetail;
}

const HOUR_MS = 3_600_000;
// Generated hours kept (a month of every demo stream); older ones are regenerated.
const CACHE_HOURS = 3_000;

/**
 * Synthetic traffic computed on the fly: the conversations of (stream, hour)
 * come from a PRNG keyed by the seed, the stream and the hour, so any interval
 * gives the same conversations on every run. Nothing after `now` exists.
 */
export class TrafficGenerator {
  private readonly cache = new Map<string, Generated[]>();

  constructor(
    private readonly seed: number,
    private readonly streams: TrafficStream[],
    private readonly now: () => number,
  ) {}

  /** Conversations with start in [start, end), optionally only these prompts, oldest first. */
  conversations(
    start: number,
    end: number,
    promptIds?: ReadonlySet<string>,
  ): ConversationDetail[] {
    const cutoff = Math.min(end, this.now() + 1);
    const result: Generated[] = [];
    for (const stream of this.streams) {
      if (promptIds && !streamServes(stream, promptIds)) continue;
      const first = Math.max(floorHour(start), floorHour(stream.startsAt));
      for (let hour = first; hour < cutoff; hour += HOUR_MS) {
        for (const item of this.hour(stream, hour)) {
          if (item.at < start || item.at >= cutoff) continue;
          if (promptIds && !promptIds.has(item.detail.aiPromptId)) continue;
          result.push(item);
        }
      }
    }
    result.sort(
      (a, b) =>
        a.at - b.at ||
        (a.detail.conversationId < b.detail.conversationId ? -1 : 1),
    );
    return result.map(item => ({ ...item.detail }));
  }

  private hour(stream: TrafficStream, hourStart: number): Generated[] {
    const key = `${stream.primaryId}|${hourStart}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const generated = this.generateHour(stream, hourStart);
    if (this.cache.size >= CACHE_HOURS) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, generated);
    return generated;
  }

  private generateHour(stream: TrafficStream, hourStart: number): Generated[] {
    const random = seededRandom(
      `${this.seed}|${stream.primaryId}|${hourStart}`,
    );
    const count = poisson(random, stream.peakPerHour * loadFactor(hourStart));
    const items: Generated[] = [];
    for (let i = 0; i < count; i++) {
      const at = hourStart + Math.floor(random() * HOUR_MS);
      const conversationId = randomUuid(random);
      const variant = assignVariant(stream, conversationId, at);
      const outcome = serve(variant.profile, random);
      if (at < stream.startsAt) continue;
      items.push({
        at,
        detail: {
          conversationId,
          conversationStart: new Date(at).toISOString(),
          aiPromptId: variant.promptId,
          ...outcome,
        },
      });
    }
    return items.sort((a, b) => a.at - b.at);
  }
}

function streamServes(
  stream: TrafficStream,
  ids: ReadonlySet<string>,
): boolean {
  if (ids.has(stream.primaryId)) return true;
  return (stream.experiment?.variants ?? []).some(v => ids.has(v.promptId));
}

function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Office-hours curve (UTC) with quieter weekends; 0.2 at night, 1 at the daily peak. */
function loadFactor(hourStart: number): number {
  const date = new Date(hourStart);
  const hour = date.getUTCHours() + 0.5;
  const daytime =
    hour > 6 && hour < 20 ? Math.sin((Math.PI * (hour - 6)) / 14) : 0;
  const weekday = date.getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.5 : 1;
  return (0.2 + 0.8 * daytime) * weekend;
}

/** Sticky assignment: the conversation id hashed into [0, 100) picks the variant. */
function assignVariant(
  stream: TrafficStream,
  conversationId: string,
  at: number,
): { promptId: string; profile: TrafficProfile } {
  const experiment = stream.experiment;
  if (!experiment || at < experiment.since) {
    return { promptId: stream.primaryId, profile: stream.profile };
  }
  const slot = fnv1a(conversationId) % 100;
  let cumulative = 0;
  for (const variant of experiment.variants) {
    cumulative += variant.weight;
    if (slot < cumulative) return variant;
  }
  return { promptId: stream.primaryId, profile: stream.profile };
}

/** One model call: a third of failures are slow timeouts, the rest fail fast. */
function serve(
  profile: TrafficProfile,
  random: () => number,
): { aiLatency: number; aiTokensUsed: number; aiSuccess: boolean } {
  const success = random() < profile.successRate;
  const z = normal(random);
  const latency = profile.latencyMedianMs * Math.exp(profile.latencySigma * z);
  const tokens = profile.tokensMean + profile.tokensSd * normal(random);
  const timeout = random() < 1 / 3;
  if (success) {
    return {
      aiLatency: Math.max(40, Math.round(latency)),
      aiTokensUsed: Math.max(20, Math.round(tokens)),
      aiSuccess: true,
    };
  }
  return {
    aiLatency: timeout
      ? 8000 + Math.round(random() * 4000)
      : Math.max(30, Math.round(latency * 0.3)),
    aiTokensUsed: timeout ? 0 : Math.max(10, Math.round(tokens * 0.15)),
    aiSuccess: false,
  };
}

/** Aggregates conversations into the contract's four metrics. */
export function aggregate(
  conversations: ConversationDetail[],
): MetricBucket['metrics'] {
  const count = conversations.length;
  const latencies = conversations.map(c => c.aiLatency).sort((a, b) => a - b);
  const errors = conversations.filter(c => !c.aiSuccess).length;
  const tokens = conversations.reduce((sum, c) => sum + c.aiTokensUsed, 0);
  const latencySum = latencies.reduce((sum, value) => sum + value, 0);
  const latencyStats =
    count === 0
      ? { count: 0, sum: 0 }
      : {
          count,
          sum: latencySum,
          min: latencies[0],
          max: latencies[count - 1],
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
        };
  return [
    { metric: 'nAiRequests', stats: { count } },
    { metric: 'nAiErrors', stats: { count: errors } },
    { metric: 'tAiLatency', stats: latencyStats },
    { metric: 'nAiTokens', stats: { sum: tokens, count } },
  ];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
