import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  ExportPromptResponse,
  ExportTargetSummary,
  GenesysPrompt,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useState } from 'react';
import { genesysPromptsApiRef } from '../../api';
import { ConfirmForm, FormDialog } from '../ConfirmForm';
import { formatDateTime } from '../formatDate';
import { Notice } from '../Notice';

/** Why exporting is impossible, naming the config key that enables it. */
export const NO_EXPORT_TARGETS =
  'No export targets are configured (genesysPrompts.exportTargets)';

/** Props of {@link ExportPromptDialog}. */
export interface ExportPromptDialogProps {
  open: boolean;
  onClose(): void;
  entityRef: CompoundEntityRef;
  prompt: Pick<GenesysPrompt, 'id' | 'name'>;
  /** The configured targets, as `GET /export-targets` lists them. */
  targets: ExportTargetSummary[];
}

/** "langfuse-prod (langfuse)": what a radio option and the result say. */
export function targetLabel(target: ExportTargetSummary): string {
  return `${target.name} (${target.format})`;
}

function ExportForm(props: Omit<ExportPromptDialogProps, 'open'>) {
  const { onClose, entityRef, prompt, targets } = props;
  const api = useApi(genesysPromptsApiRef);
  const [picked, setPicked] = useState<string | undefined>(targets[0]?.name);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<ExportPromptResponse>();
  const [error, setError] = useState<Error>();
  const target = targets.find(t => t.name === picked);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!target || submitting) return;
    setSubmitting(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(
        await api.exportPrompt(entityRef, prompt.id, { target: target.name }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <ConfirmForm
      titleId="export-dialog-title"
      title="Export this prompt"
      onSubmit={confirm}
      onCancel={onClose}
      submitting={submitting}
      canSubmit={target !== undefined}
      submitLabel={
        submitting ? 'Exporting…' : `Export to ${target?.name ?? '…'}`
      }
      cancelLabel={result ? 'Close' : 'Cancel'}
      error={error}
      errorTitle="The export failed"
    >
      <Typography variant="body2" paragraph>
        Sends the current definition of {prompt.name} to a platform the portal
        is configured for. Its address and credentials stay on the server.
      </Typography>
      {targets.length === 0 ? (
        <Typography>{NO_EXPORT_TARGETS}</Typography>
      ) : (
        <FormControl component="fieldset" disabled={submitting}>
          <FormLabel component="legend">Export target</FormLabel>
          <RadioGroup
            aria-label="Export target"
            name="export-target"
            value={picked ?? ''}
            onChange={e => setPicked(e.target.value)}
          >
            {targets.map(t => (
              <FormControlLabel
                key={t.name}
                value={t.name}
                control={<Radio color="primary" />}
                label={targetLabel(t)}
              />
            ))}
          </RadioGroup>
        </FormControl>
      )}
      {result && (
        <Box mt={2}>
          <Notice severity="success">
            Exported to {result.target}: HTTP {result.status} at{' '}
            <time dateTime={result.exportedAt}>
              {formatDateTime(result.exportedAt)}
            </time>
          </Notice>
        </Box>
      )}
    </ConfirmForm>
  );
}

/**
 * Exports a prompt to one of the configured targets, chosen by name: shows
 * the target's HTTP status on success and the backend's message (naming the
 * target) on failure.
 */
export function ExportPromptDialog(props: ExportPromptDialogProps) {
  const { open, ...rest } = props;
  return (
    <FormDialog
      open={open}
      onClose={rest.onClose}
      titleId="export-dialog-title"
      maxWidth="sm"
    >
      <ExportForm {...rest} />
    </FormDialog>
  );
}
