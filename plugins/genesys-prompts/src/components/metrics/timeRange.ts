import { MetricsGranularity } from '@genesys-prompts/plugin-genesys-prompts-common';

/** The ranges a user picks from; `custom` uses the from/to fields. */
export type RangePreset = '24h' | '7d' | '30d' | 'custom';

const HOUR_MS = 3600 * 1000;

export const PRESET_HOURS: Record<Exclude<RangePreset, 'custom'>, number> = {
  '24h': 24,
  '7d': 7 * 24,
  '30d': 30 * 24,
};

export const PRESET_LABELS: Record<RangePreset, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom',
};

export const GRANULARITY_LABELS: Record<MetricsGranularity, string> = {
  PT15M: '15 minutes',
  PT1H: '1 hour',
  P1D: '1 day',
};

/** A bucket size that keeps a preset's chart readable (about 24–720 points). */
export const DEFAULT_GRANULARITY: Record<
  Exclude<RangePreset, 'custom'>,
  MetricsGranularity
> = { '24h': 'PT1H', '7d': 'PT1H', '30d': 'P1D' };

/** The ISO range ending at `now` a preset stands for. */
export function presetRange(
  preset: Exclude<RangePreset, 'custom'>,
  now: number = Date.now(),
): { from: string; to: string } {
  return {
    from: new Date(now - PRESET_HOURS[preset] * HOUR_MS).toISOString(),
    to: new Date(now).toISOString(),
  };
}

/** A `datetime-local` value ("2026-11-26T10:00", local time) as ISO, or undefined. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** An ISO time as a `datetime-local` value in local time. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Why a custom range cannot be asked for, if it cannot. */
export function customRangeProblem(
  from: string | undefined,
  to: string | undefined,
): string | undefined {
  if (!from || !to) return 'Enter both a start and an end';
  if (Date.parse(from) >= Date.parse(to)) {
    return 'The start must be before the end';
  }
  return undefined;
}
