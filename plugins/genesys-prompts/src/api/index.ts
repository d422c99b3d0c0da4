export { genesysPromptsApiRef } from './GenesysPromptsApi';
export type {
  GenesysPromptsApi,
  MetricsRequest,
  PageRequest,
  PromoteExperimentResponse,
  TimeRangeRequest,
  UpdatePromptRequest,
} from './GenesysPromptsApi';
export { GenesysPromptsClient } from './GenesysPromptsClient';
export type { GenesysPromptsClientOptions } from './GenesysPromptsClient';
