import { InputError } from '@backstage/errors';
import { MetricsGranularity } from '@genesys-prompts/plugin-genesys-prompts-common';

/** A validated range, snapped outward to whole buckets. */
export interface MetricsRange {
  from: Date;
  to: Date;
  granularity: MetricsGranularity;
}

export const GRANULARITY_MS: Record<MetricsGranularity, number> = {
  PT15M: 15 * 60_000,
  PT1H: 3_600_000,
  P1D: 86_400_000,
};

const DAY_MS = 86_400_000;
/** The upstream's longest query interval. */
export const MAX_RANGE_DAYS = 93;
const MAX_BUCKETS = 1000;
// A little slack for clocks; a range ending days ahead is a mistake.
const MAX_FUTURE_MS = DAY_MS;
const DEFAULT_SPAN_MS = DAY_MS;

/**
 * Checks a requested range (from < to, at most 93 days, not far in the
 * future, at most 1,000 buckets) and snaps it to bucket boundaries, so
 * repeated requests within a bucket share one cached upstream answer.
 */
export function resolveMetricsRange(
  query: { from?: string; to?: string; granularity?: MetricsGranularity },
  now: Date = new Date(),
): MetricsRange {
  const granularity = query.granularity ?? 'PT1H';
  const step = GRANULARITY_MS[granularity];
  const to = query.to ? parseInstant(query.to, 'to') : now;
  const from = query.from
    ? parseInstant(query.from, 'from')
    : new Date(to.getTime() - DEFAULT_SPAN_MS);
  if (from.getTime() >= to.getTime()) {
    throw new InputError(
      `Invalid query: from (${from.toISOString()}) must be before to (${to.toISOString()})`,
    );
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new InputError(
      `Invalid query: the range from ${from.toISOString()} to ${to.toISOString()} is longer than ${MAX_RANGE_DAYS} days`,
    );
  }
  if (to.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw new InputError(
      `Invalid query: to (${to.toISOString()}) is more than a day in the future`,
    );
  }
  const snappedFrom = Math.floor(from.getTime() / step) * step;
  const snappedTo = Math.ceil(to.getTime() / step) * step;
  const buckets = (snappedTo - snappedFrom) / step;
  if (buckets > MAX_BUCKETS) {
    throw new InputError(
      `Invalid query: ${buckets} buckets of ${granularity} are more than ${MAX_BUCKETS}; choose a coarser granularity or a shorter range`,
    );
  }
  return { from: new Date(snappedFrom), to: new Date(snappedTo), granularity };
}

/** An ISO 8601 instant from a query parameter, or a 400 naming it. */
export function parseInstant(value: string, field: string): Date {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    throw new InputError(
      `Invalid query: ${field} must be an ISO 8601 instant such as 2026-11-26T10:00:00Z, not '${value}'`,
    );
  }
  return new Date(ms);
}
