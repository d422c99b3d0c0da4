const NONE = '—';

/** 1234 → "1,234"; big numbers compact ("1.2M"). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NONE;
  return new Intl.NumberFormat('en', {
    notation: Math.abs(value) >= 1_000_000 ? 'compact' : 'standard',
    maximumFractionDigits: 1,
  }).format(value);
}

/** A fraction as a percentage: 0.9876 → "98.8 %". */
export function formatRate(
  value: number | null | undefined,
  digits: number = 1,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NONE;
  return `${(value * 100).toFixed(digits)} %`;
}

/** A difference of two rates in percentage points, signed: 0.021 → "+2.1 pts". */
export function formatPoints(value: number): string {
  const points = value * 100;
  return `${points > 0 ? '+' : ''}${points.toFixed(1)} pts`;
}

/** Milliseconds: "420 ms", "1.25 s". */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NONE;
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}

/** A p-value: "0.003", or "< 0.001". */
export function formatPValue(value: number): string {
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}
