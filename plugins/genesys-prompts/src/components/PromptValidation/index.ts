export { ValidationIssueList, issueLocation } from './ValidationIssueList';
export type { ValidationIssueListProps } from './ValidationIssueList';
export { TokenBudgetBar } from './TokenBudgetBar';
export type { TokenBudgetBarProps } from './TokenBudgetBar';
export { TemplateIssueHighlight } from './TemplateIssueHighlight';
export { issueRanges, lineStarts, offsetAt } from './templatePositions';
