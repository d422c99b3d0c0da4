import { invalidValue } from './errors';

/** Longest interval a metrics or details query may cover. */
export const MAX_INTERVAL_DAYS = 93;

/** Most buckets a metrics query may return per prompt. */
export const MAX_BUCKETS_PER_PROMPT = 10_000;

/** The granularity when the query names none. */
export const DEFAULT_GRANULARITY = 'PT1H';

const DURATION_UNITS_MS = { D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 };

/** Parses `start/end` (ISO 8601 instants); 400 unless start < end within the maximum span. */
export function parseInterval(
  value: unknown,
  fieldName = 'interval',
): { start: number; end: number } {
  const fail = () =>
    invalidValue(
      `${fieldName} must be "<start>/<end>" ISO 8601 instants, start before end, at most ${MAX_INTERVAL_DAYS} days apart`,
      [
        {
          errorCode:
            value === undefined || value === null
              ? 'field.required'
              : 'field.invalid.value',
          fieldName,
        },
      ],
    );
  if (typeof value !== 'string') throw fail();
  const parts = value.split('/');
  if (parts.length !== 2) throw fail();
  const [start, end] = parts.map(part =>
    /^\d{4}-\d{2}-\d{2}T/.test(part) ? Date.parse(part) : NaN,
  );
  if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end)
    throw fail();
  if (end - start > MAX_INTERVAL_DAYS * 24 * 3_600_000) throw fail();
  return { start, end };
}

/**
 * Milliseconds of an ISO 8601 duration of days and time: `P<n>D`, `PT<n>H`,
 * `PT<n>M`, `PT<n>S` and combinations such as `P1DT12H` or `PT1H30M`, at least
 * one second. Emulator extension: the tutorial names PT15M, PT30M, PT1H and P1D
 * only; a real aggregates query takes any duration. Years, months and weeks are
 * refused (not a fixed length). 400 for anything else.
 */
export function parseGranularity(value: string | null): number {
  const text = value ?? DEFAULT_GRANULARITY;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    text,
  );
  const ms =
    match && !text.endsWith('T') && text !== 'P'
      ? Number(match[1] ?? 0) * DURATION_UNITS_MS.D +
        Number(match[2] ?? 0) * DURATION_UNITS_MS.H +
        Number(match[3] ?? 0) * DURATION_UNITS_MS.M +
        Number(match[4] ?? 0) * DURATION_UNITS_MS.S
      : NaN;
  if (!(ms >= 1000) || !Number.isSafeInteger(ms)) {
    throw invalidValue(
      'granularity must be an ISO 8601 duration of at least one second: P<n>D, PT<n>H, PT<n>M, PT<n>S (e.g. PT15M, PT1H, P1D)',
      [{ errorCode: 'field.invalid.value', fieldName: 'granularity' }],
    );
  }
  return ms;
}

/** 400 when [start, end) in buckets of `step` ms would exceed the bucket limit; an interval shorter than a step is one bucket. */
export function checkBucketCount(start: number, end: number, step: number) {
  const buckets = Math.ceil((end - start) / step);
  if (buckets > MAX_BUCKETS_PER_PROMPT) {
    throw invalidValue(
      `interval and granularity give [${buckets}] buckets per prompt; at most [${MAX_BUCKETS_PER_PROMPT}] are allowed`,
      [{ errorCode: 'field.invalid.value', fieldName: 'granularity' }],
      { buckets: String(buckets), maxBuckets: String(MAX_BUCKETS_PER_PROMPT) },
    );
  }
}

/** `start/end` as the contract writes intervals. */
export function formatInterval(start: number, end: number): string {
  return `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
}
