import {
  formatCount,
  formatMs,
  formatPoints,
  formatPValue,
  formatRate,
} from './format';
import { customRangeProblem, presetRange } from './timeRange';

describe('metric formats', () => {
  it('formats counts, rates, points, latencies and p-values', () => {
    expect(formatCount(12480)).toBe('12,480');
    expect(formatCount(3_400_000)).toBe('3.4M');
    expect(formatCount(null)).toBe('—');
    expect(formatRate(0.98765)).toBe('98.8 %');
    expect(formatRate(null)).toBe('—');
    expect(formatPoints(0.021)).toBe('+2.1 pts');
    expect(formatPoints(-0.005)).toBe('-0.5 pts');
    expect(formatMs(420.4)).toBe('420 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(null)).toBe('—');
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.0213)).toBe('0.021');
  });
});

describe('time ranges', () => {
  it('ends a preset at now', () => {
    const now = Date.parse('2026-11-26T12:00:00.000Z');
    expect(presetRange('7d', now)).toEqual({
      from: '2026-11-19T12:00:00.000Z',
      to: '2026-11-26T12:00:00.000Z',
    });
  });

  it('refuses a custom range that is incomplete, empty or inverted', () => {
    const a = '2026-11-20T00:00:00.000Z';
    const b = '2026-11-21T00:00:00.000Z';
    expect(customRangeProblem(a, b)).toBeUndefined();
    expect(customRangeProblem(b, a)).toBe('The start must be before the end');
    expect(customRangeProblem(a, a)).toBe('The start must be before the end');
    expect(customRangeProblem(undefined, b)).toBe(
      'Enter both a start and an end',
    );
  });
});
