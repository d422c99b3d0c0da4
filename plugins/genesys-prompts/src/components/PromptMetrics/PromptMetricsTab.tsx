import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { usePromptMetrics } from '../../hooks';
import { describeError, GenesysErrorPanel } from '../GenesysErrorPanel';
import { Notice } from '../Notice';
import { presetRange } from '../metrics/timeRange';
import { GuardChecksList } from './GuardChecksList';
import {
  defaultMetricsQuery,
  MetricsQuery,
  MetricsRangeControls,
} from './MetricsRangeControls';
import { MetricsTotals } from './MetricsTotals';
import { PromptMetricsCharts, VariantCharts } from './PromptMetricsCharts';

/** A 400: the backend refused the range or granularity; the picker stays usable. */
function isBadRequest(error: Error): boolean {
  return (error as Partial<ResponseError>).statusCode === 400;
}

/**
 * The Metrics tab of a prompt: a range and granularity picker, the totals,
 * charts with deploy markers (per variant when an experiment runs) and the
 * guard's checks of recent deploys.
 */
export function PromptMetricsTab(props: {
  entityRef: CompoundEntityRef;
  promptId: string;
}) {
  const { entityRef, promptId } = props;
  const [query, setQuery] = useState<MetricsQuery>(() => defaultMetricsQuery());
  const { from, to, granularity } = query;
  const metrics = usePromptMetrics(entityRef, promptId, {
    from,
    to,
    granularity,
  });

  const refresh = () => {
    const { preset } = query;
    // A preset slides to end now; a custom range is fetched again as it is.
    if (preset === 'custom') metrics.retry();
    else setQuery({ ...query, ...presetRange(preset) });
  };

  let content;
  if (metrics.error && isBadRequest(metrics.error)) {
    content = (
      <Notice severity="error" title="The backend refused this range">
        {describeError(metrics.error)}
      </Notice>
    );
  } else if (metrics.error) {
    content = (
      <GenesysErrorPanel
        error={metrics.error}
        title="Could not load the metrics"
        onRetry={metrics.retry}
      />
    );
  } else if (!metrics.value) {
    content = <Progress aria-label="Loading metrics" />;
  } else {
    const { value } = metrics;
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Totals" subheader={`${value.name}, whole range`}>
            <MetricsTotals totals={value.totals} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <PromptMetricsCharts metrics={value} />
        </Grid>
        {value.variants && value.variants.length > 0 && (
          <Grid item xs={12}>
            <VariantCharts metrics={value} variants={value.variants} />
          </Grid>
        )}
      </Grid>
    );
  }

  return (
    <>
      <Box mb={3}>
        <MetricsRangeControls
          value={query}
          onChange={setQuery}
          onRefresh={refresh}
          refreshing={metrics.loading}
        />
      </Box>
      {content}
      <Box mt={3}>
        <GuardChecksList entityRef={entityRef} promptId={promptId} />
      </Box>
    </>
  );
}
