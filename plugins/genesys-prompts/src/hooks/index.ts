export { useEntityPrompts } from './useEntityPrompts';
export { usePrompt } from './usePrompt';
export { usePromptVersions, usePromptAudit } from './usePromptHistory';
export type { PagedListState } from './usePagedList';
export {
  usePromptValidation,
  useTokenBudgetOptions,
  validateInBrowser,
  VALIDATION_DEBOUNCE_MS,
} from './usePromptValidation';
export {
  useEntityMetrics,
  useGuardChecks,
  usePromptMetrics,
} from './useMetrics';
export {
  RESULTS_REFRESH_MS,
  useExperimentResults,
  useExperiments,
} from './useExperiments';
export { useExportTargets } from './useExportTargets';
