import {
  METRICS_GRANULARITIES,
  MetricsGranularity,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useState } from 'react';
import {
  customRangeProblem,
  DEFAULT_GRANULARITY,
  GRANULARITY_LABELS,
  isoToLocalInput,
  localInputToIso,
  PRESET_LABELS,
  presetRange,
  RangePreset,
} from '../metrics/timeRange';

/** What the Metrics tab asks the backend for. */
export interface MetricsQuery {
  preset: RangePreset;
  from: string;
  to: string;
  granularity: MetricsGranularity;
}

/** The last 24 hours in hourly buckets, ending now. */
export function defaultMetricsQuery(now: number = Date.now()): MetricsQuery {
  return { preset: '24h', ...presetRange('24h', now), granularity: 'PT1H' };
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  },
  select: { minWidth: 160 },
}));

const PRESETS: RangePreset[] = ['24h', '7d', '30d', 'custom'];

/** From/to fields of a custom range; applied only when the start is before the end. */
function CustomRangeFields(props: {
  from: string;
  to: string;
  onApply(range: { from: string; to: string }): void;
}) {
  const [from, setFrom] = useState(() => isoToLocalInput(props.from));
  const [to, setTo] = useState(() => isoToLocalInput(props.to));
  const fromIso = localInputToIso(from);
  const toIso = localInputToIso(to);
  const problem = customRangeProblem(fromIso, toIso);
  return (
    <>
      <TextField
        id="metrics-from"
        label="From"
        type="datetime-local"
        size="small"
        variant="outlined"
        value={from}
        onChange={e => setFrom(e.target.value)}
        InputLabelProps={{ shrink: true }}
      />
      <TextField
        id="metrics-to"
        label="To"
        type="datetime-local"
        size="small"
        variant="outlined"
        value={to}
        onChange={e => setTo(e.target.value)}
        InputLabelProps={{ shrink: true }}
        error={problem !== undefined}
        helperText={problem}
      />
      <Button
        variant="outlined"
        color="primary"
        disabled={problem !== undefined}
        onClick={() => {
          if (fromIso && toIso) props.onApply({ from: fromIso, to: toIso });
        }}
      >
        Apply
      </Button>
    </>
  );
}

/** Range preset, custom from/to, bucket size and a refresh button. */
export function MetricsRangeControls(props: {
  value: MetricsQuery;
  onChange(value: MetricsQuery): void;
  onRefresh(): void;
  refreshing: boolean;
}) {
  const { value, onChange, onRefresh, refreshing } = props;
  const classes = useStyles();

  const selectPreset = (preset: RangePreset) => {
    if (preset === 'custom') {
      // Keep the current range until the custom one is applied.
      onChange({ ...value, preset });
    } else {
      onChange({
        preset,
        ...presetRange(preset),
        granularity: DEFAULT_GRANULARITY[preset],
      });
    }
  };

  return (
    <Box className={classes.root} role="group" aria-label="Metrics range">
      <TextField
        id="metrics-range"
        select
        size="small"
        variant="outlined"
        label="Range"
        className={classes.select}
        SelectProps={{ native: true }}
        value={value.preset}
        onChange={e => selectPreset(e.target.value as RangePreset)}
      >
        {PRESETS.map(preset => (
          <option key={preset} value={preset}>
            {PRESET_LABELS[preset]}
          </option>
        ))}
      </TextField>
      {value.preset === 'custom' && (
        <CustomRangeFields
          from={value.from}
          to={value.to}
          onApply={range => onChange({ ...value, ...range })}
        />
      )}
      <TextField
        id="metrics-granularity"
        select
        size="small"
        variant="outlined"
        label="Granularity"
        className={classes.select}
        SelectProps={{ native: true }}
        value={value.granularity}
        onChange={e =>
          onChange({
            ...value,
            granularity: e.target.value as MetricsGranularity,
          })
        }
      >
        {METRICS_GRANULARITIES.map(granularity => (
          <option key={granularity} value={granularity}>
            {GRANULARITY_LABELS[granularity]}
          </option>
        ))}
      </TextField>
      <Button
        variant="outlined"
        startIcon={<RefreshIcon />}
        onClick={onRefresh}
        disabled={refreshing}
      >
        Refresh
      </Button>
    </Box>
  );
}
