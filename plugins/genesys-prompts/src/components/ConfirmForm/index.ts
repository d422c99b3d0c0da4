export { ConfirmForm, ReasonField } from './ConfirmForm';
export type { ConfirmFormProps } from './ConfirmForm';
