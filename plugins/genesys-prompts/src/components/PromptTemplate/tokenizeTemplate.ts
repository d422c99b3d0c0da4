/**
 * A piece of a prompt template: literal text or a `{{variable}}` placeholder.
 *
 * @public
 */
export type TemplateToken =
  | { type: 'text'; value: string }
  | {
      type: 'variable';
      /** The placeholder as written, braces included. */
      value: string;
      /** The variable name, trimmed of surrounding whitespace. */
      name: string;
    };

// No braces inside, so `{{{x}}}` yields `{` + `{{x}}` + `}` and an unclosed `{{` stays text.
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * Splits a template into text and `{{...}}` placeholders; joining the values
 * gives back the template unchanged.
 *
 * @public
 */
export function tokenizeTemplate(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const start = match.index ?? 0;
    if (start > last) {
      tokens.push({ type: 'text', value: template.slice(last, start) });
    }
    tokens.push({ type: 'variable', value: match[0], name: match[1].trim() });
    last = start + match[0].length;
  }
  if (last < template.length) {
    tokens.push({ type: 'text', value: template.slice(last) });
  }
  return tokens;
}
