import type { ValidationRuleCode, ValidationSeverity } from './rules';

/**
 * One problem the validator found.
 *
 * Positions are 1-based. Every issue with `field: 'template'` points into the
 * template: `line`/`column` at the start of the offending text and
 * `endLine`/`endColumn` just after its end (a missing or non-string template
 * is the empty range 1:1-1:1). Any other issue names its field in `field`
 * (`variables[2].defaultValue`, `maxTokens`, `definition` for a body that is
 * not an object), has `line: 1, column: 1` and no end: those are not template
 * positions. Columns count UTF-16 code units, like JavaScript string indices
 * and browser text areas; lines break at `\n`, `\r\n` and `\r`.
 *
 * @public
 */
export interface ValidationIssue {
  severity: ValidationSeverity;
  code: ValidationRuleCode;
  message: string;
  line: number;
  column: number;
  /** Where the offending template text ends (exclusive); set exactly when `field` is `template`. */
  endLine?: number;
  endColumn?: number;
  /** The definition field the issue is about, as a path: `template`, `variables[0].name`. */
  field?: string;
}

/** What the validator says about a definition. @public */
export interface ValidationResult {
  /** True when no issue is an error; warnings never make a definition invalid. */
  valid: boolean;
  issues: ValidationIssue[];
}
