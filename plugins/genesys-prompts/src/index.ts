/**
 * Frontend plugin showing the Genesys Cloud LLM prompts a catalog entity owns.
 *
 * @packageDocumentation
 */

export {
  genesysPromptsPlugin,
  EntityGenesysPromptsContent,
  EntityGenesysPromptsMetricsCard,
} from './plugin';
export { genesysPromptsApiRef, GenesysPromptsClient } from './api';
export type {
  AuditExportRequest,
  GenesysPromptsApi,
  GenesysPromptsClientOptions,
  MetricsRequest,
  PageRequest,
  PromoteExperimentResponse,
  PromptDefinitionInput,
  TimeRangeRequest,
  UpdatePromptRequest,
} from './api';
export {
  useEntityMetrics,
  useEntityPrompts,
  useExperimentResults,
  useExperiments,
  useExportTargets,
  useGuardChecks,
  usePrompt,
  usePromptAudit,
  usePromptMetrics,
  usePromptValidation,
  usePromptVersions,
} from './hooks';
export type { PagedListState } from './hooks';
export {
  PromptDiff,
  PromptEditor,
  PromptTemplate,
  RollbackDialog,
  tokenizeTemplate,
  TokenBudgetBar,
  ValidationIssueList,
} from './components';
export type {
  PromptDiffProps,
  PromptEditorProps,
  PromptEditorSubmission,
  PromptTemplateProps,
  RollbackDialogProps,
  TemplateToken,
  TokenBudgetBarProps,
  ValidationIssueListProps,
} from './components';
export {
  GENESYS_PROMPTS_ANNOTATION,
  isGenesysPromptsAvailable,
} from '@genesys-prompts/plugin-genesys-prompts-common';
export type {
  GenesysPrompt,
  GenesysPromptVariable,
  GenesysContextRule,
  PromptSummary,
  PromptListResponse,
  PromptDetailResponse,
  PromptVersionSummary,
  PromptVersionDetail,
  PromptWriteResponse,
  RollbackRequest,
  AuditLogEntry,
  PagedResponse,
  CreateExperimentRequest,
  DeployMarker,
  EntityMetricsResponse,
  Experiment,
  ExperimentResults,
  ExperimentStatus,
  ExperimentVariant,
  GuardCheck,
  GuardCheckStatus,
  GuardThresholds,
  MetricsGranularity,
  MetricsPoint,
  MetricsTotals,
  PromoteExperimentRequest,
  PromptBadges,
  PromptMetricsResponse,
  StopExperimentRequest,
  VariantComparison,
  AuditExportFormat,
  ExportFormat,
  ExportPromptRequest,
  ExportPromptResponse,
  ExportTargetSummary,
  ExportTargetsResponse,
  PromptHistoryExport,
} from '@genesys-prompts/plugin-genesys-prompts-common';
