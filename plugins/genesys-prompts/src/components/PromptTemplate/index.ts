export { PromptTemplate } from './PromptTemplate';
export type { PromptTemplateProps } from './PromptTemplate';
export { tokenizeTemplate } from './tokenizeTemplate';
export type { TemplateToken } from './tokenizeTemplate';
