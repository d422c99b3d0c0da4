import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { PromptListResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
import { useMemo } from 'react';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { genesysPromptsApiRef } from '../api';

/**
 * Loads the prompts an entity owns; `retry` reloads them. While it loads,
 * `value` is the list the API client loaded recently, if it has one
 * (stale-while-revalidate), with `loading` still true; after an error a
 * retry shows no list until it answers.
 *
 * @public
 */
export function useEntityPrompts(
  entityRef: CompoundEntityRef,
): AsyncStateRetry<PromptListResponse> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  // Once per entity: what to show until this mount's own load answers.
  const recent = useMemo(
    () => api.peekEntityPrompts?.({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
  // Depend on the ref's parts: callers usually build a new ref object on every render.
  const state = useAsyncRetry<PromptListResponse>(
    () => api.getEntityPrompts({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
  if (
    state.loading &&
    state.value === undefined &&
    state.error === undefined &&
    recent
  ) {
    return { ...state, value: recent };
  }
  return state;
}
