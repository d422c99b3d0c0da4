export { Notice } from './Notice';
export type { NoticeSeverity } from './Notice';
