import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import {
  GuardCheck,
  GuardCheckStatus,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useGuardChecks } from '../../hooks';
import { RelativeTime } from '../DateTime';
import { GenesysErrorPanel } from '../GenesysErrorPanel';

const useStyles = makeStyles(theme => ({
  item: { alignItems: 'flex-start', gap: theme.spacing(2) },
  chip: { minWidth: 110, marginTop: theme.spacing(0.5) },
  passed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  'rolled-back': {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  error: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

const STATUS_LABELS: Record<GuardCheckStatus, string> = {
  pending: 'pending',
  passed: 'passed',
  'rolled-back': 'rolled back',
  'insufficient-data': 'not enough data',
  superseded: 'superseded',
  error: 'error',
};

function checkSummary(check: GuardCheck): string {
  if (check.summary) return check.summary;
  if (check.status === 'pending')
    return 'Waiting for the window after the deploy to pass';
  return '';
}

function GuardCheckItem(props: { check: GuardCheck }) {
  const { check } = props;
  const classes = useStyles();
  const statusClass = (classes as Record<string, string>)[check.status];
  return (
    <ListItem divider className={classes.item}>
      <Chip
        size="small"
        label={STATUS_LABELS[check.status]}
        className={`${classes.chip} ${statusClass ?? ''}`}
      />
      <ListItemText
        primary={
          <>
            Version {check.versionNo} (after version {check.previousVersionNo}
            ), deployed <RelativeTime value={check.deployedAt} />
            {check.rollbackVersionNo !== undefined &&
              ` · rolled back to version ${check.rollbackVersionNo}`}
          </>
        }
        secondary={checkSummary(check)}
      />
    </ListItem>
  );
}

/** The guard's checks of the prompt's deploys, newest first, each with its verdict. */
export function GuardChecksList(props: {
  entityRef: CompoundEntityRef;
  promptId: string;
}) {
  const { value, loading, error, retry } = useGuardChecks(
    props.entityRef,
    props.promptId,
  );
  let content;
  if (loading && !value) {
    content = <Progress aria-label="Loading guard checks" />;
  } else if (error) {
    content = (
      <GenesysErrorPanel
        error={error}
        title="Could not load the guard checks"
        onRetry={retry}
      />
    );
  } else if (!value || value.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        The guard has not checked a deploy of this prompt yet.
      </Typography>
    );
  } else {
    content = (
      <List dense disablePadding aria-label="Guard checks">
        {value.map(check => (
          <GuardCheckItem key={check.id} check={check} />
        ))}
      </List>
    );
  }
  return (
    <InfoCard
      title="Guard checks"
      subheader="After each deploy the guard compares the window before with the window after, and rolls back a deploy that breaks a threshold"
    >
      {content}
    </InfoCard>
  );
}
