import { sortIssues, toValidationResult } from '../validation/issues';
import type { ValidationResult } from '../validation/types';
import { checkPromptDefinition } from '../validation/validatePromptDefinition';
import { tokenBudgetIssues } from './budgetIssues';
import { budgetOfCheckedDefinition } from './computeTokenBudget';
import { loadTokenizer } from './loadTokenizer';
import { resolveModel } from './modelCatalogue';
import {
  ComputeTokenBudgetOptions,
  isTokenizerEncoding,
  ModelTokenSpecOverrides,
  TokenBudget,
  TokenBudgetOptions,
  Tokenizer,
  TokenizerEncoding,
} from './types';

/**
 * Everything the validator says about a definition, with its token budget:
 * the body of `POST /validate` and the `validation` of a prompt's detail.
 *
 * @public
 */
export interface PromptValidationReport extends ValidationResult {
  budget: TokenBudget;
}

/**
 * The encoding to load for a model id, or undefined when the model is
 * unknown or its configured tokenizer is not supported (the budget then
 * estimates). Lets the editor preload the encoder as soon as a model is chosen.
 *
 * @public
 */
export function tokenizerEncodingForModel(
  modelId: string,
  models?: ModelTokenSpecOverrides,
): TokenizerEncoding | undefined {
  const tokenizer = resolveModel(modelId, models).tokenizer;
  return tokenizer !== undefined && isTokenizerEncoding(tokenizer)
    ? tokenizer
    : undefined;
}

/** Loads the tokenizer the definition's model needs, if any. */
async function loadTokenizerFor(
  definition: unknown,
  models: ModelTokenSpecOverrides | undefined,
): Promise<Tokenizer | undefined> {
  const modelId =
    typeof definition === 'object' && definition !== null
      ? (definition as { modelId?: unknown }).modelId
      : undefined;
  if (typeof modelId !== 'string' || modelId.trim() === '') return undefined;
  const encoding = tokenizerEncodingForModel(modelId, models);
  return encoding ? loadTokenizer(encoding) : undefined;
}

/**
 * Validates a definition and computes its budget synchronously, adding the
 * budget's issues (`token-budget-exceeded`, `context-window-exceeded`,
 * `unknown-model`, `unsupported-tokenizer`) to the validator's. The template
 * is parsed once. Exact when `options.tokenizer` is the model's encoding,
 * estimated otherwise (see {@link computeTokenBudget}): the editor calls this
 * on every change, with the tokenizer once it has loaded.
 *
 * @public
 */
export function createPromptValidationReport(
  definition: unknown,
  options: ComputeTokenBudgetOptions = {},
): PromptValidationReport {
  const checked = checkPromptDefinition(definition);
  const budget = budgetOfCheckedDefinition(checked, options);
  const issues = [
    ...checked.issues,
    ...tokenBudgetIssues(budget, checked.inspected.modelId),
  ];
  return { ...toValidationResult(sortIssues(issues)), budget };
}

/**
 * {@link computeTokenBudget} with the model's real tokenizer, loaded lazily
 * (and once) by {@link loadTokenizer}.
 *
 * @throws TokenizerLoadError when the encoder cannot be loaded.
 * @public
 */
export async function computeTokenBudgetAsync(
  definition: unknown,
  options: TokenBudgetOptions = {},
): Promise<TokenBudget> {
  const tokenizer = await loadTokenizerFor(definition, options.models);
  return budgetOfCheckedDefinition(checkPromptDefinition(definition), {
    ...options,
    tokenizer,
  });
}

/**
 * The full validation with exact token counts: what the backend enforces on
 * create and update and answers on `POST /validate`. Loads the model's
 * tokenizer lazily (once per encoding) and then runs
 * {@link createPromptValidationReport}.
 *
 * @throws TokenizerLoadError when the encoder cannot be loaded.
 * @public
 */
export async function validatePromptDefinitionWithBudget(
  definition: unknown,
  options: TokenBudgetOptions = {},
): Promise<PromptValidationReport> {
  const tokenizer = await loadTokenizerFor(definition, options.models);
  return createPromptValidationReport(definition, { ...options, tokenizer });
}
