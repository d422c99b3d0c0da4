export { TOKENIZER_ENCODINGS, isTokenizerEncoding } from './types';
export type {
  ComputeTokenBudgetOptions,
  ModelTokenSpec,
  ModelTokenSpecOverrides,
  TokenBudget,
  TokenBudgetOptions,
  TokenEstimateReason,
  Tokenizer,
  TokenizerEncoding,
} from './types';
export { BUILT_IN_MODELS, resolveModel } from './modelCatalogue';
export type { ResolvedModel } from './modelCatalogue';
export { ESTIMATE_TOKENIZER, estimateTokens } from './estimateTokens';
export {
  computeTokenBudget,
  DEFAULT_RESERVE_TOKENS,
  DEFAULT_VARIABLE_ALLOWANCE_TOKENS,
} from './computeTokenBudget';
export { tokenBudgetIssues } from './budgetIssues';
export {
  getLoadedTokenizer,
  loadTokenizer,
  TokenizerLoadError,
} from './loadTokenizer';
export {
  computeTokenBudgetAsync,
  createPromptValidationReport,
  tokenizerEncodingForModel,
  validatePromptDefinitionWithBudget,
} from './validationReport';
export type { PromptValidationReport } from './validationReport';
export { readTokenBudgetOptions } from './readTokenBudgetOptions';
