import {
  fieldIssue,
  sortIssues,
  templateIssue,
  toValidationResult,
} from './issues';
import { InspectedDefinition, inspectDefinition } from './inspectDefinition';
import { ParsedTemplate, parseTemplate } from './parseTemplate';
import { TextPositions } from './textPositions';
import type { ValidationIssue, ValidationResult } from './types';

/**
 * A definition after the checks that need no tokenizer: what the token budget
 * reuses so that a full validation parses the template once.
 */
export interface CheckedDefinition {
  inspected: InspectedDefinition;
  parsed?: ParsedTemplate;
  /** Field, template and cross-reference issues, unsorted. */
  issues: ValidationIssue[];
}

/** Runs every rule except the token budget's; see {@link validatePromptDefinition}. */
export function checkPromptDefinition(definition: unknown): CheckedDefinition {
  const inspected = inspectDefinition(definition);
  const template = inspected.template;
  if (template === undefined) {
    return { inspected, issues: inspected.issues };
  }
  const parsed = parseTemplate(template);
  return {
    inspected,
    parsed,
    issues: [
      ...inspected.issues,
      ...parsed.issues,
      ...crossReferenceIssues(template, parsed, inspected),
    ],
  };
}

/**
 * Validates a prompt definition (a create or update body, or the editor's
 * state while typing) and reports every problem, not only the first.
 *
 * Pure and synchronous, with no tokenizer: cheap enough to run on every
 * keystroke. The token budget rules (`token-budget-exceeded`,
 * `context-window-exceeded`, `unknown-model`, `unsupported-tokenizer`) come
 * from {@link validatePromptDefinitionWithBudget} and
 * {@link createPromptValidationReport}, which add them to these.
 *
 * Issues come template first in reading order, then the other fields in the
 * order of the definition.
 *
 * @param definition - Anything: an untrusted request body or a partial form state.
 * @public
 */
export function validatePromptDefinition(
  definition: unknown,
): ValidationResult {
  return toValidationResult(
    sortIssues(checkPromptDefinition(definition).issues),
  );
}

/** Undefined variables (every use) and declared-but-unused variables. */
function crossReferenceIssues(
  template: string,
  parsed: ParsedTemplate,
  inspected: InspectedDefinition,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const declared = new Set(inspected.variables.map(variable => variable.name));
  const used = new Set<string>();
  let positions: TextPositions | undefined;
  for (const placeholder of parsed.placeholders) {
    if (!placeholder.isVariable) continue;
    used.add(placeholder.name);
    if (!declared.has(placeholder.name)) {
      positions ??= new TextPositions(template);
      issues.push(
        templateIssue(
          'undefined-variable',
          positions.at(placeholder.start),
          positions.at(placeholder.end),
          `"${placeholder.name}" is not declared: add it to the variables or fix the name.`,
        ),
      );
    }
  }
  for (const variable of inspected.variables) {
    if (!used.has(variable.name)) {
      issues.push(
        fieldIssue(
          'unused-variable',
          `variables[${variable.index}].name`,
          `"${variable.name}" is declared but the template never uses it.`,
        ),
      );
    }
  }
  return issues;
}
