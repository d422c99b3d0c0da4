import { fieldIssue } from '../validation/issues';
import type { ValidationIssue } from '../validation/types';
import { ESTIMATE_TOKENIZER } from './estimateTokens';
import { TOKENIZER_ENCODINGS, TokenBudget } from './types';

function breakdown(budget: TokenBudget): string {
  const approx = budget.estimated ? 'about ' : '';
  return (
    `${approx}${budget.total} tokens (template ${budget.templateTokens} + ` +
    `context ${budget.contextTokens} + variables ${budget.variableTokens} + ` +
    `reserve ${budget.reserveTokens})`
  );
}

/**
 * The issues a token budget raises: `token-budget-exceeded` and
 * `context-window-exceeded` (errors), and `unknown-model` or
 * `unsupported-tokenizer` (warnings) when the counts are estimates for a
 * reason the prompt's author can fix in config.
 *
 * @param budget - From {@link computeTokenBudget}.
 * @param modelId - The prompt's modelId, named in the messages; when absent
 *   the model warnings are left out (a missing modelId is its own error).
 * @public
 */
export function tokenBudgetIssues(
  budget: TokenBudget,
  modelId: string | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (modelId !== undefined && budget.estimateReason === 'unknown-model') {
    issues.push(
      fieldIssue(
        'unknown-model',
        'modelId',
        `Model "${modelId}" is not built in or configured: tokens are estimated and its context window is not checked. ` +
          `Set genesysPrompts.models.${modelId}.tokenizer and .contextWindow in app-config.`,
      ),
    );
  }
  if (
    modelId !== undefined &&
    budget.estimateReason === 'unsupported-tokenizer'
  ) {
    const configured =
      budget.tokenizer === ESTIMATE_TOKENIZER
        ? 'no tokenizer'
        : `tokenizer "${budget.tokenizer}"`;
    issues.push(
      fieldIssue(
        'unsupported-tokenizer',
        'modelId',
        `Model "${modelId}" has ${configured}; supported are ${TOKENIZER_ENCODINGS.join(
          ', ',
        )}: tokens are estimated.`,
      ),
    );
  }
  if (budget.limit !== null && budget.total > budget.limit) {
    issues.push(
      fieldIssue(
        'token-budget-exceeded',
        'maxTokens',
        `The prompt needs ${breakdown(budget)}, over its maxTokens of ${
          budget.limit
        } by ${budget.total - budget.limit}.`,
      ),
    );
  }
  if (budget.contextWindow !== null && budget.total > budget.contextWindow) {
    issues.push(
      fieldIssue(
        'context-window-exceeded',
        'modelId',
        `The prompt needs ${breakdown(budget)}, over the ${
          budget.contextWindow
        }-token context window of "${modelId}".`,
      ),
    );
  }
  return issues;
}
