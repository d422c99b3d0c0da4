import { formatInterval } from './interval';
import { PromptRevisionRecord, PromptStore } from './promptStore';
import { RoutingStore } from './routingStore';
import {
  DEFAULT_TRAFFIC_PROFILE,
  TrafficProfile,
  TrafficSegment,
  TrafficSettings,
} from './trafficConfig';
import { BUCKET_MS, DrawBucket, DrawCache } from './trafficDraws';
import {
  ConversationDetail,
  MetricBucket,
  MetricsResponse,
  RoutingVariant,
} from './types';

// Local aliases: Jest runs the emulator in a vm context, where every global
// lookup is slow, and these run for every conversation.
const { ceil, exp, floor, max, min, round } = Math;

/** The state the traffic replays: what was deployed when, and the traffic configuration. */
export interface TrafficSources {
  prompts: PromptStore;
  routing: RoutingStore;
  settings: TrafficSettings;
}

type Outcome = Pick<
  ConversationDetail,
  'aiLatency' | 'aiTokensUsed' | 'aiSuccess'
>;

/** A conversation found in the draws, with the prompt it landed on. */
type Visit = (
  bucket: DrawBucket,
  index: number,
  promptId: string,
  revision: PromptRevisionRecord | undefined,
) => void;

// Profile-memo keys for "no configured entry" and for prompt ids the store never held.
const UNCONFIGURED = {};
const unknownPromptKeys = new Map<string, object>();

/** A stable key for a prompt id the prompt store never held. */
function unknownPromptKey(promptId: string): object {
  let key = unknownPromptKeys.get(promptId);
  if (!key) {
    key = {};
    if (unknownPromptKeys.size > 10_000) unknownPromptKeys.clear();
    unknownPromptKeys.set(promptId, key);
  }
  return key;
}

/** Sticky assignment: slot s of [0, 100) goes to the variant whose cumulative weights cover it. */
function slotTable(primaryId: string, variants: RoutingVariant[]): string[] {
  const table = new Array<string>(100).fill(primaryId);
  let slot = 0;
  for (const variant of variants) {
    for (let k = 0; k < variant.weight && slot < 100; k++) {
      table[slot++] = variant.promptId;
    }
  }
  return table;
}

/** One model call: a third of failures are slow timeouts, the rest fail fast. */
function serve(
  profile: TrafficProfile,
  bucket: DrawBucket,
  i: number,
): Outcome {
  const latency =
    profile.latencyMedianMs *
    exp(profile.latencySigma * bucket.latencyNormal(i));
  const tokens = profile.tokensMean + profile.tokensSd * bucket.tokensNormal(i);
  if (bucket.successDraw(i) < profile.successRate) {
    return {
      aiLatency: max(40, round(latency)),
      aiTokensUsed: max(20, round(tokens)),
      aiSuccess: true,
    };
  }
  const timeout = bucket.timeoutDraw(i) < 1 / 3;
  return {
    aiLatency: timeout
      ? 8000 + round(bucket.timeoutLatencyDraw(i) * 4000)
      : max(30, round(latency * 0.3)),
    aiTokensUsed: timeout ? 0 : max(10, round(tokens * 0.15)),
    aiSuccess: false,
  };
}

/** Conversations picked from the draws, in parallel arrays (cheaper than an object each). */
interface Picked {
  buckets: DrawBucket[];
  indices: number[];
  promptIds: string[];
}

/**
 * A sorted selection of conversations; details are computed only for the
 * conversations asked for, so a page of a large selection stays cheap.
 */
export class ConversationSet {
  constructor(
    private readonly picked: Picked,
    private readonly describe: (
      bucket: DrawBucket,
      index: number,
      promptId: string,
    ) => ConversationDetail,
  ) {}

  get length(): number {
    return this.picked.indices.length;
  }

  /** Conversations [offset, offset + size) in the given order. */
  page(
    offset: number,
    size: number,
    order: 'asc' | 'desc',
  ): ConversationDetail[] {
    const result: ConversationDetail[] = [];
    for (let k = offset; k < min(offset + size, this.length); k++) {
      const i = order === 'asc' ? k : this.length - 1 - k;
      result.push(
        this.describe(
          this.picked.buckets[i],
          this.picked.indices[i],
          this.picked.promptIds[i],
        ),
      );
    }
    return result;
  }
}

/** Merges time-sorted selections pairwise (O(n log k) for k streams). */
function mergeAll(lists: Picked[]): Picked {
  if (lists.length === 0) return { buckets: [], indices: [], promptIds: [] };
  let level = lists;
  while (level.length > 1) {
    const next: Picked[] = [];
    for (let k = 0; k < level.length; k += 2) {
      next.push(
        k + 1 < level.length ? merge(level[k], level[k + 1]) : level[k],
      );
    }
    level = next;
  }
  return level[0];
}

function merge(a: Picked, b: Picked): Picked {
  const result: Picked = { buckets: [], indices: [], promptIds: [] };
  const take = (from: Picked, k: number) => {
    result.buckets.push(from.buckets[k]);
    result.indices.push(from.indices[k]);
    result.promptIds.push(from.promptIds[k]);
  };
  let i = 0;
  let j = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const aFirst =
      DrawBucket.compare(
        a.buckets[i],
        a.indices[i],
        b.buckets[j],
        b.indices[j],
      ) <= 0;
    if (aFirst) take(a, i++);
    else take(b, j++);
  }
  while (i < a.indices.length) take(a, i++);
  while (j < b.indices.length) take(b, j++);
  return result;
}

/** Running totals of one metrics bucket. */
class BucketTotals {
  errors = 0;
  tokens = 0;
  latencySum = 0;
  readonly latencies: number[] = [];

  add(outcome: Outcome): void {
    if (!outcome.aiSuccess) this.errors += 1;
    this.tokens += outcome.aiTokensUsed;
    this.latencySum += outcome.aiLatency;
    this.latencies.push(outcome.aiLatency);
  }
}

/** The contract's four metrics of one bucket. */
function summarize(totals: BucketTotals | undefined): MetricBucket['metrics'] {
  const count = totals?.latencies.length ?? 0;
  if (!totals || count === 0) {
    return [
      { metric: 'nAiRequests', stats: { count: 0 } },
      { metric: 'nAiErrors', stats: { count: 0 } },
      { metric: 'tAiLatency', stats: { count: 0, sum: 0 } },
      { metric: 'nAiTokens', stats: { sum: 0, count: 0 } },
    ];
  }
  const latencies = new Float64Array(totals.latencies).sort();
  return [
    { metric: 'nAiRequests', stats: { count } },
    { metric: 'nAiErrors', stats: { count: totals.errors } },
    {
      metric: 'tAiLatency',
      stats: {
        count,
        sum: totals.latencySum,
        min: latencies[0],
        max: latencies[count - 1],
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
      },
    },
    { metric: 'nAiTokens', stats: { sum: totals.tokens, count } },
  ];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = ceil((p / 100) * sorted.length);
  return sorted[min(sorted.length, max(1, rank)) - 1];
}

/**
 * Synthetic traffic computed on the fly. Arrivals are raw random draws per
 * (stream, minute), independent of what is deployed; each conversation's
 * variant comes from the routing in effect at its time, and its outcome from
 * the profile of the revision then deployed (a matching rule overrides the
 * prompt's profile). Nothing at or after `now` exists, so a change made now
 * never alters a conversation anyone has already seen.
 */
export class TrafficGenerator {
  private readonly draws: DrawCache;
  private readonly slotTables = new WeakMap<RoutingVariant[], string[]>();
  private profiles = new WeakMap<object, WeakMap<object, TrafficProfile>>();
  private profilesVersion = -1;

  constructor(
    seed: number,
    private readonly sources: TrafficSources,
    private readonly now: () => number,
  ) {
    this.draws = new DrawCache(seed);
  }

  /**
   * Changes whenever past conversations may have changed (traffic settings,
   * reset). Routing and prompt changes only affect the future, so they keep it.
   */
  get version(): number {
    return this.sources.settings.version;
  }

  /** The end of what exists of [.., end): nothing at or after now. */
  cutoff(end: number): number {
    return min(end, this.now());
  }

  /** Conversations with start in [start, cutoff), landing on these prompts (all when absent), oldest first. */
  select(
    start: number,
    cutoff: number,
    promptIds?: ReadonlySet<string>,
  ): ConversationSet {
    const perStream: Picked[] = [];
    for (const stream of this.streams(start, cutoff, promptIds)) {
      const picked: Picked = { buckets: [], indices: [], promptIds: [] };
      this.visitStream(stream, start, cutoff, promptIds, (bucket, i, id) => {
        picked.buckets.push(bucket);
        picked.indices.push(i);
        picked.promptIds.push(id);
      });
      perStream.push(picked);
    }
    return new ConversationSet(mergeAll(perStream), (bucket, i, promptId) =>
      this.describe(bucket, i, promptId),
    );
  }

  /** The contract's four metrics per prompt and bucket of `step` ms from `start` (the last one cut at `end`). */
  metrics(
    start: number,
    end: number,
    step: number,
    promptIds: string[],
  ): MetricsResponse['results'] {
    const ids = new Set(promptIds);
    const bucketCount = ceil((end - start) / step);
    const totals = new Map(
      promptIds.map(id => [
        id,
        new Array<BucketTotals | undefined>(bucketCount),
      ]),
    );
    const cutoff = this.cutoff(end);
    for (const stream of this.streams(start, cutoff, ids)) {
      this.visitStream(
        stream,
        start,
        cutoff,
        ids,
        (bucket, i, id, revision) => {
          const at = bucket.at(i);
          const outcome = serve(this.profile(id, at, revision), bucket, i);
          const series = totals.get(id)!;
          const index = floor((at - start) / step);
          (series[index] ??= new BucketTotals()).add(outcome);
        },
      );
    }
    return promptIds.map(id => ({
      group: { aiPromptId: id },
      data: Array.from({ length: bucketCount }, (_, index) => {
        const bucketStart = start + index * step;
        return {
          interval: formatInterval(bucketStart, min(bucketStart + step, end)),
          metrics: summarize(totals.get(id)![index]),
        };
      }),
    }));
  }

  /** Prompts with an arrival rate in the window whose traffic can reach the wanted prompts. */
  private streams(
    start: number,
    cutoff: number,
    promptIds: ReadonlySet<string> | undefined,
  ) {
    return this.sources.settings
      .streamsWithin(start, cutoff)
      .filter(
        stream =>
          !promptIds ||
          [...this.sources.routing.routedPromptIds(stream.promptId)].some(id =>
            promptIds.has(id),
          ),
      );
  }

  /** Walks a stream's conversations in [start, cutoff) in time order, routed and filtered. */
  private visitStream(
    stream: ReturnType<TrafficSettings['streamsWithin']>[number],
    start: number,
    cutoff: number,
    promptIds: ReadonlySet<string> | undefined,
    visit: Visit,
  ): void {
    for (const segment of stream.segments) {
      const from = max(start, segment.from);
      const until = min(cutoff, segment.until);
      const draws = this.draws.stream(stream.promptId, segment.arrival);
      for (
        let bucketStart = floor(from / BUCKET_MS) * BUCKET_MS;
        bucketStart < until;
        bucketStart += BUCKET_MS
      ) {
        const bucket = this.draws.bucket(draws, bucketStart);
        for (let i = 0; i < bucket.count; i++) {
          const at = bucket.at(i);
          if (at < from) continue;
          if (at >= until) break;
          const promptId = this.landing(stream.promptId, bucket.slot(i), at);
          if (promptIds && !promptIds.has(promptId)) continue;
          const revision = this.sources.prompts.revisionAt(promptId, at);
          // A deleted prompt serves nothing after its deletion.
          if (revision === 'deleted') continue;
          visit(bucket, i, promptId, revision);
        }
      }
    }
  }

  /** The variant the split in effect at `at` assigns to this slot. */
  private landing(primaryId: string, slot: number, at: number): string {
    const variants = this.sources.routing.variantsAt(primaryId, at);
    if (!variants) return primaryId;
    let table = this.slotTables.get(variants);
    if (!table) {
      table = slotTable(primaryId, variants);
      this.slotTables.set(variants, table);
    }
    return table[slot];
  }

  private describe(
    bucket: DrawBucket,
    i: number,
    promptId: string,
  ): ConversationDetail {
    const at = bucket.at(i);
    const revision = this.sources.prompts.revisionAt(promptId, at);
    const profile = this.profile(
      promptId,
      at,
      revision === 'deleted' ? undefined : revision,
    );
    return {
      conversationId: bucket.conversationId(i),
      conversationStart: new Date(at).toISOString(),
      aiPromptId: promptId,
      ...serve(profile, bucket, i),
    };
  }

  /** The prompt's configured profile at `at`, overridden by the first rule matching the template then deployed. */
  private profile(
    promptId: string,
    at: number,
    revision: PromptRevisionRecord | undefined,
  ): TrafficProfile {
    if (this.profilesVersion !== this.version) {
      this.profiles = new WeakMap();
      this.profilesVersion = this.version;
    }
    const segment = this.sources.settings.segmentAt(promptId, at);
    const segmentKey: object = segment ?? UNCONFIGURED;
    let byRevision = this.profiles.get(segmentKey);
    if (!byRevision) {
      byRevision = new WeakMap();
      this.profiles.set(segmentKey, byRevision);
    }
    // A revision belongs to one prompt, so it also stands for the prompt id.
    const revisionKey: object = revision ?? unknownPromptKey(promptId);
    let profile = byRevision.get(revisionKey);
    if (!profile) {
      profile = this.resolveProfile(promptId, segment, revision);
      byRevision.set(revisionKey, profile);
    }
    return profile;
  }

  private resolveProfile(
    promptId: string,
    segment: TrafficSegment | undefined,
    revision: PromptRevisionRecord | undefined,
  ): TrafficProfile {
    const base = segment?.profile ?? DEFAULT_TRAFFIC_PROFILE;
    const rule =
      revision && this.sources.settings.ruleFor(promptId, revision.template);
    return rule ? { ...base, ...rule.profile } : base;
  }
}
