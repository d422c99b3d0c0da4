const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

// Built once: constructing an Intl formatter costs more than formatting with it,
// and a table formats two times per row.
let relativeFormat: Intl.RelativeTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;

/** "3 days ago" for an ISO time; the input unchanged when it is not a date. */
export function formatRelativeTime(iso: string, now: number = Date.now()) {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return iso;
  }
  const seconds = Math.round((time - now) / 1000);
  const format = (relativeFormat ??= new Intl.RelativeTimeFormat('en', {
    numeric: 'auto',
  }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return iso;
}

/** Local date and time of an ISO time; the input unchanged when it is not a date. */
export function formatDateTime(iso: string) {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return iso;
  }
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return dateTimeFormat.format(time);
}
