import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  Experiment,
  ExperimentStatus,
  genesysExperimentManagePermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { RelativeTime } from '../DateTime';
import { deniedBecause, PermissionButton } from '../PermissionButton';
import { ExperimentAction } from './ExperimentActionDialog';
import { ExperimentResultsPanel } from './ExperimentResultsPanel';

/** The manage permission as `usePermission` reports it. */
export type PermissionState = {
  allowed: boolean;
  loading: boolean;
  error?: Error;
};

export const MANAGE_DENIED = deniedBecause(
  genesysExperimentManagePermission.name,
  'owners can manage experiments',
);

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    marginTop: theme.spacing(2),
  },
}));

const STATUS_COLORS: Record<
  ExperimentStatus,
  'default' | 'primary' | 'secondary'
> = {
  draft: 'default',
  running: 'primary',
  stopped: 'default',
  promoted: 'secondary',
};

function Dates(props: { experiment: Experiment }) {
  const { experiment } = props;
  return (
    <Typography variant="body2" color="textSecondary">
      Created by {experiment.createdBy}{' '}
      <RelativeTime value={experiment.createdAt} />
      {experiment.startedAt && (
        <>
          {' · started '}
          <RelativeTime value={experiment.startedAt} />
        </>
      )}
      {experiment.stoppedAt && (
        <>
          {' · stopped '}
          <RelativeTime value={experiment.stoppedAt} />
        </>
      )}
    </Typography>
  );
}

function VariantList(props: { experiment: Experiment }) {
  const { experiment } = props;
  return (
    <ul aria-label={`Variants of experiment ${experiment.id}`}>
      {experiment.variants.map(variant => (
        <li key={variant.promptId}>
          {variant.name}
          {variant.promptId === experiment.primaryPromptId &&
            ' (primary)'}: <strong>{variant.weight} %</strong>
          {variant.promptId === experiment.promotedPromptId && (
            <>
              {' '}
              <Chip size="small" color="secondary" label="winner" />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * One experiment: status, variants with weights, dates, its results (live
 * while running) and the actions its status allows.
 */
export function ExperimentCard(props: {
  entityRef: CompoundEntityRef;
  experiment: Experiment;
  permission: PermissionState;
  /** The experiment running on the prompt, if another one is. */
  runningId?: string;
  onAction(action: ExperimentAction, experiment: Experiment): void;
  onRunAgain(experiment: Experiment): void;
}) {
  const { entityRef, experiment, permission, runningId, onAction, onRunAgain } =
    props;
  const classes = useStyles();
  const { id, status } = experiment;
  const [showResults, setShowResults] = useState(false);
  const button = (
    action: ExperimentAction,
    label: string,
    disabledReason?: string,
  ) => (
    <PermissionButton
      id={`experiment-${id}-${action}`}
      variant={action === 'start' ? 'contained' : 'outlined'}
      color="primary"
      permission={permission}
      deniedReason={MANAGE_DENIED}
      disabledReason={disabledReason}
      onClick={() => onAction(action, experiment)}
      aria-label={`${label} experiment ${id}`}
    >
      {label}
    </PermissionButton>
  );
  const otherRunning =
    runningId && runningId !== id
      ? `Experiment ${runningId} is running on this prompt: stop it first`
      : undefined;

  return (
    <Card
      variant="outlined"
      component="article"
      aria-label={`Experiment ${id}`}
    >
      <CardContent>
        <div className={classes.header}>
          <Typography variant="h6" component="h2">
            Experiment {id}
          </Typography>
          <Chip size="small" color={STATUS_COLORS[status]} label={status} />
        </div>
        <Dates experiment={experiment} />
        <VariantList experiment={experiment} />
        <div className={classes.actions}>
          {status === 'draft' && button('start', 'Start', otherRunning)}
          {(status === 'draft' || status === 'running') &&
            button('stop', 'Stop')}
          {(status === 'running' || status === 'stopped') &&
            button('promote', 'Promote')}
          {(status === 'stopped' || status === 'promoted') && (
            <>
              {/* A draft stopped before it started has no results. */}
              {experiment.startedAt && (
                <Button variant="text" onClick={() => setShowResults(s => !s)}>
                  {showResults ? 'Hide results' : 'Show results'}
                </Button>
              )}
              <PermissionButton
                id={`experiment-${id}-again`}
                variant="text"
                permission={permission}
                deniedReason={MANAGE_DENIED}
                onClick={() => onRunAgain(experiment)}
              >
                Run again
              </PermissionButton>
            </>
          )}
        </div>
        {(status === 'running' || showResults) && (
          <Box mt={2}>
            <ExperimentResultsPanel
              entityRef={entityRef}
              experiment={experiment}
            />
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
