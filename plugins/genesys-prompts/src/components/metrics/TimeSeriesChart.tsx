import {
  DeployMarker,
  MetricsGranularity,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime } from '../formatDate';
import { ChartRow, tickFormatter } from './chartData';

/** One plotted value of a {@link TimeSeriesChart}. */
export interface ChartSeries {
  /** The key in each row. */
  key: string;
  name: string;
  color: string;
  kind?: 'line' | 'area';
}

const CHART_HEIGHT = 220;

const useStyles = makeStyles(theme => ({
  figure: { margin: 0 },
  caption: { marginBottom: theme.spacing(1) },
}));

/** The label of a deploy marker: local version number and version label. */
export function deployLabel(deploy: DeployMarker): string {
  return `#${deploy.versionNo} ${deploy.versionLabel}`;
}

/**
 * A titled time-series chart over [from, to] with a line or area per series
 * and a dashed vertical marker per deploy.
 */
export function TimeSeriesChart(props: {
  title: string;
  rows: ChartRow[];
  series: ChartSeries[];
  from: string;
  to: string;
  granularity: MetricsGranularity;
  deploys?: DeployMarker[];
  formatValue?: (value: number) => string;
  yDomain?: [number | 'auto' | 'dataMin', number | 'auto' | 'dataMax'];
}) {
  const { title, rows, series, granularity, deploys = [], formatValue } = props;
  const classes = useStyles();
  const theme = useTheme();
  const from = Date.parse(props.from);
  const to = Date.parse(props.to);
  const visibleDeploys = deploys.filter(deploy => {
    const at = Date.parse(deploy.at);
    return at >= from && at <= to;
  });
  const format = (value: unknown) =>
    typeof value === 'number' && formatValue
      ? formatValue(value)
      : String(value);

  return (
    <figure className={classes.figure} aria-label={title}>
      <Typography
        component="figcaption"
        variant="subtitle2"
        className={classes.caption}
      >
        {title}
      </Typography>
      {/* A fixed height, and a first size to draw with before the container is measured. */}
      <ResponsiveContainer
        width="100%"
        height={CHART_HEIGHT}
        initialDimension={{ width: 600, height: CHART_HEIGHT }}
      >
        <ComposedChart data={rows} margin={{ top: 16, right: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={[from, to]}
            tickFormatter={tickFormatter(granularity, to - from)}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            domain={props.yDomain}
            tickFormatter={format}
            stroke={theme.palette.text.secondary}
            width={64}
          />
          <Tooltip
            labelFormatter={value =>
              formatDateTime(new Date(Number(value)).toISOString())
            }
            formatter={value => format(value)}
          />
          <Legend />
          {series.map(s =>
            s.kind === 'area' ? (
              <Area
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.15}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                dot={false}
                isAnimationActive={false}
              />
            ),
          )}
          {visibleDeploys.map(deploy => (
            <ReferenceLine
              key={`${deploy.versionNo}-${deploy.at}`}
              x={Date.parse(deploy.at)}
              stroke={theme.palette.text.secondary}
              strokeDasharray="4 2"
              label={{
                value: deployLabel(deploy),
                position: 'insideTopLeft',
                fontSize: 11,
                fill: theme.palette.text.secondary,
              }}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
