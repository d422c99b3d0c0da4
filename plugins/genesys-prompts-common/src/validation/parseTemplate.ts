import { templateIssue } from './issues';
import { TextPositions } from './textPositions';
import type { ValidationIssue } from './types';
import { isValidVariableName, VARIABLE_NAME_RULE } from './variableNames';

/** A placeholder the template parser recognised. @public */
export interface TemplatePlaceholder {
  /** The variable name with surrounding whitespace trimmed; may be invalid or empty. */
  name: string;
  /** Offset of the first opening brace (0-based, UTF-16 code units). */
  start: number;
  /** Offset just after the last closing brace. */
  end: number;
  /** True when the name is a valid variable name, i.e. a value is substituted here. */
  isVariable: boolean;
}

/** A template split into placeholders and the literal text around them. @public */
export interface ParsedTemplate {
  /** Closed, non-nesting placeholders in reading order. */
  placeholders: TemplatePlaceholder[];
  /** The text between placeholders, in order (`placeholders.length + 1` entries). */
  literalSegments: string[];
  /** Template issues (`field: 'template'`), in reading order. */
  issues: ValidationIssue[];
}

/** An opened `{{` while the scanner looks for its `}}`. */
interface OpenPlaceholder {
  start: number;
  /** Number of opening braces: 2, or 3+ for the unsupported triple form. */
  braces: number;
  contentStart: number;
  /** The first placeholder found inside this one, when it nests. */
  firstNested?: { start: number; end: number };
}

const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }

function runLength(text: string, from: number, charCode: number): number {
  let end = from;
  while (text.charCodeAt(end) === charCode) end++;
  return end - from;
}

/**
 * Parses a prompt template and reports every syntax problem with its position.
 *
 * The syntax is `{{name}}` only: there is no escape, no section and no
 * unescaped form. The scanner reads left to right and keeps a stack of open
 * placeholders, so one typo produces one issue:
 * - a run of two `{` opens a placeholder; three or more open one too but are
 *   reported as `triple-braces` (mustache's unescaped form, which the gateway
 *   does not substitute);
 * - a run of `}` closes open placeholders innermost first, each taking as many
 *   braces as it opened with; a single `}` left over is literal text (so
 *   `{"a": {{x}}}` is JSON around `{{x}}`), two or more are `stray-closing-braces`;
 * - a placeholder that closes with another inside is `nested-placeholder`
 *   (reported at the inner one, which still counts as a use of its variable);
 *   a `{{` still open at the end is `unclosed-placeholder`, and what was inside
 *   it is read as ordinary placeholders: `Hi {{name, your order {{id}}` is one
 *   unclosed `{{` plus a use of `id`, not a nesting.
 *
 * Single braces are literal text anywhere outside a placeholder.
 *
 * @public
 */
export function parseTemplate(template: string): ParsedTemplate {
  const positions = new TextPositions(template);
  const issues: ValidationIssue[] = [];
  const placeholders: TemplatePlaceholder[] = [];
  const open: OpenPlaceholder[] = [];

  const report = (
    code: Parameters<typeof templateIssue>[0],
    start: number,
    end: number,
    message: string,
  ) =>
    issues.push(
      templateIssue(code, positions.at(start), positions.at(end), message),
    );

  const close = (frame: OpenPlaceholder, contentEnd: number, end: number) => {
    const parent = open[open.length - 1];
    if (parent && !parent.firstNested) {
      parent.firstNested = { start: frame.start, end };
    }
    if (frame.firstNested) {
      // The outer braces are the mistake; the inner placeholder stays a use.
      report(
        'nested-placeholder',
        frame.firstNested.start,
        frame.firstNested.end,
        'Placeholders cannot be nested: close the outer "{{" before opening another.',
      );
      return;
    }
    const raw = template.slice(frame.contentStart, contentEnd);
    const name = raw.trim();
    const isVariable = name !== '' && isValidVariableName(name);
    placeholders.push({ name, start: frame.start, end, isVariable });

    const written = template.slice(frame.start, end);
    if (frame.braces > 2) {
      report(
        'triple-braces',
        frame.start,
        end,
        `"${written}" uses ${frame.braces} braces; the gateway substitutes "{{${name}}}" only (put a space between a literal brace and the placeholder).`,
      );
    }
    if (name === '') {
      report(
        'empty-placeholder',
        frame.start,
        end,
        `Empty placeholder "${written}": write a variable name between the braces.`,
      );
    } else if (!isVariable) {
      report(
        'invalid-variable-name',
        frame.start,
        end,
        `"${name}" is not a valid variable name: ${VARIABLE_NAME_RULE}.`,
      );
    } else if (name !== raw) {
      // Warning, not error: mustache-style renderers (and, per the tutorial,
      // the gateway) trim inside the braces, so it renders, but two spellings
      // of one placeholder make templates harder to search and diff.
      report(
        'whitespace-in-placeholder',
        frame.start,
        end,
        `Write "{{${name}}}" without whitespace inside the braces.`,
      );
    }
  };

  let i = 0;
  while (i < template.length) {
    const code = template.charCodeAt(i);
    if (code === OPEN_BRACE) {
      const run = runLength(template, i, OPEN_BRACE);
      if (run >= 2) {
        open.push({ start: i, braces: run, contentStart: i + run });
      }
      i += run;
    } else if (code === CLOSE_BRACE) {
      const run = runLength(template, i, CLOSE_BRACE);
      let at = i;
      let remaining = run;
      while (remaining >= 2 && open.length > 0) {
        const frame = open.pop()!;
        const taken = Math.min(remaining, frame.braces);
        close(frame, at, at + taken);
        at += taken;
        remaining -= taken;
      }
      if (remaining >= 2) {
        report(
          'stray-closing-braces',
          at,
          at + remaining,
          `"${'}'.repeat(
            remaining,
          )}" closes nothing: there is no "{{" before it.`,
        );
      }
      i += run;
    } else {
      i++;
    }
  }
  for (const frame of open) {
    report(
      'unclosed-placeholder',
      frame.start,
      frame.contentStart,
      `"${'{'.repeat(
        frame.braces,
      )}" is never closed: add "}}" after the variable name.`,
    );
  }

  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    placeholders,
    literalSegments: literalSegmentsAround(template, placeholders),
    issues,
  };
}

function literalSegmentsAround(
  template: string,
  placeholders: TemplatePlaceholder[],
): string[] {
  const segments: string[] = [];
  let from = 0;
  for (const placeholder of placeholders) {
    segments.push(template.slice(from, placeholder.start));
    from = placeholder.end;
  }
  segments.push(template.slice(from));
  return segments;
}
