import type { ModelTokenSpec, ModelTokenSpecOverrides } from './types';

/**
 * Built-in tokenizer and context window of common OpenAI models, from
 * OpenAI's model documentation and tiktoken's model-to-encoding map. Keys
 * are OpenAI model ids; a prompt's `openai-gpt-4o` or `openai/gpt-4o` and a
 * dated snapshot such as `gpt-4o-2024-08-06` resolve to `gpt-4o` (see
 * {@link resolveModel}). Config (`genesysPrompts.models`) overrides any entry.
 *
 * @public
 */
export const BUILT_IN_MODELS: Readonly<Record<string, ModelTokenSpec>> = {
  'gpt-3.5-turbo': { tokenizer: 'cl100k_base', contextWindow: 16_385 },
  'gpt-4': { tokenizer: 'cl100k_base', contextWindow: 8_192 },
  'gpt-4-32k': { tokenizer: 'cl100k_base', contextWindow: 32_768 },
  'gpt-4-turbo': { tokenizer: 'cl100k_base', contextWindow: 128_000 },
  'gpt-4-turbo-preview': { tokenizer: 'cl100k_base', contextWindow: 128_000 },
  'gpt-4-1106-preview': { tokenizer: 'cl100k_base', contextWindow: 128_000 },
  'gpt-4-0125-preview': { tokenizer: 'cl100k_base', contextWindow: 128_000 },
  'gpt-4o': { tokenizer: 'o200k_base', contextWindow: 128_000 },
  'gpt-4o-mini': { tokenizer: 'o200k_base', contextWindow: 128_000 },
  'gpt-4.1': { tokenizer: 'o200k_base', contextWindow: 1_047_576 },
  'gpt-4.1-mini': { tokenizer: 'o200k_base', contextWindow: 1_047_576 },
  'gpt-4.1-nano': { tokenizer: 'o200k_base', contextWindow: 1_047_576 },
  o1: { tokenizer: 'o200k_base', contextWindow: 200_000 },
  'o1-mini': { tokenizer: 'o200k_base', contextWindow: 128_000 },
  'o1-preview': { tokenizer: 'o200k_base', contextWindow: 128_000 },
  o3: { tokenizer: 'o200k_base', contextWindow: 200_000 },
  'o3-mini': { tokenizer: 'o200k_base', contextWindow: 200_000 },
  'o4-mini': { tokenizer: 'o200k_base', contextWindow: 200_000 },
  'gpt-5': { tokenizer: 'o200k_base', contextWindow: 400_000 },
  'gpt-5-mini': { tokenizer: 'o200k_base', contextWindow: 400_000 },
  'gpt-5-nano': { tokenizer: 'o200k_base', contextWindow: 400_000 },
};

/** A model id resolved against config and the built-in catalogue. @public */
export interface ResolvedModel {
  modelId: string;
  /** Where the settings came from; `config` also when config completes a built-in entry. */
  source: 'config' | 'built-in' | 'unknown';
  /** The key of the built-in entry used, when one was. */
  builtInId?: string;
  tokenizer?: string;
  contextWindow?: number;
}

// Vendor prefixes the gateway's model ids carry in front of OpenAI's ids.
const VENDOR_PREFIX = /^(?:openai[-/])/;

/**
 * The built-in entry for a model id: exact after dropping the vendor prefix
 * and lower-casing, else the longest entry the id extends with `-...`
 * (`gpt-4o-mini-2024-07-18` is `gpt-4o-mini`, not `gpt-4o`).
 */
function findBuiltIn(modelId: string): string | undefined {
  const id = modelId.trim().toLowerCase().replace(VENDOR_PREFIX, '');
  if (Object.hasOwn(BUILT_IN_MODELS, id)) return id;
  let best: string | undefined;
  for (const key of Object.keys(BUILT_IN_MODELS)) {
    if (id.startsWith(`${key}-`) && (!best || key.length > best.length)) {
      best = key;
    }
  }
  return best;
}

/**
 * Resolves a prompt's `modelId` to its tokenizer and context window: config
 * first (exact key), field by field over the built-in entry the id matches.
 *
 * @public
 */
export function resolveModel(
  modelId: string,
  models: ModelTokenSpecOverrides = {},
): ResolvedModel {
  const builtInId = findBuiltIn(modelId);
  const builtIn = builtInId ? BUILT_IN_MODELS[builtInId] : undefined;
  const configured = Object.hasOwn(models, modelId)
    ? models[modelId]
    : undefined;
  if (!builtIn && !configured) {
    return { modelId, source: 'unknown' };
  }
  return {
    modelId,
    source: configured ? 'config' : 'built-in',
    ...(builtInId ? { builtInId } : {}),
    tokenizer: configured?.tokenizer ?? builtIn?.tokenizer,
    contextWindow: configured?.contextWindow ?? builtIn?.contextWindow,
  };
}
