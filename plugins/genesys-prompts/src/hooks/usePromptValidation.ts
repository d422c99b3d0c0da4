import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  createPromptValidationReport,
  getLoadedTokenizer,
  loadTokenizer,
  PromptValidationReport,
  readTokenBudgetOptions,
  TokenBudgetOptions,
  tokenizerEncodingForModel,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { useEffect, useMemo, useState } from 'react';

/** Default pause after the last change before validating again. */
export const VALIDATION_DEBOUNCE_MS = 250;

function modelIdOf(definition: unknown): string | undefined {
  const modelId =
    typeof definition === 'object' && definition !== null
      ? (definition as { modelId?: unknown }).modelId
      : undefined;
  return typeof modelId === 'string' && modelId.trim() !== ''
    ? modelId
    : undefined;
}

/**
 * Validates a definition with the shared validator and token budget, using
 * the model's tokenizer once it has loaded (estimated until then).
 *
 * @public
 */
export function validateInBrowser(
  definition: unknown,
  options: TokenBudgetOptions = {},
): PromptValidationReport {
  const modelId = modelIdOf(definition);
  const encoding = modelId
    ? tokenizerEncodingForModel(modelId, options.models)
    : undefined;
  return createPromptValidationReport(definition, {
    ...options,
    tokenizer: encoding ? getLoadedTokenizer(encoding) : undefined,
  });
}

/**
 * The model catalogue and budget settings from app-config, the same ones the
 * backend enforces.
 *
 * @public
 */
export function useTokenBudgetOptions(): TokenBudgetOptions {
  const config = useApi(configApiRef);
  return useMemo(() => readTokenBudgetOptions(config), [config]);
}

/**
 * Live validation of a definition being edited: the report for the
 * definition as it was `delayMs` after the last change. Starts loading the
 * model's tokenizer (a separate chunk) as soon as the model is known and
 * validates again when it arrives, so token counts become exact.
 *
 * Pass a definition that keeps its identity between renders (memoise it),
 * or every render restarts the pause.
 *
 * @public
 */
export function usePromptValidation(
  definition: unknown,
  options: { delayMs?: number } = {},
): PromptValidationReport {
  const { delayMs = VALIDATION_DEBOUNCE_MS } = options;
  const budgetOptions = useTokenBudgetOptions();
  const modelId = modelIdOf(definition);
  const encoding = modelId
    ? tokenizerEncodingForModel(modelId, budgetOptions.models)
    : undefined;
  // Bumped when a tokenizer finishes loading, to validate again.
  const [tokenizersLoaded, setTokenizersLoaded] = useState(0);
  // The first report is synchronous, so a prefilled form shows its state at once.
  const [report, setReport] = useState(() =>
    validateInBrowser(definition, budgetOptions),
  );

  useEffect(() => {
    if (!encoding || getLoadedTokenizer(encoding)) return undefined;
    let mounted = true;
    loadTokenizer(encoding).then(
      () => {
        if (mounted) setTokenizersLoaded(n => n + 1);
      },
      // The budget stays an estimate, and says so.
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, [encoding]);

  useEffect(() => {
    const timer = setTimeout(
      () => setReport(validateInBrowser(definition, budgetOptions)),
      delayMs,
    );
    return () => clearTimeout(timer);
  }, [definition, delayMs, tokenizersLoaded, budgetOptions]);

  return report;
}
