/**
 * The grammar of a variable name: an ASCII identifier, `[A-Za-z_][A-Za-z0-9_]*`.
 *
 * Why this and nothing wider: it is the name every template engine and
 * programming language accepts as-is, so a variable can be passed as a JSON key
 * or a function argument without quoting; dots are excluded because mustache
 * and handlebars read `a.b` as a path lookup the gateway does not implement,
 * hyphens because handlebars-style renderers parse them as expressions, and
 * non-ASCII letters because lookalike characters would make two different
 * names look the same in review.
 *
 * @public
 */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` follows {@link VARIABLE_NAME_PATTERN}. @public */
export function isValidVariableName(name: string): boolean {
  return VARIABLE_NAME_PATTERN.test(name);
}

/** The sentence every invalid-name message ends with. */
export const VARIABLE_NAME_RULE =
  'use letters, digits and underscores, starting with a letter or an underscore';
