import { useTheme } from '@material-ui/core/styles';
import { Line, LineChart, YAxis } from 'recharts';

/**
 * A tiny trend line without axes, sized in pixels (so it needs no
 * ResizeObserver). `label` names it for screen readers.
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
  const data = values.map((value, index) => ({ index, value }));
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
      {data.length > 1 && (
        <LineChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        >
          {/* Hidden axis so a flat line sits mid-height, not on the floor. */}
          <YAxis hide domain={['dataMin', 'dataMax']} />
          <Line
            type="monotone"
            dataKey="value"
            stroke={props.color ?? theme.palette.primary.main}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      )}
    </span>
  );
}
