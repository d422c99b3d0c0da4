import { tokenizeTemplate } from './tokenizeTemplate';

describe('tokenizeTemplate', () => {
  it('splits text and placeholders in order', () => {
    expect(tokenizeTemplate('Hi {{name}}, about {{ topic }}.')).toEqual([
      { type: 'text', value: 'Hi ' },
      { type: 'variable', value: '{{name}}', name: 'name' },
      { type: 'text', value: ', about ' },
      { type: 'variable', value: '{{ topic }}', name: 'topic' },
      { type: 'text', value: '.' },
    ]);
  });

  it('handles templates that start or end with a placeholder, or are only placeholders', () => {
    expect(tokenizeTemplate('{{a}}{{b}}')).toEqual([
      { type: 'variable', value: '{{a}}', name: 'a' },
      { type: 'variable', value: '{{b}}', name: 'b' },
    ]);
  });

  it('returns no tokens for an empty template and one text token without placeholders', () => {
    expect(tokenizeTemplate('')).toEqual([]);
    expect(tokenizeTemplate('plain text')).toEqual([
      { type: 'text', value: 'plain text' },
    ]);
  });

  it('trims the name but keeps the placeholder as written', () => {
    expect(tokenizeTemplate('a {{  first name }} b')).toEqual([
      { type: 'text', value: 'a ' },
      { type: 'variable', value: '{{  first name }}', name: 'first name' },
      { type: 'text', value: ' b' },
    ]);
  });

  it('leaves unclosed markers and extra braces as text', () => {
    expect(tokenizeTemplate('x {{ y')).toEqual([
      { type: 'text', value: 'x {{ y' },
    ]);
    expect(tokenizeTemplate('{{{x}}}')).toEqual([
      { type: 'text', value: '{' },
      { type: 'variable', value: '{{x}}', name: 'x' },
      { type: 'text', value: '}' },
    ]);
  });

  it('round-trips: joining the values gives the template back', () => {
    const template = 'A {{x}}\nmulti-line {{ y }} {{ z';
    expect(
      tokenizeTemplate(template)
        .map(t => t.value)
        .join(''),
    ).toBe(template);
  });
});
