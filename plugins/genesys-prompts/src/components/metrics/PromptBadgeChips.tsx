import { PromptBadges } from '@genesys-prompts/plugin-genesys-prompts-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import { formatDateTime } from '../formatDate';

// A class, not a Box: each Box adds a style sheet of its own, and the card has a row per prompt.
const useStyles = makeStyles({
  chips: { display: 'flex', flexWrap: 'wrap', gap: 4 },
});

/** Drift, running experiment and guard rollback, as chips with an explanation on hover. */
export function PromptBadgeChips(props: { badges: PromptBadges }) {
  const { drift, runningExperimentId, guardRollback } = props.badges;
  const classes = useStyles();
  return (
    <div className={classes.chips}>
      {drift && (
        <Tooltip title="Changed in Genesys outside the portal">
          <Chip size="small" color="secondary" label="Drift" />
        </Tooltip>
      )}
      {runningExperimentId && (
        <Tooltip title={`Experiment ${runningExperimentId} splits the traffic`}>
          <Chip size="small" color="primary" label="Experiment running" />
        </Tooltip>
      )}
      {guardRollback && (
        <Tooltip
          title={`Rolled back to version ${
            guardRollback.versionNo
          } on ${formatDateTime(guardRollback.at)}: ${guardRollback.reason}`}
        >
          <Chip
            size="small"
            color="secondary"
            variant="outlined"
            label="Guard rollback"
          />
        </Tooltip>
      )}
    </div>
  );
}
