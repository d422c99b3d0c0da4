/*
 * The stable rule codes of the prompt validator. Codes are part of the REST
 * API (`POST /validate`, the 400 bodies of create and update) and of the
 * editor's UI: never rename one; add a new code instead.
 * The table with the reasoning behind each rule is in ./README.md.
 */

/** How bad an issue is: an error blocks a write, a warning never does. @public */
export type ValidationSeverity = 'error' | 'warning';

/** Describes one rule of the validator. @public */
export interface ValidationRule {
  severity: ValidationSeverity;
  /** One sentence, for documentation and tooltips. */
  description: string;
}

/**
 * Every rule the validator and the token budget can report, keyed by its
 * stable code.
 *
 * @public
 */
export const VALIDATION_RULES = {
  // The definition's own fields.
  'invalid-definition': {
    severity: 'error',
    description: 'The definition is not a JSON object.',
  },
  'missing-field': {
    severity: 'error',
    description:
      'A required field (name, version, template, modelId, maxTokens, a variable name or type, a context rule field) is missing or empty.',
  },
  'invalid-field-type': {
    severity: 'error',
    description:
      'A field has the wrong JSON type (for example a number where a string belongs).',
  },
  'invalid-max-tokens': {
    severity: 'error',
    description:
      'maxTokens of the prompt or of a context rule is not a positive integer.',
  },
  // The template.
  'unclosed-placeholder': {
    severity: 'error',
    description: 'A "{{" has no matching "}}".',
  },
  'stray-closing-braces': {
    severity: 'error',
    description: 'A "}}" has no matching "{{".',
  },
  'empty-placeholder': {
    severity: 'error',
    description: 'A placeholder has no variable name: "{{}}" or "{{  }}".',
  },
  'invalid-variable-name': {
    severity: 'error',
    description:
      'A variable name (in the template or declared) is not an identifier: [A-Za-z_][A-Za-z0-9_]*.',
  },
  'whitespace-in-placeholder': {
    severity: 'warning',
    description:
      'A placeholder has whitespace inside its braces ("{{ name }}"); it renders, but inconsistently written.',
  },
  'nested-placeholder': {
    severity: 'error',
    description: 'A placeholder contains another placeholder: "{{a{{b}}}}".',
  },
  'triple-braces': {
    severity: 'error',
    description:
      'A placeholder uses three or more braces ("{{{name}}}"), which the gateway does not substitute.',
  },
  'undefined-variable': {
    severity: 'error',
    description: 'The template uses a variable that is not declared.',
  },
  // The declared variables.
  'unused-variable': {
    severity: 'warning',
    description: 'A declared variable is not used in the template.',
  },
  'duplicate-variable': {
    severity: 'error',
    description: 'Two variables are declared with the same name.',
  },
  'unknown-variable-type': {
    severity: 'error',
    description: 'A variable type is not string, number, boolean or array.',
  },
  'required-with-default': {
    severity: 'warning',
    description:
      'A required variable has a defaultValue, which is never used because the caller must always supply the value.',
  },
  'default-type-mismatch': {
    severity: 'error',
    description:
      "A variable's defaultValue does not fit its type (number, boolean, array).",
  },
  // The context rules.
  'unknown-context-source': {
    severity: 'error',
    description:
      'A context rule source is not conversation_history, external_api or knowledge_base.',
  },
  'unknown-injection-point': {
    severity: 'error',
    description:
      'A context rule injectionPoint is not system, user or assistant.',
  },
  // The token budget (reported by the budget-aware entry points only).
  'token-budget-exceeded': {
    severity: 'error',
    description:
      "The budget's total (template + context + variables + reserve) is over the prompt's maxTokens.",
  },
  'context-window-exceeded': {
    severity: 'error',
    description: "The budget's total is over the model's context window.",
  },
  'unknown-model': {
    severity: 'warning',
    description:
      'The model is neither built in nor configured: tokens are estimated and the context window is not checked.',
  },
  'unsupported-tokenizer': {
    severity: 'warning',
    description:
      'The tokenizer configured for the model is not one this plugin can load: tokens are estimated.',
  },
} as const satisfies Record<string, ValidationRule>;

/** A stable rule code: a key of {@link VALIDATION_RULES}. @public */
export type ValidationRuleCode = keyof typeof VALIDATION_RULES;
