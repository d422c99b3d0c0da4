export { EntityGenesysPromptsContent } from './EntityGenesysPromptsContent';
export { PromptListTable } from './PromptListTable';
export { PromptDetailPage } from './PromptDetailPage';
export { PromptTemplate, tokenizeTemplate } from './PromptTemplate';
export type { PromptTemplateProps, TemplateToken } from './PromptTemplate';
export { PromptEditor } from './PromptEditor';
export type { PromptEditorProps, PromptEditorSubmission } from './PromptEditor';
export { PromptDiff } from './PromptDiff';
export type { PromptDiffProps } from './PromptDiff';
export { TokenBudgetBar, ValidationIssueList } from './PromptValidation';
export type {
  TokenBudgetBarProps,
  ValidationIssueListProps,
} from './PromptValidation';
export { RollbackDialog } from './RollbackDialog';
export type { RollbackDialogProps } from './RollbackDialog';
