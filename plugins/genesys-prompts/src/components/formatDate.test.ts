import { formatDateTime, formatRelativeTime } from './formatDate';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-28T12:00:00.000Z');

  it('picks the largest fitting unit', () => {
    expect(formatRelativeTime('2026-11-26T12:00:00.000Z', now)).toBe(
      '2 days ago',
    );
    expect(formatRelativeTime('2026-11-28T11:00:00.000Z', now)).toBe(
      '1 hour ago',
    );
    expect(formatRelativeTime('2026-11-28T12:00:00.000Z', now)).toBe('now');
    expect(formatRelativeTime('2025-10-01T12:00:00.000Z', now)).toBe(
      'last year',
    );
  });

  it('returns what it cannot parse', () => {
    expect(formatRelativeTime('not a date', now)).toBe('not a date');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('formats absolute times with the year', () => {
    expect(formatDateTime('2026-11-26T10:00:00.000Z')).toMatch(/2026/);
  });
});
