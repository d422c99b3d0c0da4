export { ConfirmForm, ReasonField } from './ConfirmForm';
export type { ConfirmFormProps } from './ConfirmForm';
export { FormDialog } from './FormDialog';
export { useSubmission } from './useSubmission';
