import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { Experiment } from '@genesys-prompts/plugin-genesys-prompts-common';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useState } from 'react';
import { genesysPromptsApiRef, PromoteExperimentResponse } from '../../api';
import {
  ConfirmForm,
  FormDialog,
  ReasonField,
  useSubmission,
} from '../ConfirmForm';

/** An action on an experiment that needs confirming. */
export type ExperimentAction = 'start' | 'stop' | 'promote';

/** What an action answered; promote also carries the new version. */
export type ExperimentActionResult =
  | { action: 'start' | 'stop'; experiment: Experiment }
  | {
      action: 'promote';
      experiment: Experiment;
      promoted: PromoteExperimentResponse;
    };

const TITLES: Record<ExperimentAction, string> = {
  start: 'Start this experiment?',
  stop: 'Stop this experiment?',
  promote: 'Promote a variant?',
};

const CONFIRM: Record<ExperimentAction, [idle: string, busy: string]> = {
  start: ['Start', 'Starting…'],
  stop: ['Stop', 'Stopping…'],
  promote: ['Promote', 'Promoting…'],
};

function split(experiment: Experiment): string {
  return experiment.variants.map(v => `${v.name} ${v.weight} %`).join(', ');
}

function Explanation(props: {
  action: ExperimentAction;
  experiment: Experiment;
}) {
  const { action, experiment } = props;
  const primary = experiment.variants[0]?.name ?? experiment.primaryPromptId;
  if (action === 'start') {
    return (
      <Typography paragraph>
        The traffic of {primary} will be split: {split(experiment)}. The routing
        is written to Genesys now.
      </Typography>
    );
  }
  if (action === 'stop') {
    return (
      <Typography paragraph>
        {experiment.status === 'draft'
          ? 'The draft is closed; no traffic was ever routed by it.'
          : `All traffic goes back to ${primary}. The results stay available.`}
      </Typography>
    );
  }
  return (
    <Typography paragraph>
      The winner's definition becomes {primary}'s new version (recorded in its
      history and the audit log) and the experiment stops.
    </Typography>
  );
}

function ActionForm(props: {
  action: ExperimentAction;
  experiment: Experiment;
  entityRef: CompoundEntityRef;
  onClose(): void;
  onDone(result: ExperimentActionResult): void;
}) {
  const { action, experiment, entityRef, onClose, onDone } = props;
  const api = useApi(genesysPromptsApiRef);
  const challengers = experiment.variants.filter(
    v => v.promptId !== experiment.primaryPromptId,
  );
  const [winner, setWinner] = useState(
    challengers.length === 1 ? challengers[0].promptId : '',
  );
  const [reason, setReason] = useState('');
  const { submitting, error: submitError, submit } = useSubmission();
  const trimmed = reason.trim();
  const ready =
    !submitting && (action !== 'promote' || (winner !== '' && trimmed !== ''));

  const run = async (): Promise<ExperimentActionResult> => {
    const { primaryPromptId: promptId, id } = experiment;
    if (action === 'start') {
      return {
        action,
        experiment: await api.startExperiment(entityRef, promptId, id),
      };
    }
    if (action === 'stop') {
      const request = trimmed ? { reason: trimmed } : {};
      return {
        action,
        experiment: await api.stopExperiment(entityRef, promptId, id, request),
      };
    }
    const promoted = await api.promoteExperiment(entityRef, promptId, id, {
      promptId: winner,
      reason: trimmed,
    });
    return { action, experiment: promoted.experiment, promoted };
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    await submit(async () => onDone(await run()));
  };

  return (
    <ConfirmForm
      titleId="experiment-action-title"
      title={TITLES[action]}
      onSubmit={confirm}
      onCancel={onClose}
      submitting={submitting}
      canSubmit={ready}
      submitLabel={CONFIRM[action][submitting ? 1 : 0]}
      error={submitError}
      errorTitle={`Could not ${action} the experiment`}
    >
      <Explanation action={action} experiment={experiment} />
      {action === 'promote' && (
        <TextField
          id="experiment-winner"
          select
          required
          label="Winner"
          SelectProps={{ native: true }}
          value={winner}
          onChange={e => setWinner(e.target.value)}
          fullWidth
          margin="normal"
        >
          <option value="">Choose the winning variant</option>
          {challengers.map(v => (
            <option key={v.promptId} value={v.promptId}>
              {v.name}
            </option>
          ))}
        </TextField>
      )}
      {action !== 'start' && (
        <ReasonField
          id="experiment-reason"
          required={action === 'promote'}
          value={reason}
          onChange={setReason}
          helperText={
            action === 'promote'
              ? 'Required: recorded in the version history and the audit log'
              : 'Optional: recorded in the experiment history and the audit log'
          }
        />
      )}
    </ConfirmForm>
  );
}

/** Confirms Start, Stop (optional reason) or Promote (winner and reason required). */
export function ExperimentActionDialog(props: {
  pending?: { action: ExperimentAction; experiment: Experiment };
  entityRef: CompoundEntityRef;
  onClose(): void;
  onDone(result: ExperimentActionResult): void;
}) {
  const { pending, ...rest } = props;
  return (
    <FormDialog
      open={pending !== undefined}
      onClose={rest.onClose}
      titleId="experiment-action-title"
      maxWidth="sm"
    >
      {pending && (
        <ActionForm
          key={`${pending.action}-${pending.experiment.id}`}
          action={pending.action}
          experiment={pending.experiment}
          {...rest}
        />
      )}
    </FormDialog>
  );
}
