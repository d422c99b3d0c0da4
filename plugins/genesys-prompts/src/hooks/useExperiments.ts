import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  Experiment,
  ExperimentResults,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { useEffect } from 'react';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { genesysPromptsApiRef } from '../api';

/** How often live experiment results are fetched again. */
export const RESULTS_REFRESH_MS = 30_000;

/**
 * A prompt's experiments, newest first. Changing `refreshKey` reloads them.
 *
 * @public
 */
export function useExperiments(
  entityRef: CompoundEntityRef,
  promptId: string,
  refreshKey: number = 0,
): AsyncStateRetry<Experiment[]> {
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  return useAsyncRetry<Experiment[]>(
    async () =>
      (await api.listExperiments({ kind, namespace, name }, promptId)).items,
    [api, kind, namespace, name, promptId, refreshKey],
  );
}

/**
 * An experiment's results, fetched again every `refreshMs` while `live`
 * (and on `retry`); the previous answer stays shown while reloading.
 *
 * @public
 */
export function useExperimentResults(
  entityRef: CompoundEntityRef,
  promptId: string,
  experimentId: string,
  options: { live?: boolean; refreshMs?: number } = {},
): AsyncStateRetry<ExperimentResults> {
  const { live = true, refreshMs = RESULTS_REFRESH_MS } = options;
  const api = useApi(genesysPromptsApiRef);
  const { kind, namespace, name } = entityRef;
  const state = useAsyncRetry<ExperimentResults>(
    () =>
      api.getExperimentResults(
        { kind, namespace, name },
        promptId,
        experimentId,
      ),
    [api, kind, namespace, name, promptId, experimentId],
  );
  const { retry } = state;
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(retry, refreshMs);
    return () => clearInterval(timer);
  }, [live, refreshMs, retry]);
  return state;
}
