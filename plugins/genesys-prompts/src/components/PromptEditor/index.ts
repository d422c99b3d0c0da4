export { PromptEditor } from './PromptEditor';
export type { PromptEditorProps, PromptEditorSubmission } from './PromptEditor';
