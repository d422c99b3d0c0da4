import { invalidValue } from './errors';

/** Longest interval a metrics or details query may cover. */
export const MAX_INTERVAL_DAYS = 93;

const GRANULARITY_MS: Record<string, number> = {
  PT15M: 15 * 60_000,
  PT30M: 30 * 60_000,
  PT1H: 60 * 60_000,
  P1D: 24 * 60 * 60_000,
};

/** Supported metric granularities (ISO 8601 durations). */
export const GRANULARITIES = Object.keys(GRANULARITY_MS);

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

/** Milliseconds of a supported granularity; 400 otherwise. */
export function parseGranularity(value: string | null): number {
  const key = value ?? 'PT1H';
  const ms = GRANULARITY_MS[key];
  if (!ms) {
    throw invalidValue(
      `granularity must be one of ${GRANULARITIES.join(', ')}`,
      [{ errorCode: 'field.invalid.value', fieldName: 'granularity' }],
    );
  }
  return ms;
}

/** `start/end` as the contract writes intervals. */
export function formatInterval(start: number, end: number): string {
  return `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
}
