import { PromptBadges } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { formatDateTime } from '../formatDate';

/** Drift, running experiment and guard rollback, as chips with an explanation on hover. */
export function PromptBadgeChips(props: { badges: PromptBadges }) {
  const { drift, runningExperimentId, guardRollback } = props.badges;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
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
    </Box>
  );
}
