import { MetricsTotals as Totals } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { formatCount, formatMs, formatRate } from '../metrics/format';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.caption.fontSize,
  },
  value: {
    margin: 0,
    fontSize: theme.typography.h6.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/** The range's totals in one row: requests, errors, success rate, latency, tokens. */
export function MetricsTotals(props: { totals: Totals }) {
  const { totals } = props;
  const classes = useStyles();
  const facts: Array<[string, ReactNode]> = [
    ['Requests', formatCount(totals.requests)],
    ['Errors', formatCount(totals.errors)],
    ['Success rate', formatRate(totals.successRate)],
    ['Latency avg', formatMs(totals.latencyMs.avg)],
    ['p50', formatMs(totals.latencyMs.p50)],
    ['p95', formatMs(totals.latencyMs.p95)],
    ['p99', formatMs(totals.latencyMs.p99)],
    ['Tokens', formatCount(totals.tokens)],
  ];
  return (
    <dl className={classes.list} aria-label="Totals">
      {facts.map(([term, value]) => (
        <Box key={term}>
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.value}>{value}</dd>
        </Box>
      ))}
    </dl>
  );
}
