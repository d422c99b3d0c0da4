import { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  GenesysPrompt,
  PromptWriteResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { genesysPromptsApiRef } from '../../api';
import { usePromptVersions } from '../../hooks';
import {
  ConfirmForm,
  FormDialog,
  ReasonField,
  useSubmission,
} from '../ConfirmForm';
import { formatRelativeTime } from '../formatDate';
import { GenesysErrorPanel } from '../GenesysErrorPanel';
import { PromptDiff } from '../PromptDiff';
import { versionActionLabel } from '../PromptVersions';

/**
 * Props of {@link RollbackDialog}.
 *
 * @public
 */
export interface RollbackDialogProps {
  open: boolean;
  onClose(): void;
  entityRef: CompoundEntityRef;
  /** The prompt as it is now; the diff compares it with the target. */
  prompt: GenesysPrompt;
  /** The newest local version number: the default target is the one before it. */
  latestVersionNo: number;
  /** Called with the backend's answer once the rollback succeeded. */
  onRolledBack(result: PromptWriteResponse, toVersion: number): void;
}

function RollbackForm(props: Omit<RollbackDialogProps, 'open'>) {
  const { onClose, entityRef, prompt, latestVersionNo, onRolledBack } = props;
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  const history = usePromptVersions(entityRef, prompt.id);
  const candidates = useMemo(
    () => history.items.filter(v => v.versionNo !== latestVersionNo),
    [history.items, latestVersionNo],
  );
  const [picked, setPicked] = useState<number>();
  const [reason, setReason] = useState('');
  const { submitting, error: submitError, submit } = useSubmission();

  // Default: the version before the newest, as the backend would pick.
  const fallback =
    candidates.find(v => v.versionNo === latestVersionNo - 1)?.versionNo ??
    candidates[0]?.versionNo;
  const toVersion = picked ?? fallback;

  const target = useAsync(
    async () =>
      toVersion === undefined
        ? undefined
        : api.getPromptVersion({ kind, namespace, name }, prompt.id, toVersion),
    [api, kind, namespace, name, prompt.id, toVersion],
  );

  const canConfirm =
    toVersion !== undefined &&
    reason.trim() !== '' &&
    !submitting &&
    target.value !== undefined;

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!canConfirm || toVersion === undefined) return;
    await submit(async () => {
      const result = await api.rollbackPrompt(
        { kind, namespace, name },
        prompt.id,
        { toVersion, reason: reason.trim() },
      );
      onRolledBack(result, toVersion);
    });
  };

  let body;
  if (history.loading && history.items.length === 0) {
    body = <Progress aria-label="Loading versions" />;
  } else if (history.error) {
    body = (
      <GenesysErrorPanel
        error={history.error}
        title="Could not load the versions"
        onRetry={history.retry}
      />
    );
  } else if (candidates.length === 0) {
    body = (
      <Typography>There is no earlier version to roll back to.</Typography>
    );
  } else {
    body = (
      <>
        <Typography variant="body2" paragraph>
          The chosen version is deployed again as a new version; the history
          keeps every version.
        </Typography>
        <TextField
          id="rollback-target"
          select
          SelectProps={{ native: true }}
          label="Target version"
          value={toVersion ?? ''}
          onChange={e => setPicked(Number(e.target.value))}
          fullWidth
          margin="normal"
        >
          {candidates.map(v => (
            <option key={v.versionNo} value={v.versionNo}>
              {`Version ${v.versionNo} · ${
                v.versionLabel
              } · ${versionActionLabel(v)} by ${v.actor} · ${formatRelativeTime(
                v.createdAt,
              )}`}
            </option>
          ))}
        </TextField>
        <Box my={2}>
          {target.loading && (
            <Progress aria-label="Loading the target version" />
          )}
          {target.error && (
            <GenesysErrorPanel
              error={target.error}
              title="Could not load the target version"
            />
          )}
          {target.value && (
            <PromptDiff
              from={{ label: 'current', definition: prompt }}
              to={{
                label: `version ${target.value.versionNo}`,
                definition: target.value.definition,
              }}
            />
          )}
        </Box>
        <ReasonField
          id="rollback-reason"
          required
          value={reason}
          onChange={setReason}
          helperText="Required: recorded in the version history and the audit log"
        />
      </>
    );
  }

  return (
    <ConfirmForm
      titleId="rollback-dialog-title"
      title="Roll back this prompt"
      onSubmit={confirm}
      onCancel={onClose}
      submitting={submitting}
      canSubmit={canConfirm}
      submitLabel={
        submitting
          ? 'Rolling back…'
          : `Roll back to version ${toVersion ?? '…'}`
      }
      error={submitError}
      errorTitle="The rollback failed"
    >
      {body}
    </ConfirmForm>
  );
}

/**
 * Rolls a prompt back: pick the target version (default the one before the
 * newest), see the diff from the current definition, give a reason, confirm.
 *
 * @public
 */
export function RollbackDialog(props: RollbackDialogProps) {
  const { open, ...rest } = props;
  return (
    <FormDialog
      open={open}
      onClose={rest.onClose}
      titleId="rollback-dialog-title"
      maxWidth="md"
    >
      <RollbackForm {...rest} />
    </FormDialog>
  );
}
