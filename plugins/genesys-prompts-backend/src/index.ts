/**
 * Backend plugin for the Genesys Cloud LLM prompts owned by catalog entities.
 *
 * @packageDocumentation
 */

export { genesysPromptsPlugin as default } from './plugin';
export type { GenesysPromptsGateway } from './services/GenesysClient/GenesysClient';
export { GenesysApiError } from './services/GenesysClient/errors';
