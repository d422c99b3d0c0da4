import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { FormEvent, ReactNode } from 'react';
import { describeError } from '../GenesysErrorPanel';
import { Notice } from '../Notice';

/** Props of {@link ConfirmForm}. */
export interface ConfirmFormProps {
  /** The title's id, which {@link FormDialog} gets as `titleId`. */
  titleId: string;
  title: ReactNode;
  onSubmit(event: FormEvent): void;
  onCancel(): void;
  /** Disables both buttons while the request runs. */
  submitting: boolean;
  /** Whether the confirm button is enabled when nothing is submitting. */
  canSubmit: boolean;
  /** What the confirm button says (its busy wording while submitting). */
  submitLabel: string;
  cancelLabel?: string;
  /** The last failed submission, shown under the content. */
  error?: Error;
  errorTitle: string;
  children: ReactNode;
}

/**
 * The form of a confirming dialog: title, content, the last submission's
 * error, then Cancel and the confirm button, both disabled while submitting.
 */
export function ConfirmForm(props: ConfirmFormProps) {
  const {
    titleId,
    title,
    onSubmit,
    onCancel,
    submitting,
    canSubmit,
    submitLabel,
    cancelLabel = 'Cancel',
    error,
    errorTitle,
    children,
  } = props;
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent dividers>
        {children}
        {error && (
          <Box mt={2}>
            <Notice severity="error" title={errorTitle}>
              {describeError(error)}
            </Notice>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={submitting}>
          {cancelLabel}
        </Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={!canSubmit || submitting}
        >
          {submitLabel}
        </Button>
      </DialogActions>
    </form>
  );
}

/** The "Reason" field of a confirming dialog; `helperText` says where it is recorded. */
export function ReasonField(props: {
  id: string;
  required: boolean;
  value: string;
  onChange(value: string): void;
  helperText: string;
}) {
  const { id, required, value, onChange, helperText } = props;
  return (
    <TextField
      id={id}
      label="Reason"
      required={required}
      value={value}
      onChange={e => onChange(e.target.value)}
      helperText={helperText}
      fullWidth
      multiline
      minRows={2}
      margin="normal"
    />
  );
}
