import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  EntityMetricsResponse,
  GENESYS_PROMPTS_ANNOTATION,
  isGenesysPromptsAvailable,
  MetricsPoint,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { useEntityMetrics } from '../../hooks';
import { promptRouteRef } from '../../routes';
import { usePromptsTabPrefetch } from '../EntityGenesysPromptsTab';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { formatCount, formatMs, formatRate } from '../metrics/format';
import { PromptBadgeChips } from '../metrics/PromptBadgeChips';
import { Sparkline } from '../metrics/Sparkline';
import { presetRange } from '../metrics/timeRange';

type CardRange = '24h' | '7d';
const RANGES: Array<{ value: CardRange; label: string }> = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

type Item = EntityMetricsResponse['items'][number];

const useStyles = makeStyles(theme => ({
  metric: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
    whiteSpace: 'nowrap',
  },
}));

/**
 * The prompt page's link maker, or undefined where the Prompts tab is not
 * mounted; a link is undefined where the entity's route parameters are unknown.
 */
function usePromptLink():
  | ((promptId: string) => string | undefined)
  | undefined {
  let link: ((params: { promptId: string }) => string) | undefined;
  try {
    // Always called; useRouteRef throws only after its own hooks ran, so the order is stable.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    link = useRouteRef(promptRouteRef);
  } catch {
    return undefined;
  }
  return promptId => {
    try {
      return link?.({ promptId: encodeURIComponent(promptId) });
    } catch {
      return undefined; // mounted where the entity's route parameters are unknown
    }
  };
}

function MetricCell(props: {
  text: string;
  values: Array<number | null>;
  label: string;
}) {
  const classes = useStyles();
  return (
    <TableCell align="right">
      <span className={classes.metric}>
        {props.text}
        <Sparkline values={props.values} label={props.label} />
      </span>
    </TableCell>
  );
}

function PromptMetricsRow(props: {
  item: Item;
  link?: (promptId: string) => string | undefined;
}) {
  const { item, link } = props;
  const href = link?.(item.promptId);
  const { totals, series, name } = item;
  const values = (pick: (point: MetricsPoint) => number | null) =>
    series.map(pick);
  return (
    <TableRow>
      <TableCell component="th" scope="row" role="rowheader">
        {href ? <Link to={href}>{name}</Link> : name}
      </TableCell>
      <MetricCell
        text={formatCount(totals.requests)}
        values={values(p => p.requests)}
        label={`${name} requests trend`}
      />
      <MetricCell
        text={formatRate(totals.successRate)}
        values={values(p => p.successRate)}
        label={`${name} success rate trend`}
      />
      <MetricCell
        text={formatMs(totals.latencyMs.p95)}
        values={values(p => p.latencyMs.p95)}
        label={`${name} p95 latency trend`}
      />
      <MetricCell
        text={formatCount(totals.tokens)}
        values={values(p => p.tokens)}
        label={`${name} tokens trend`}
      />
      <TableCell>
        <PromptBadgeChips badges={item} />
      </TableCell>
    </TableRow>
  );
}

function MetricsTable(props: {
  items: Item[];
  link?: (promptId: string) => string | undefined;
}) {
  const { link } = props;
  return (
    <Table size="small" aria-label="Prompt metrics">
      <TableHead>
        <TableRow>
          <TableCell>Prompt</TableCell>
          <TableCell align="right">Requests</TableCell>
          <TableCell align="right">Success rate</TableCell>
          <TableCell align="right">p95 latency</TableCell>
          <TableCell align="right">Tokens</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(item => (
          <PromptMetricsRow key={item.promptId} item={item} link={link} />
        ))}
      </TableBody>
    </Table>
  );
}

function RangeSelect(props: {
  value: CardRange;
  onChange(value: CardRange): void;
}) {
  return (
    <TextField
      id="prompt-metrics-card-range"
      select
      size="small"
      label="Range"
      SelectProps={{ native: true }}
      value={props.value}
      onChange={e => props.onChange(e.target.value as CardRange)}
    >
      {RANGES.map(range => (
        <option key={range.value} value={range.value}>
          {range.label}
        </option>
      ))}
    </TextField>
  );
}

function MetricsCardBody(props: { range: CardRange }) {
  const { entity } = useEntity();
  // Computed once per range choice: a new `to` on every render would refetch forever.
  const request = useMemo(
    () => ({
      ...presetRange(props.range),
      granularity: props.range === '24h' ? ('PT1H' as const) : ('P1D' as const),
    }),
    [props.range],
  );
  const entityRef = getCompoundEntityRef(entity);
  const { value, loading, error, retry } = useEntityMetrics(entityRef, request);
  const link = usePromptLink();
  // The Prompts tab is one click away: have its code and list ready, once this card has its own data.
  usePromptsTabPrefetch(entityRef, link !== undefined && value !== undefined);

  if (loading && !value) {
    return <Progress aria-label="Loading prompt metrics" />;
  }
  if (error) {
    return (
      <GenesysErrorPanel
        error={error}
        title="Could not load the prompt metrics"
        onRetry={retry}
      />
    );
  }
  if (!value || value.items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No metrics: Genesys has none of the prompts this entity names.
      </Typography>
    );
  }
  return <MetricsTable items={value.items} link={link} />;
}

/**
 * Entity overview card: each prompt the entity owns with its requests,
 * success rate, p95 latency and tokens (each with a trend line) and badges
 * for drift, a running experiment and a guard rollback.
 *
 * @public
 */
export function EntityGenesysPromptsMetricsCard() {
  const { entity } = useEntity();
  const [range, setRange] = useState<CardRange>('24h');

  if (!isGenesysPromptsAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={GENESYS_PROMPTS_ANNOTATION} />
    );
  }
  return (
    <InfoCard
      title="Prompt metrics"
      subheader="Genesys Cloud LLM prompts this entity owns"
      action={<RangeSelect value={range} onChange={setRange} />}
    >
      <MetricsCardBody range={range} />
    </InfoCard>
  );
}
