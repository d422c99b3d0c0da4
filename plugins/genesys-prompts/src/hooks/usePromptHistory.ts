import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  AuditLogEntry,
  PromptVersionSummary,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { genesysPromptsApiRef } from '../api';
import { PagedListState, usePagedList } from './usePagedList';

const PAGE_SIZE = 50;

/**
 * A prompt's version history, newest first, page by page. Changing
 * `refreshKey` reloads it (after a rollback or an edit).
 *
 * @public
 */
export function usePromptVersions(
  entityRef: CompoundEntityRef,
  promptId: string,
  refreshKey: number = 0,
): PagedListState<PromptVersionSummary> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  return usePagedList(
    cursor =>
      api.getPromptVersions({ kind, namespace, name }, promptId, {
        limit: PAGE_SIZE,
        cursor,
      }),
    JSON.stringify([kind, namespace, name, promptId, refreshKey]),
  );
}

/**
 * A prompt's audit entries, newest first, page by page. Changing
 * `refreshKey` reloads them.
 *
 * @public
 */
export function usePromptAudit(
  entityRef: CompoundEntityRef,
  promptId: string,
  refreshKey: number = 0,
): PagedListState<AuditLogEntry> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  return usePagedList(
    cursor =>
      api.getPromptAudit({ kind, namespace, name }, promptId, {
        limit: PAGE_SIZE,
        cursor,
      }),
    JSON.stringify([kind, namespace, name, promptId, refreshKey]),
  );
}
