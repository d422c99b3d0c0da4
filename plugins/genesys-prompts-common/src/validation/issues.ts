import { VALIDATION_RULES, ValidationRuleCode } from './rules';
import type { ValidationIssue, ValidationResult } from './types';
import type { TextPosition } from './textPositions';

/** An issue about a definition field other than the template's text. */
export function fieldIssue(
  code: ValidationRuleCode,
  field: string,
  message: string,
): ValidationIssue {
  // Field issues carry the documented placeholder position 1:1.
  return {
    severity: VALIDATION_RULES[code].severity,
    code,
    message,
    line: 1,
    column: 1,
    field,
  };
}

/** An issue about a span of the template. */
export function templateIssue(
  code: ValidationRuleCode,
  start: TextPosition,
  end: TextPosition,
  message: string,
): ValidationIssue {
  return {
    severity: VALIDATION_RULES[code].severity,
    code,
    message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    field: 'template',
  };
}

/** Wraps issues as a result: valid unless one of them is an error. */
export function toValidationResult(
  issues: ValidationIssue[],
): ValidationResult {
  return {
    valid: issues.every(issue => issue.severity !== 'error'),
    issues,
  };
}

/** Template issues first in reading order, then field issues in field order. */
export function sortIssues(issues: ValidationIssue[]): ValidationIssue[] {
  const isTemplate = (issue: ValidationIssue) => issue.field === 'template';
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => {
      const aTemplate = isTemplate(a.issue);
      const bTemplate = isTemplate(b.issue);
      if (aTemplate !== bTemplate) return aTemplate ? -1 : 1;
      if (aTemplate) {
        const byPosition =
          a.issue.line - b.issue.line || a.issue.column - b.issue.column;
        if (byPosition !== 0) return byPosition;
      }
      // Stable otherwise: field issues are produced in field order already.
      return a.index - b.index;
    })
    .map(({ issue }) => issue);
}
