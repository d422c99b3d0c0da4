export { genesysPromptsApiRef } from './GenesysPromptsApi';
export type {
  GenesysPromptsApi,
  PageRequest,
  UpdatePromptRequest,
} from './GenesysPromptsApi';
export { GenesysPromptsClient } from './GenesysPromptsClient';
export type { GenesysPromptsClientOptions } from './GenesysPromptsClient';
