import Dialog, { DialogProps } from '@material-ui/core/Dialog';
import { ReactNode } from 'react';

/**
 * A dialog holding a form that is mounted only while open, so every opening
 * starts fresh; `titleId` names the form's title as the dialog's label.
 */
export function FormDialog(props: {
  open: boolean;
  onClose(): void;
  titleId: string;
  maxWidth: DialogProps['maxWidth'];
  children: ReactNode;
}) {
  const { open, onClose, titleId, maxWidth, children } = props;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth={maxWidth}
      fullWidth
      aria-labelledby={titleId}
    >
      {open && children}
    </Dialog>
  );
}
