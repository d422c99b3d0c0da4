import { InfoCard } from '@backstage/core-components';
import {
  MetricsPoint,
  PromptMetricsResponse,
  VariantMetricsSeries,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Grid from '@material-ui/core/Grid';
import { Theme, useTheme } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { seriesRows, variantRows } from '../metrics/chartData';
import { formatCount, formatMs } from '../metrics/format';
import { ChartSeries, TimeSeriesChart } from '../metrics/TimeSeriesChart';

const percent = (value: number) => `${value.toFixed(1)} %`;

function variantColors(theme: Theme): string[] {
  return [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main,
  ];
}

/** Requests and errors, success rate, latency percentiles and tokens, with deploy markers. */
export function PromptMetricsCharts(props: { metrics: PromptMetricsResponse }) {
  const { metrics } = props;
  const theme = useTheme();
  const rows = useMemo(() => seriesRows(metrics.series), [metrics.series]);
  const common = {
    rows,
    from: metrics.from,
    to: metrics.to,
    granularity: metrics.granularity,
    deploys: metrics.deploys,
  };
  const charts: Array<{
    title: string;
    series: ChartSeries[];
    formatValue: (value: number) => string;
    yDomain?: [number, number];
  }> = [
    {
      title: 'Requests and errors',
      series: [
        {
          key: 'requests',
          name: 'Requests',
          color: theme.palette.primary.main,
          kind: 'area',
        },
        {
          key: 'errors',
          name: 'Errors',
          color: theme.palette.error.main,
          kind: 'area',
        },
      ],
      formatValue: formatCount,
    },
    {
      title: 'Success rate',
      series: [
        {
          key: 'successRate',
          name: 'Success rate',
          color: theme.palette.success.main,
        },
      ],
      formatValue: percent,
      yDomain: [0, 100],
    },
    {
      title: 'Latency',
      series: [
        { key: 'p50', name: 'p50', color: theme.palette.info.main },
        { key: 'p95', name: 'p95', color: theme.palette.warning.main },
        { key: 'p99', name: 'p99', color: theme.palette.error.main },
      ],
      formatValue: formatMs,
    },
    {
      title: 'Tokens',
      series: [
        {
          key: 'tokens',
          name: 'Tokens',
          color: theme.palette.primary.main,
          kind: 'area',
        },
      ],
      formatValue: formatCount,
    },
  ];
  return (
    <Grid container spacing={3}>
      {charts.map(chart => (
        <Grid item xs={12} md={6} key={chart.title}>
          <TimeSeriesChart {...common} {...chart} />
        </Grid>
      ))}
    </Grid>
  );
}

/** One line per variant of the running experiment, for requests, success rate and p95. */
export function VariantCharts(props: {
  metrics: PromptMetricsResponse;
  variants: VariantMetricsSeries[];
}) {
  const { metrics, variants } = props;
  const theme = useTheme();
  const colors = variantColors(theme);
  const series: ChartSeries[] = variants.map((variant, index) => ({
    key: `v${index}`,
    name: `${variant.name} (${variant.weight} %)`,
    color: colors[index % colors.length],
  }));
  const charts: Array<{
    title: string;
    pick: (point: MetricsPoint) => number | null;
    formatValue: (value: number) => string;
  }> = [
    {
      title: 'Requests per variant',
      pick: p => p.requests,
      formatValue: formatCount,
    },
    {
      title: 'Success rate per variant',
      pick: p => (p.successRate === null ? null : p.successRate * 100),
      formatValue: percent,
    },
    {
      title: 'p95 latency per variant',
      pick: p => p.latencyMs.p95,
      formatValue: formatMs,
    },
  ];
  return (
    <InfoCard
      title="Experiment variants"
      subheader={metrics.experimentId && `Experiment ${metrics.experimentId}`}
    >
      <Grid container spacing={3}>
        {charts.map(chart => (
          <Grid item xs={12} md={4} key={chart.title}>
            <TimeSeriesChart
              title={chart.title}
              rows={variantRows(variants, chart.pick)}
              series={series}
              from={metrics.from}
              to={metrics.to}
              granularity={metrics.granularity}
              deploys={metrics.deploys}
              formatValue={chart.formatValue}
            />
          </Grid>
        ))}
      </Grid>
    </InfoCard>
  );
}
