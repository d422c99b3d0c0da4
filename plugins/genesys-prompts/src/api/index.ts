export { genesysPromptsApiRef } from './GenesysPromptsApi';
export type {
  AuditExportRequest,
  GenesysPromptsApi,
  MetricsRequest,
  PageRequest,
  PromptDefinitionInput,
  TimeRangeRequest,
  UpdatePromptRequest,
} from './GenesysPromptsApi';
export { GenesysPromptsClient } from './GenesysPromptsClient';
export type { GenesysPromptsClientOptions } from './GenesysPromptsClient';
export type { PromoteExperimentResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
export { downloadFile } from './downloadFile';
export type { DownloadOptions } from './downloadFile';
