export { EntityGenesysPromptsContent } from './EntityGenesysPromptsContent';
export { PromptListTable } from './PromptListTable';
export { PromptDetailPage } from './PromptDetailPage';
export { PromptTemplate, tokenizeTemplate } from './PromptTemplate';
export type { PromptTemplateProps, TemplateToken } from './PromptTemplate';
