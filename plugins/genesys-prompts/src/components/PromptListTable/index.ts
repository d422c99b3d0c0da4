export { PromptListTable } from './PromptListTable';
