import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  PromptDetailResponse,
  PromptListResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/**
 * Reads the Genesys prompts a catalog entity owns, through the plugin's backend.
 *
 * @public
 */
export interface GenesysPromptsApi {
  /** The prompts the entity's annotation names; names Genesys lacks come back as `notFound`. */
  getEntityPrompts(entityRef: CompoundEntityRef): Promise<PromptListResponse>;
  /** One prompt the entity owns, with its local version and drift state. */
  getPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<PromptDetailResponse>;
}

/**
 * Utility API reference for {@link GenesysPromptsApi}.
 *
 * @public
 */
export const genesysPromptsApiRef = createApiRef<GenesysPromptsApi>({
  id: 'plugin.genesys-prompts.service',
});
