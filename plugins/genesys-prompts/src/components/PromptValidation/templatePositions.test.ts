import { ValidationIssue } from '@genesys-prompts/plugin-genesys-prompts-common';
import {
  issueRanges,
  lineStarts,
  offsetAt,
  segmentTemplate,
} from './templatePositions';

function issue(
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  code: ValidationIssue['code'] = 'undefined-variable',
): ValidationIssue {
  return {
    severity: 'error',
    code,
    message: code,
    line,
    column,
    endLine,
    endColumn,
    field: 'template',
  };
}

describe('template positions', () => {
  it('finds line starts for \\n, \\r\\n and a lone \\r', () => {
    expect(lineStarts('ab\ncd\r\nef\rg')).toEqual([0, 3, 7, 10]);
  });

  it('turns 1-based line and UTF-16 column into an offset, clamped', () => {
    const text = 'ab\n😀x';
    const starts = lineStarts(text);
    expect(offsetAt(starts, text.length, 2, 1)).toBe(3);
    // The emoji is two code units.
    expect(offsetAt(starts, text.length, 2, 3)).toBe(5);
    expect(text[5]).toBe('x');
    expect(offsetAt(starts, text.length, 9, 9)).toBe(text.length);
  });

  it('ranges only template issues', () => {
    const template = 'Hi {{a}}\n{{b}}';
    const fieldIssue: ValidationIssue = {
      severity: 'error',
      code: 'missing-field',
      message: 'maxTokens is required',
      line: 1,
      column: 1,
      field: 'maxTokens',
    };
    const ranges = issueRanges(template, [issue(2, 1, 2, 6), fieldIssue]);
    expect(ranges).toHaveLength(1);
    expect(template.slice(ranges[0].start, ranges[0].end)).toBe('{{b}}');
  });

  it('cuts overlapping ranges into segments and keeps empty ranges as carets', () => {
    const template = 'x {{ a }} y';
    const whole = issue(1, 3, 1, 10, 'undefined-variable');
    const inner = issue(1, 5, 1, 8, 'whitespace-in-placeholder');
    const caret = issue(1, 11, 1, 11, 'unclosed-placeholder');
    const { segments, carets } = segmentTemplate(
      template,
      issueRanges(template, [whole, inner, caret]),
    );
    expect(
      segments.map(s => [s.text, s.issues.map(i => i.code).join('+')]),
    ).toEqual([
      ['x ', ''],
      ['{{', 'undefined-variable'],
      [' a ', 'undefined-variable+whitespace-in-placeholder'],
      ['}}', 'undefined-variable'],
      [' ', ''],
      ['y', ''],
    ]);
    expect(carets.map(c => c.start)).toEqual([10]);
    expect(segments.map(s => s.text).join('')).toBe(template);
  });
});
