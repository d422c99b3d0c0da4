import { formatDateTime, formatRelativeTime } from './formatDate';

/** An ISO time as "3 days ago", with the exact local time on hover. */
export function RelativeTime(props: { value: string }) {
  return (
    <time dateTime={props.value} title={formatDateTime(props.value)}>
      {formatRelativeTime(props.value)}
    </time>
  );
}

/** An ISO time as local date and time, followed by "(3 days ago)". */
export function AbsoluteTime(props: { value: string }) {
  return (
    <time dateTime={props.value}>
      {formatDateTime(props.value)} ({formatRelativeTime(props.value)})
    </time>
  );
}
