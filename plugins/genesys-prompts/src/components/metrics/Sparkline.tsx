import { useTheme } from '@material-ui/core/styles';

const INSET = 2;

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The polyline points of `values` in a `width` × `height` box inset by 2 px:
 * one x step per bucket, y scaled from the smallest to the largest value (a
 * flat series sits mid-height), buckets without a value skipped so the line
 * joins their neighbours. Undefined when fewer than two buckets have one.
 */
export function sparklinePoints(
  values: Array<number | null>,
  width: number,
  height: number,
): string | undefined {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) {
    return undefined;
  }
  let min = present[0];
  let max = present[0];
  for (const v of present) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const innerWidth = width - 2 * INSET;
  const innerHeight = height - 2 * INSET;
  const stepX = innerWidth / (values.length - 1);
  const y = (v: number) =>
    max === min
      ? INSET + innerHeight / 2
      : INSET + ((max - v) / (max - min)) * innerHeight;
  const points: string[] = [];
  values.forEach((v, i) => {
    if (v !== null) {
      points.push(`${round(INSET + i * stepX)},${round(y(v))}`);
    }
  });
  return points.join(' ');
}

/**
 * A tiny trend line without axes, sized in pixels: one SVG polyline, no
 * chart library (the overview card draws four per prompt, and a chart each
 * cost more to mount and unmount than the rest of the page). `label` names
 * it for screen readers.
 */
export function Sparkline(props: {
  values: Array<number | null>;
  label: string;
  width?: number;
  height?: number;
  color?: string;
}) {
  const { values, label, width = 72, height = 20 } = props;
  const theme = useTheme();
  const points = sparklinePoints(values, width, height);
  return (
    <span
      role="img"
      aria-label={label}
      style={{
        display: 'inline-block',
        width,
        height,
        verticalAlign: 'middle',
      }}
    >
      {points && (
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          aria-hidden
          focusable="false"
        >
          <polyline
            points={points}
            fill="none"
            stroke={props.color ?? theme.palette.primary.main}
            strokeWidth={1.5}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        </svg>
      )}
    </span>
  );
}
