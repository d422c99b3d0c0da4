import {
  CheckedDefinition,
  checkPromptDefinition,
} from '../validation/validatePromptDefinition';
import { ESTIMATE_TOKENIZER, estimateTokens } from './estimateTokens';
import { ResolvedModel, resolveModel } from './modelCatalogue';
import {
  ComputeTokenBudgetOptions,
  isTokenizerEncoding,
  TokenBudget,
  TokenEstimateReason,
  Tokenizer,
} from './types';

/**
 * Default tokens allowed per variable substitution: a name, an id, a short
 * sentence. Variables carrying documents should be budgeted as context rules.
 *
 * @public
 */
export const DEFAULT_VARIABLE_ALLOWANCE_TOKENS = 50;

/**
 * Default tokens kept free for the model's answer: a few short paragraphs,
 * small enough that the demo prompts with maxTokens 1024 still fit.
 *
 * @public
 */
export const DEFAULT_RESERVE_TOKENS = 256;

function nonNegativeInteger(
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${name} must be a non-negative integer, not ${value}`,
    );
  }
  return value;
}

/** How template tokens are counted for this model, and why if estimated. */
function chooseCounter(
  model: ResolvedModel | undefined,
  tokenizer: Tokenizer | undefined,
): {
  tokenizer: string;
  count: (text: string) => number;
  estimateReason?: TokenEstimateReason;
} {
  if (!model || model.source === 'unknown') {
    return {
      tokenizer: ESTIMATE_TOKENIZER,
      count: estimateTokens,
      estimateReason: 'unknown-model',
    };
  }
  const encoding = model.tokenizer;
  if (!encoding || !isTokenizerEncoding(encoding)) {
    return {
      tokenizer: encoding ?? ESTIMATE_TOKENIZER,
      count: estimateTokens,
      estimateReason: 'unsupported-tokenizer',
    };
  }
  if (tokenizer?.encoding !== encoding) {
    // The editor's first render, before the encoder chunk has arrived.
    return {
      tokenizer: encoding,
      count: estimateTokens,
      estimateReason: 'tokenizer-not-loaded',
    };
  }
  return { tokenizer: encoding, count: text => tokenizer.countTokens(text) };
}

/** The budget of a definition that has already been checked. */
export function budgetOfCheckedDefinition(
  checked: CheckedDefinition,
  options: ComputeTokenBudgetOptions = {},
): TokenBudget {
  const variableAllowance = nonNegativeInteger(
    options.variableAllowanceTokens,
    DEFAULT_VARIABLE_ALLOWANCE_TOKENS,
    'variableAllowanceTokens',
  );
  const reserveTokens = nonNegativeInteger(
    options.reserveTokens,
    DEFAULT_RESERVE_TOKENS,
    'reserveTokens',
  );
  const { inspected, parsed } = checked;
  const model =
    inspected.modelId !== undefined
      ? resolveModel(inspected.modelId, options.models)
      : undefined;
  const counter = chooseCounter(model, options.tokenizer);

  // Each literal segment is counted on its own: a substituted value separates
  // it from its neighbours, so no token spans a placeholder.
  let templateTokens = 0;
  for (const segment of parsed?.literalSegments ?? []) {
    if (segment !== '') templateTokens += counter.count(segment);
  }
  const substitutions =
    parsed?.placeholders.filter(placeholder => placeholder.isVariable).length ??
    0;
  const variableTokens = substitutions * variableAllowance;
  const contextTokens = inspected.contextTokens;
  const total = templateTokens + contextTokens + variableTokens + reserveTokens;
  const limit = inspected.maxTokens ?? null;
  const contextWindow = model?.contextWindow ?? null;

  return {
    tokenizer: counter.tokenizer,
    estimated: counter.estimateReason !== undefined,
    ...(counter.estimateReason
      ? { estimateReason: counter.estimateReason }
      : {}),
    templateTokens,
    contextTokens,
    variableTokens,
    reserveTokens,
    total,
    limit,
    contextWindow,
    fits:
      limit !== null &&
      total <= limit &&
      (contextWindow === null || total <= contextWindow),
  };
}

/**
 * Computes a prompt's token budget synchronously: template tokens (the
 * literal text, placeholders excluded), plus the context rules' maxTokens,
 * plus an allowance per variable substitution, plus a reserve for the answer;
 * against the prompt's maxTokens and the model's context window.
 *
 * Template tokens are exact when `options.tokenizer` is the model's encoding
 * (load it with {@link loadTokenizer}); otherwise they are estimated
 * ({@link estimateTokens}) and the budget says why in `estimateReason`.
 * {@link computeTokenBudgetAsync} loads the tokenizer itself.
 *
 * @param definition - A prompt definition, possibly partial or invalid; missing parts count 0.
 * @throws RangeError when an allowance or the reserve is not a non-negative integer.
 * @public
 */
export function computeTokenBudget(
  definition: unknown,
  options: ComputeTokenBudgetOptions = {},
): TokenBudget {
  return budgetOfCheckedDefinition(checkPromptDefinition(definition), options);
}
