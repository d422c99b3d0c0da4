import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { PromptListResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { genesysPromptsApiRef } from '../api';

/**
 * Loads the prompts an entity owns; `retry` reloads them.
 *
 * @public
 */
export function useEntityPrompts(
  entityRef: CompoundEntityRef,
): AsyncStateRetry<PromptListResponse> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  // Depend on the ref's parts: callers usually build a new ref object on every render.
  return useAsyncRetry<PromptListResponse>(
    () => api.getEntityPrompts({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}
