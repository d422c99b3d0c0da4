import {
  MetricsGranularity,
  MetricsPoint,
  PromptMetricsSeries,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/** One chart row: the bucket start in ms and numbers by series key. */
export type ChartRow = { time: number } & Record<string, number | null>;

/** The primary's series as chart rows: counts, success rate in %, latency, tokens. */
export function seriesRows(series: MetricsPoint[]): ChartRow[] {
  return series.map(point => ({
    time: Date.parse(point.start),
    requests: point.requests,
    errors: point.errors,
    successRate: point.successRate === null ? null : point.successRate * 100,
    p50: point.latencyMs.p50,
    p95: point.latencyMs.p95,
    p99: point.latencyMs.p99,
    tokens: point.tokens,
  }));
}

/**
 * Rows with one column per variant (`v0`, `v1`, …) of the value `pick`
 * takes from each bucket, aligned on bucket start.
 */
export function variantRows(
  variants: PromptMetricsSeries[],
  pick: (point: MetricsPoint) => number | null,
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  variants.forEach((variant, index) => {
    for (const point of variant.series) {
      const time = Date.parse(point.start);
      const row = rows.get(time) ?? ({ time } as ChartRow);
      row[`v${index}`] = pick(point);
      rows.set(time, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.time - b.time);
}

/** Axis tick text for a bucket start: dates for daily buckets, else times. */
export function tickFormatter(granularity: MetricsGranularity, spanMs: number) {
  const options: Intl.DateTimeFormatOptions =
    granularity === 'P1D' || spanMs > 3 * 24 * 3600 * 1000
      ? { month: 'short', day: 'numeric' }
      : { hour: '2-digit', minute: '2-digit' };
  const format = new Intl.DateTimeFormat(undefined, options);
  return (value: number) => format.format(value);
}
