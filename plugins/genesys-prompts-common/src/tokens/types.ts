/** A BPE encoding this package can load. @public */
export type TokenizerEncoding = 'cl100k_base' | 'o200k_base';

/** Every {@link TokenizerEncoding}, for config validation and docs. @public */
export const TOKENIZER_ENCODINGS: readonly TokenizerEncoding[] = [
  'cl100k_base',
  'o200k_base',
];

/** True when `name` is a {@link TokenizerEncoding}. @public */
export function isTokenizerEncoding(name: string): name is TokenizerEncoding {
  return (TOKENIZER_ENCODINGS as readonly string[]).includes(name);
}

/** A loaded encoder that counts the tokens of a text. @public */
export interface Tokenizer {
  readonly encoding: TokenizerEncoding;
  /** Tokens of `text`; special-token strings such as `<|endoftext|>` count as ordinary text. */
  countTokens(text: string): number;
}

/** What the budget needs to know about a model. @public */
export interface ModelTokenSpec {
  /** The encoding name, normally a {@link TokenizerEncoding}. */
  tokenizer: string;
  /** Input plus output tokens the model accepts. */
  contextWindow: number;
}

/**
 * Per-model settings from config (`genesysPrompts.models.<modelId>`), keyed
 * by the exact modelId prompts use. A field left out keeps the built-in value.
 *
 * @public
 */
export type ModelTokenSpecOverrides = Record<string, Partial<ModelTokenSpec>>;

/** Options of the token budget. @public */
export interface TokenBudgetOptions {
  /** Config overrides and additions to the built-in model catalogue. */
  models?: ModelTokenSpecOverrides;
  /**
   * Tokens allowed for each variable substitution, i.e. for each `{{name}}`
   * in the template (a variable used twice is substituted twice).
   * Default {@link DEFAULT_VARIABLE_ALLOWANCE_TOKENS}.
   */
  variableAllowanceTokens?: number;
  /** Tokens kept free for the model's answer. Default {@link DEFAULT_RESERVE_TOKENS}. */
  reserveTokens?: number;
}

/** Options of the synchronous budget: a tokenizer the caller already loaded. @public */
export interface ComputeTokenBudgetOptions extends TokenBudgetOptions {
  /**
   * A loaded tokenizer ({@link loadTokenizer}). Used when its encoding is the
   * model's; otherwise, or when absent, template tokens are estimated.
   */
  tokenizer?: Tokenizer;
}

/**
 * Why a budget's template tokens are an estimate:
 * `unknown-model` (not built in, not configured), `unsupported-tokenizer`
 * (configured with an encoding this package cannot load), or
 * `tokenizer-not-loaded` (the synchronous budget was called without the
 * model's tokenizer, as the editor does until it has loaded).
 *
 * @public
 */
export type TokenEstimateReason =
  | 'unknown-model'
  | 'unsupported-tokenizer'
  | 'tokenizer-not-loaded';

/**
 * A prompt's token budget: what it needs, against what it may use.
 *
 * @public
 */
export interface TokenBudget {
  /** The model's encoding, or `estimate` when the model is unknown. */
  tokenizer: string;
  /** True when templateTokens is the heuristic estimate, not an exact count. */
  estimated: boolean;
  /** Set when `estimated` is true. */
  estimateReason?: TokenEstimateReason;
  /** Tokens of the template's literal text (placeholders excluded). */
  templateTokens: number;
  /** Sum of the context rules' maxTokens. */
  contextTokens: number;
  /** variableAllowanceTokens times the number of variable substitutions. */
  variableTokens: number;
  /** Tokens kept free for the answer. */
  reserveTokens: number;
  /** templateTokens + contextTokens + variableTokens + reserveTokens. */
  total: number;
  /** The prompt's maxTokens; null when missing or invalid. */
  limit: number | null;
  /** The model's context window; null when the model is unknown. */
  contextWindow: number | null;
  /** total fits both limit and contextWindow (an unknown window is not checked; an unknown limit never fits). */
  fits: boolean;
}
