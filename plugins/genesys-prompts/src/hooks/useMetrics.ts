import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityMetricsResponse,
  GuardCheck,
  PromptMetricsResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { genesysPromptsApiRef, MetricsRequest } from '../api';

/**
 * Totals, series and badges of every prompt an entity owns over `request`
 * (pass a stable range: a new `from` or `to` reloads).
 *
 * @public
 */
export function useEntityMetrics(
  entityRef: CompoundEntityRef,
  request: MetricsRequest = {},
): AsyncStateRetry<EntityMetricsResponse> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  const { from, to, granularity } = request;
  return useAsyncRetry<EntityMetricsResponse>(
    () =>
      api.getEntityMetrics(
        { kind, namespace, name },
        { from, to, granularity },
      ),
    [api, kind, namespace, name, from, to, granularity],
  );
}

/**
 * One prompt's metrics over `request`, per variant when an experiment runs.
 *
 * @public
 */
export function usePromptMetrics(
  entityRef: CompoundEntityRef,
  promptId: string,
  request: MetricsRequest = {},
): AsyncStateRetry<PromptMetricsResponse> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  const { from, to, granularity } = request;
  return useAsyncRetry<PromptMetricsResponse>(
    () =>
      api.getPromptMetrics({ kind, namespace, name }, promptId, {
        from,
        to,
        granularity,
      }),
    [api, kind, namespace, name, promptId, from, to, granularity],
  );
}

/**
 * The guard's checks of a prompt's deploys, newest first.
 *
 * @public
 */
export function useGuardChecks(
  entityRef: CompoundEntityRef,
  promptId: string,
  refreshKey: number = 0,
): AsyncStateRetry<GuardCheck[]> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  return useAsyncRetry<GuardCheck[]>(
    async () =>
      (await api.getGuardChecks({ kind, namespace, name }, promptId)).items,
    [api, kind, namespace, name, promptId, refreshKey],
  );
}
