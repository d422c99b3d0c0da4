import type { PromptVersionAction, PromptVersionDetail } from './types';

/* ---- Metrics, experiments and the guard: this plugin's REST API shapes ---- */

/** Bucket sizes the metrics routes accept (ISO 8601 durations). @public */
export type MetricsGranularity = 'PT15M' | 'PT1H' | 'P1D';

/** @public */
export const METRICS_GRANULARITIES: readonly MetricsGranularity[] = [
  'PT15M',
  'PT1H',
  'P1D',
];

/** Latency in milliseconds; null when there were no requests. @public */
export interface LatencySummary {
  avg: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** What a prompt did over an interval. @public */
export interface MetricsTotals {
  requests: number;
  errors: number;
  /** successes / requests; null without requests. */
  successRate: number | null;
  tokens: number;
  latencyMs: LatencySummary;
}

/** One bucket of a time series: [start, end). @public */
export interface MetricsPoint extends MetricsTotals {
  start: string;
  end: string;
}

/** A deploy shown as a marker on the charts (a local version). @public */
export interface DeployMarker {
  versionNo: number;
  action: PromptVersionAction;
  actor: string;
  versionLabel: string;
  at: string;
}

/** One prompt's (or variant's) figures over the requested range. @public */
export interface PromptMetricsSeries {
  promptId: string;
  name: string;
  totals: MetricsTotals;
  series: MetricsPoint[];
}

/** A variant of the running experiment, with its weight. @public */
export interface VariantMetricsSeries extends PromptMetricsSeries {
  weight: number;
}

/**
 * `GET .../prompts/:promptId/metrics?from&to&granularity`.
 * Range percentiles (totals) are estimated from the buckets' percentiles;
 * each bucket's own percentiles are exact.
 * @public
 */
export interface PromptMetricsResponse extends PromptMetricsSeries {
  from: string;
  to: string;
  granularity: MetricsGranularity;
  deploys: DeployMarker[];
  /** When an experiment runs: each variant, the primary first. */
  variants?: VariantMetricsSeries[];
  experimentId?: string;
}

/** Badges the entity metric card shows beside a prompt. @public */
export interface PromptBadges {
  drift: boolean;
  /** The id of the experiment running on this prompt, if any. */
  runningExperimentId?: string;
  /** The newest rollback the guard made, if any within the range. */
  guardRollback?: { at: string; versionNo: number; reason: string };
}

/** `GET /entities/:ns/:kind/:name/metrics?from&to&granularity`: one upstream call for all. @public */
export interface EntityMetricsResponse {
  from: string;
  to: string;
  granularity: MetricsGranularity;
  items: Array<PromptMetricsSeries & PromptBadges>;
}

/* ---- Statistics ---- */

/** Two-proportion z-test of B against A (e.g. success rates). @public */
export interface ProportionComparison {
  method: 'two-proportion-z-test';
  rateA: number;
  rateB: number;
  /** rateB - rateA. */
  difference: number;
  z: number;
  /** Two-sided. */
  pValue: number;
  /** Confidence interval of the difference (unpooled standard error). */
  confidenceInterval: [number, number];
  confidenceLevel: number;
  significant: boolean;
}

/** Rank test of B's latencies against A's. @public */
export interface LatencyComparison {
  method: 'mann-whitney-u';
  medianA: number;
  medianB: number;
  u: number;
  z: number;
  /** Two-sided. */
  pValue: number;
  /** P(a random B request is faster than a random A request), ties counting half. */
  probabilityBFaster: number;
  significant: boolean;
}

/** Samples each variant needs before a difference of `minDetectableEffect` can show. @public */
export interface SampleSizeEstimate {
  perVariant: number;
  baselineRate: number;
  minDetectableEffect: number;
  alpha: number;
  power: number;
}

/* ---- Experiments ---- */

/** @public */
export type ExperimentStatus = 'draft' | 'running' | 'stopped' | 'promoted';

/** Thresholds beyond which the guard undoes a deploy or stops an experiment. @public */
export interface GuardThresholds {
  /** Largest tolerated fall in success rate, as a fraction (0.05 = 5 points). */
  maxSuccessRateDrop: number;
  /** Largest tolerated rise in p95 latency, as a fraction of before (0.5 = +50 %). */
  maxP95LatencyIncrease: number;
  /** Error rate (errors / requests) at or above which the deploy is bad, as a fraction. */
  maxErrorRate: number;
  /** Requests each side needs before the guard judges. */
  minRequests: number;
  /** Length of the before and after windows, in seconds. */
  windowSeconds: number;
}

/** @public */
export interface ExperimentVariant {
  promptId: string;
  name: string;
  weight: number;
}

/** One step of an experiment's history. @public */
export interface ExperimentEvent {
  action: 'create' | 'start' | 'stop' | 'promote' | 'import' | 'guard-stop';
  actor: string;
  at: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/** @public */
export interface Experiment {
  id: string;
  entityRef: string;
  /** The prompt whose routing splits the traffic; variants[0]. */
  primaryPromptId: string;
  status: ExperimentStatus;
  variants: ExperimentVariant[];
  /** Per-experiment guard overrides (unset fields use the configured defaults). */
  guard: Partial<GuardThresholds>;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  stoppedAt?: string;
  /** The variant whose definition became the primary's new version. */
  promotedPromptId?: string;
  history: ExperimentEvent[];
}

/** `POST .../prompts/:promptId/experiments`: the primary is `:promptId` and must be listed. @public */
export interface CreateExperimentRequest {
  variants: Array<{ promptId: string; weight: number }>;
  guard?: Partial<GuardThresholds>;
}

/** `POST .../experiments/:id/promote`. @public */
export interface PromoteExperimentRequest {
  promptId: string;
  reason: string;
}

/** Answer of `POST .../experiments/:id/promote`: the primary's new version. @public */
export interface PromoteExperimentResponse {
  experiment: Experiment;
  version: PromptVersionDetail;
}

/** `POST .../experiments/:id/stop`. @public */
export interface StopExperimentRequest {
  reason?: string;
}

/** One variant compared with the primary. @public */
export interface VariantComparison {
  promptId: string;
  /** The primary. */
  againstPromptId: string;
  successRate: ProportionComparison | null;
  latency: LatencyComparison | null;
  /** False until both sides have the estimated sample size. */
  enoughData: boolean;
}

/** `GET .../experiments/:id/results`. @public */
export interface ExperimentResults {
  experimentId: string;
  from: string;
  to: string;
  variants: Array<ExperimentVariant & { totals: MetricsTotals }>;
  comparisons: VariantComparison[];
  sampleSize: SampleSizeEstimate;
  /** Conversations the details analysis read (latency test). */
  conversationsAnalysed: number;
}

/* ---- Guard ---- */

/** @public */
export type GuardCheckStatus =
  | 'pending'
  | 'passed'
  | 'rolled-back'
  | 'insufficient-data'
  | 'superseded'
  | 'error';

/** The guard's check of one deploy. @public */
export interface GuardCheck {
  id: string;
  promptId: string;
  versionNo: number;
  previousVersionNo: number;
  deployedAt: string;
  dueAt: string;
  status: GuardCheckStatus;
  thresholds: GuardThresholds;
  /** Figures the decision used. */
  before?: MetricsTotals;
  after?: MetricsTotals;
  /** Why it passed or rolled back, quoting the numbers. */
  summary?: string;
  rollbackVersionNo?: number;
  checkedAt?: string;
}
