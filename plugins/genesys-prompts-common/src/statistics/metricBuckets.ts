import type { LatencySummary, MetricsTotals } from '../insightTypes';
import type { GenesysMetricName, GenesysMetricStats } from '../types';

/**
 * Latency of one bucket as the aggregates give it (tAiLatency): count and
 * sum, and the bucket's own exact min/max/percentiles when present.
 * @public
 */
export interface LatencyBucketStats {
  count: number;
  sum: number;
  min?: number;
  max?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

/** One bucket (interval) of a prompt's aggregates. @public */
export interface MetricsBucket {
  /** nAiRequests count. */
  requests: number;
  /** nAiErrors count. */
  errors: number;
  /** nAiTokens sum. */
  tokens: number;
  /** tAiLatency stats. */
  latency: LatencyBucketStats;
}

/** One entry of a bucket's `metrics` array in the contract's aggregates shape. @public */
export interface GenesysBucketMetric {
  metric: GenesysMetricName;
  stats: GenesysMetricStats;
}

/**
 * Reads one `data[]` entry's `metrics` array of the metrics response (see
 * `GenesysMetricsResponse`) into a {@link MetricsBucket}; a metric that is
 * absent counts as 0, unknown metrics are ignored.
 * @public
 */
export function metricsFromGenesysBucket(
  metrics: ReadonlyArray<GenesysBucketMetric>,
): MetricsBucket {
  const stats = (name: GenesysMetricName): GenesysMetricStats =>
    metrics.find(entry => entry.metric === name)?.stats ?? {};
  const latency = stats('tAiLatency');
  return {
    requests: stats('nAiRequests').count ?? 0,
    errors: stats('nAiErrors').count ?? 0,
    tokens: stats('nAiTokens').sum ?? 0,
    latency: {
      count: latency.count ?? 0,
      sum: latency.sum ?? 0,
      ...pickDefined(latency, ['min', 'max', 'p50', 'p95', 'p99']),
    },
  };
}

function pickDefined<K extends keyof GenesysMetricStats>(
  stats: GenesysMetricStats,
  keys: readonly K[],
): Partial<Pick<GenesysMetricStats, K>> {
  const picked: Partial<Pick<GenesysMetricStats, K>> = {};
  for (const key of keys) {
    if (typeof stats[key] === 'number') picked[key] = stats[key];
  }
  return picked;
}

/** A point (value, cumulative probability) of a bucket's approximate CDF. */
type Knot = readonly [value: number, probability: number];

/**
 * The bucket's CDF, approximated piecewise-linearly through its known
 * points (min, 0), (p50, .5), (p95, .95), (p99, .99), (max, 1). Below the
 * first and from the last known point it is 0 and 1: a missing min or max
 * becomes a step there. Without any of them, the mean is a single step.
 */
function bucketKnots(latency: LatencyBucketStats): Knot[] {
  const candidates: Array<[number | undefined, number]> = [
    [latency.min, 0],
    [latency.p50, 0.5],
    [latency.p95, 0.95],
    [latency.p99, 0.99],
    [latency.max, 1],
  ];
  const knots: Knot[] = [];
  for (const [value, probability] of candidates) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const previous = knots[knots.length - 1]?.[0] ?? -Infinity;
    // Inconsistent stats (p95 < p50) must not make the CDF fall.
    knots.push([Math.max(value, previous), probability]);
  }
  if (knots.length === 0) knots.push([latency.sum / latency.count, 1]);
  return knots;
}

function cdfAt(knots: readonly Knot[], x: number): number {
  if (x < knots[0][0]) return 0;
  const last = knots.length - 1;
  if (x >= knots[last][0]) return 1;
  let j = 0;
  while (knots[j + 1][0] <= x) j++;
  const [x0, p0] = knots[j];
  const [x1, p1] = knots[j + 1];
  return p0 + ((p1 - p0) * (x - x0)) / (x1 - x0);
}

interface MixtureComponent {
  weight: number;
  knots: Knot[];
}

/** The smallest x whose mixture CDF reaches q, by bisection. */
function mixtureQuantile(
  components: readonly MixtureComponent[],
  q: number,
): number {
  const totalWeight = components.reduce((sum, c) => sum + c.weight, 0);
  const mixtureCdf = (x: number) =>
    components.reduce((sum, c) => sum + c.weight * cdfAt(c.knots, x), 0) /
    totalWeight;
  let low = Math.min(...components.map(c => c.knots[0][0]));
  let high = Math.max(...components.map(c => c.knots[c.knots.length - 1][0]));
  if (mixtureCdf(low) >= q) return low;
  // Invariant: mixtureCdf(low) < q <= mixtureCdf(high).
  const tolerance = 1e-9 * Math.max(1, Math.abs(high));
  for (let step = 0; step < 200 && high - low > tolerance; step++) {
    const middle = (low + high) / 2;
    if (mixtureCdf(middle) >= q) high = middle;
    else low = middle;
  }
  return high;
}

const PERCENTILES = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

function combineLatency(buckets: readonly MetricsBucket[]): LatencySummary {
  const withLatency = buckets.filter(bucket => bucket.latency.count > 0);
  const count = withLatency.reduce((sum, b) => sum + b.latency.count, 0);
  if (count === 0) return { avg: null, p50: null, p95: null, p99: null };
  const sum = withLatency.reduce((total, b) => total + b.latency.sum, 0);

  const components = withLatency.map(bucket => ({
    weight: bucket.latency.count,
    knots: bucketKnots(bucket.latency),
  }));
  // A single bucket's own percentiles are exact: keep them.
  const own = withLatency.length === 1 ? withLatency[0].latency : undefined;
  const percentile = (key: 'p50' | 'p95' | 'p99', q: number) =>
    own?.[key] ?? mixtureQuantile(components, q);

  const summary: LatencySummary = {
    avg: sum / count,
    p50: null,
    p95: null,
    p99: null,
  };
  for (const [key, q] of PERCENTILES) summary[key] = percentile(key, q);
  return summary;
}

/**
 * Totals over a range from its buckets' aggregates: requests, errors and
 * tokens summed; success rate 1 − errors/requests (null without requests);
 * average latency Σsum/Σcount, exact.
 *
 * The range's p50/p95/p99 cannot be derived exactly from the buckets'
 * percentiles. They are estimated as the quantiles of the mixture of the
 * buckets' latency distributions, each weighted by its count and
 * approximated piecewise-linearly through (min, 0), (p50, .5), (p95, .95),
 * (p99, .99), (max, 1), solved by bisection. When only one bucket has
 * latencies, its own percentiles are returned exactly.
 *
 * @public
 */
export function combineMetricBuckets(
  buckets: readonly MetricsBucket[],
): MetricsTotals {
  const requests = buckets.reduce((sum, b) => sum + b.requests, 0);
  const errors = buckets.reduce((sum, b) => sum + b.errors, 0);
  const tokens = buckets.reduce((sum, b) => sum + b.tokens, 0);
  // Errors and requests are separate metrics; clamping keeps a skewed bucket in range.
  const successRate =
    requests > 0 ? Math.min(1, Math.max(0, 1 - errors / requests)) : null;
  return {
    requests,
    errors,
    successRate,
    tokens,
    latencyMs: combineLatency(buckets),
  };
}

/** The totals of a single bucket (its own percentiles, exact). @public */
export function bucketTotals(bucket: MetricsBucket): MetricsTotals {
  return combineMetricBuckets([bucket]);
}
