export { genesysPromptsApiRef } from './GenesysPromptsApi';
export type { GenesysPromptsApi } from './GenesysPromptsApi';
export { GenesysPromptsClient } from './GenesysPromptsClient';
export type { GenesysPromptsClientOptions } from './GenesysPromptsClient';
