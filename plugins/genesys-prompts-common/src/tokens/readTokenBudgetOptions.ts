import type { Config } from '@backstage/config';
import type { ModelTokenSpecOverrides, TokenBudgetOptions } from './types';

/**
 * The token budget options from `genesysPrompts.models` (a list: model ids
 * contain dots, which config keys cannot) and `genesysPrompts.budget`. The
 * backend and the browser read the same keys (they are visible to the
 * frontend), so the live budget in the editor is the one the backend enforces.
 *
 * @public
 */
export function readTokenBudgetOptions(config: Config): TokenBudgetOptions {
  const models: ModelTokenSpecOverrides = {};
  for (const model of config.getOptionalConfigArray('genesysPrompts.models') ??
    []) {
    models[model.getString('modelId')] = {
      tokenizer: model.getOptionalString('tokenizer'),
      contextWindow: model.getOptionalNumber('contextWindow'),
    };
  }
  return {
    models,
    variableAllowanceTokens: config.getOptionalNumber(
      'genesysPrompts.budget.variableAllowanceTokens',
    ),
    reserveTokens: config.getOptionalNumber(
      'genesysPrompts.budget.reserveTokens',
    ),
  };
}
