import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { PromptDetailResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { genesysPromptsApiRef } from '../api';

/**
 * Loads one prompt an entity owns; `retry` reloads it.
 *
 * @public
 */
export function usePrompt(
  entityRef: CompoundEntityRef,
  promptId: string,
): AsyncStateRetry<PromptDetailResponse> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  // Depend on the ref's parts: callers usually build a new ref object on every render.
  return useAsyncRetry<PromptDetailResponse>(
    () => api.getPrompt({ kind, namespace, name }, promptId),
    [api, kind, namespace, name, promptId],
  );
}
