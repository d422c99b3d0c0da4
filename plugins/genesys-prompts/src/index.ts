/**
 * Frontend plugin showing the Genesys Cloud LLM prompts a catalog entity owns.
 *
 * @packageDocumentation
 */

export { genesysPromptsPlugin, EntityGenesysPromptsContent } from './plugin';
export { genesysPromptsApiRef, GenesysPromptsClient } from './api';
export type { GenesysPromptsApi, GenesysPromptsClientOptions } from './api';
export { useEntityPrompts, usePrompt } from './hooks';
export { PromptTemplate, tokenizeTemplate } from './components';
export type { PromptTemplateProps, TemplateToken } from './components';
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
} from '@genesys-prompts/plugin-genesys-prompts-common';
