import { useApi } from '@backstage/core-plugin-api';
import { ExportTargetsResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { genesysPromptsApiRef } from '../api';

/**
 * The export targets the backend's config names (`genesysPrompts.exportTargets`).
 *
 * @public
 */
export function useExportTargets(): AsyncStateRetry<ExportTargetsResponse> {
  const api = useApi(genesysPromptsApiRef);
  return useAsyncRetry(() => api.getExportTargets(), [api]);
}
