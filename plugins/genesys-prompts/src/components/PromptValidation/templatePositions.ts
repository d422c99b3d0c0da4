import { ValidationIssue } from '@genesys-prompts/plugin-genesys-prompts-common';

/** Offsets where each line starts; lines break at \n, \r\n and a lone \r, as the validator counts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The string index of a 1-based line and UTF-16 column, clamped to the text. */
export function offsetAt(
  starts: number[],
  length: number,
  line: number,
  column: number,
): number {
  const lineIndex = Math.min(Math.max(line, 1), starts.length) - 1;
  return Math.min(Math.max(starts[lineIndex] + column - 1, 0), length);
}

/** True when an issue points into the template (others name a field). */
export function isTemplateIssue(issue: ValidationIssue): boolean {
  return issue.field === 'template';
}

/** An issue's range in the template as string offsets (end exclusive). */
export interface IssueRange {
  start: number;
  end: number;
  issue: ValidationIssue;
}

/** The template ranges of the template issues. */
export function issueRanges(
  template: string,
  issues: ValidationIssue[],
): IssueRange[] {
  const starts = lineStarts(template);
  return issues.filter(isTemplateIssue).map(issue => {
    const start = offsetAt(starts, template.length, issue.line, issue.column);
    const end =
      issue.endLine !== undefined && issue.endColumn !== undefined
        ? offsetAt(starts, template.length, issue.endLine, issue.endColumn)
        : start;
    return { start, end: Math.max(start, end), issue };
  });
}

/** A stretch of the template and the issues covering it (none for plain text). */
export interface TemplateSegment {
  text: string;
  start: number;
  issues: ValidationIssue[];
}

/**
 * Cuts the template at every range boundary, so overlapping issues become
 * separate marked stretches. Empty ranges (a position, not a span) are
 * returned apart, as carets to draw before the segment starting there.
 */
export function segmentTemplate(
  template: string,
  ranges: IssueRange[],
): { segments: TemplateSegment[]; carets: IssueRange[] } {
  const spans = ranges.filter(range => range.end > range.start);
  const carets = ranges.filter(range => range.end === range.start);
  const cuts = new Set<number>([0, template.length]);
  for (const range of spans) {
    cuts.add(range.start);
    cuts.add(range.end);
  }
  for (const caret of carets) cuts.add(caret.start);
  const sorted = [...cuts].sort((x, y) => x - y);

  const segments: TemplateSegment[] = [];
  for (let k = 0; k < sorted.length - 1; k++) {
    const start = sorted[k];
    const end = sorted[k + 1];
    if (end > start) {
      segments.push({
        text: template.slice(start, end),
        start,
        issues: spans
          .filter(range => range.start <= start && range.end >= end)
          .map(range => range.issue),
      });
    }
  }
  return { segments, carets };
}
