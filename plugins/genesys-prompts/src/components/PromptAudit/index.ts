export { PromptAuditTab, summarizeAuditDetails } from './PromptAuditTab';
