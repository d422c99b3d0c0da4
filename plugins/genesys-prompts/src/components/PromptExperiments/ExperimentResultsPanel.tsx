import { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import {
  Experiment,
  ExperimentResults,
  VariantComparison,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { ReactNode } from 'react';
import { RESULTS_REFRESH_MS, useExperimentResults } from '../../hooks';
import { formatDateTime } from '../formatDate';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import {
  formatCount,
  formatMs,
  formatPoints,
  formatPValue,
  formatRate,
} from '../metrics/format';

const useStyles = makeStyles(theme => ({
  comparison: {
    marginTop: theme.spacing(2),
    padding: theme.spacing(1.5, 2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0, 0),
  },
  term: { color: theme.palette.text.secondary },
  definition: { margin: 0 },
}));

function Verdict(props: { significant: boolean }) {
  return props.significant ? (
    <Chip size="small" color="primary" label="Significant" />
  ) : (
    <Chip size="small" variant="outlined" label="Not significant" />
  );
}

function VariantTotals(props: { results: ExperimentResults }) {
  return (
    <Table size="small" aria-label="Variant totals">
      <TableHead>
        <TableRow>
          <TableCell>Variant</TableCell>
          <TableCell align="right">Weight</TableCell>
          <TableCell align="right">Requests</TableCell>
          <TableCell align="right">Success rate</TableCell>
          <TableCell align="right">p95 latency</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.results.variants.map(variant => (
          <TableRow key={variant.promptId}>
            <TableCell component="th" scope="row" role="rowheader">
              {variant.name}
            </TableCell>
            <TableCell align="right">{variant.weight} %</TableCell>
            <TableCell align="right">
              {formatCount(variant.totals.requests)}
            </TableCell>
            <TableCell align="right">
              {formatRate(variant.totals.successRate)}
            </TableCell>
            <TableCell align="right">
              {formatMs(variant.totals.latencyMs.p95)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The requests both sides of a comparison have: the smaller count limits the test. */
function samplesOf(results: ExperimentResults, comparison: VariantComparison) {
  const requests = (id: string) =>
    results.variants.find(v => v.promptId === id)?.totals.requests ?? 0;
  return Math.min(
    requests(comparison.promptId),
    requests(comparison.againstPromptId),
  );
}

function NotEnoughData(props: { samples: number; needed: number }) {
  const { samples, needed } = props;
  const percent = Math.min(100, needed > 0 ? (samples / needed) * 100 : 100);
  return (
    <Box mt={1}>
      <Typography variant="body2">
        <strong>Not enough data yet</strong>: {formatCount(samples)} of{' '}
        {formatCount(needed)} requests per variant
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label="Requests collected per variant"
      />
    </Box>
  );
}

function ComparisonFacts(props: { comparison: VariantComparison }) {
  const { successRate, latency } = props.comparison;
  const classes = useStyles();
  const facts: Array<[string, ReactNode]> = [];
  if (successRate) {
    const [low, high] = successRate.confidenceInterval;
    facts.push(
      [
        'Success rate',
        <>
          {formatRate(successRate.rateA)} → {formatRate(successRate.rateB)} (
          {formatPoints(successRate.difference)}){' '}
          <Verdict significant={successRate.significant} />
        </>,
      ],
      [
        `${Math.round(successRate.confidenceLevel * 100)} % CI`,
        `${formatPoints(low)} to ${formatPoints(high)}`,
      ],
      ['p-value (z-test)', formatPValue(successRate.pValue)],
    );
  }
  if (latency) {
    facts.push(
      [
        'Median latency',
        <>
          {formatMs(latency.medianA)} → {formatMs(latency.medianB)}{' '}
          <Verdict significant={latency.significant} />
        </>,
      ],
      ['p-value (Mann–Whitney)', formatPValue(latency.pValue)],
      ['P(faster)', formatRate(latency.probabilityBFaster, 0)],
    );
  }
  if (facts.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No requests to compare yet.
      </Typography>
    );
  }
  return (
    <dl className={classes.facts}>
      {facts.map(([term, value]) => (
        <Box key={term} display="contents">
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.definition}>{value}</dd>
        </Box>
      ))}
    </dl>
  );
}

function Comparison(props: {
  results: ExperimentResults;
  comparison: VariantComparison;
}) {
  const { results, comparison } = props;
  const classes = useStyles();
  const name = (id: string) =>
    results.variants.find(v => v.promptId === id)?.name ?? id;
  const title = `${name(comparison.promptId)} vs ${name(
    comparison.againstPromptId,
  )}`;
  return (
    <section className={classes.comparison} aria-label={title}>
      <Typography variant="subtitle2">{title}</Typography>
      {comparison.enoughData ? (
        <ComparisonFacts comparison={comparison} />
      ) : (
        // No verdict before the planned sample size: peeking inflates false positives.
        <NotEnoughData
          samples={samplesOf(results, comparison)}
          needed={results.sampleSize.perVariant}
        />
      )}
    </section>
  );
}

/**
 * An experiment's results: per-variant totals and each variant compared
 * with the primary. Running experiments refresh every 30 s.
 */
export function ExperimentResultsPanel(props: {
  entityRef: CompoundEntityRef;
  experiment: Experiment;
}) {
  const { entityRef, experiment } = props;
  const live = experiment.status === 'running';
  const { value, loading, error, retry } = useExperimentResults(
    entityRef,
    experiment.primaryPromptId,
    experiment.id,
    { live },
  );

  let content;
  if (error) {
    content = (
      <GenesysErrorPanel error={error} title="Could not load the results" />
    );
  } else if (!value) {
    content = <Progress aria-label="Loading results" />;
  } else {
    content = (
      <>
        <VariantTotals results={value} />
        {value.comparisons.map(comparison => (
          <Comparison
            key={comparison.promptId}
            results={value}
            comparison={comparison}
          />
        ))}
      </>
    );
  }

  return (
    <Box role="region" aria-label={`Results of experiment ${experiment.id}`}>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        <Typography variant="subtitle1" component="h3">
          {live ? 'Live results' : 'Results'}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {value && `Up to ${formatDateTime(value.to)}`}
          {live && ` · refreshes every ${RESULTS_REFRESH_MS / 1000} s`}
        </Typography>
        <Button
          size="small"
          startIcon={<RefreshIcon />}
          onClick={retry}
          disabled={loading}
        >
          Refresh results
        </Button>
      </Box>
      {content}
    </Box>
  );
}
