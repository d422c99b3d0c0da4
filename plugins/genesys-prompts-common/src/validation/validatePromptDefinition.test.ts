import { VALIDATION_RULES, ValidationRuleCode } from './rules';
import type { ValidationIssue } from './types';
import { validatePromptDefinition } from './validatePromptDefinition';

/** A valid definition; each case changes one thing. */
function definition(overrides: Record<string, unknown> = {}) {
  return {
    name: 'support-assistant',
    version: '1.0.0',
    template: 'Hello {{name}}',
    variables: [{ name: 'name', type: 'string', required: true }],
    contextRules: [
      {
        source: 'conversation_history',
        maxTokens: 100,
        injectionPoint: 'system',
      },
    ],
    modelId: 'openai-gpt-4o',
    maxTokens: 1024,
    ...overrides,
  };
}

/** Declares exactly the given string variables. */
const variables = (...names: string[]) =>
  names.map(name => ({ name, type: 'string', required: false }));

/** [code, line, column, endLine, endColumn] of a template issue. */
type At = [ValidationRuleCode, number, number, number, number];

const templateIssues = (template: string, declared: string[]) =>
  validatePromptDefinition(
    definition({ template, variables: variables(...declared) }),
  ).issues;

const positions = (issues: ValidationIssue[]): At[] =>
  issues.map(issue => [
    issue.code,
    issue.line,
    issue.column,
    issue.endLine!,
    issue.endColumn!,
  ]);

describe('validatePromptDefinition', () => {
  it('accepts a valid definition with no issue', () => {
    expect(validatePromptDefinition(definition())).toEqual({
      valid: true,
      issues: [],
    });
  });

  describe('template rules, with exact positions', () => {
    const cases: Array<[string, string, string[], At[]]> = [
      // unclosed-placeholder
      [
        'unclosed at the end',
        'Hello {{name',
        [],
        [['unclosed-placeholder', 1, 7, 1, 9]],
      ],
      [
        'unclosed on a middle line',
        'Line one\nHello {{name\nLine three',
        [],
        [['unclosed-placeholder', 2, 7, 2, 9]],
      ],
      [
        'unclosed before a valid placeholder (read as one typo, not a nesting)',
        'Hi {{name, your order {{order_id}}',
        ['order_id'],
        [['unclosed-placeholder', 1, 4, 1, 6]],
      ],
      [
        'two unclosed',
        '{{a and {{b',
        [],
        [
          ['unclosed-placeholder', 1, 1, 1, 3],
          ['unclosed-placeholder', 1, 9, 1, 11],
        ],
      ],
      // stray-closing-braces
      [
        'stray before a placeholder',
        'Hello }} {{name}}',
        ['name'],
        [['stray-closing-braces', 1, 7, 1, 9]],
      ],
      [
        'stray right after a placeholder',
        '{{name}}}}',
        ['name'],
        [['stray-closing-braces', 1, 9, 1, 11]],
      ],
      [
        'a run of stray braces is one issue',
        'a }}}} b {{name}}',
        ['name'],
        [['stray-closing-braces', 1, 3, 1, 7]],
      ],
      // single braces are text
      ['JSON braces around a placeholder', '{"user": {{name}}}', ['name'], []],
      ['single braces', '{name} and {{name}}', ['name'], []],
      // empty-placeholder
      ['empty', '{{}} {{name}}', ['name'], [['empty-placeholder', 1, 1, 1, 5]]],
      [
        'whitespace only',
        'x {{  }} {{name}}',
        ['name'],
        [['empty-placeholder', 1, 3, 1, 9]],
      ],
      // invalid-variable-name
      [
        'a space inside the name',
        '{{first name}}',
        [],
        [['invalid-variable-name', 1, 1, 1, 15]],
      ],
      [
        'a leading digit',
        'x{{1st}}',
        [],
        [['invalid-variable-name', 1, 2, 1, 9]],
      ],
      ['a dot', '{{user.name}}', [], [['invalid-variable-name', 1, 1, 1, 14]]],
      [
        'a hyphen',
        '{{user-name}}',
        [],
        [['invalid-variable-name', 1, 1, 1, 14]],
      ],
      [
        'a non-ASCII letter',
        '{{café}}',
        [],
        [['invalid-variable-name', 1, 1, 1, 9]],
      ],
      // whitespace-in-placeholder (warning)
      [
        'spaces around the name',
        'Hi {{ name }}',
        ['name'],
        [['whitespace-in-placeholder', 1, 4, 1, 14]],
      ],
      [
        'a trailing space',
        '{{name }}',
        ['name'],
        [['whitespace-in-placeholder', 1, 1, 1, 10]],
      ],
      [
        'a placeholder over two lines',
        'Hi {{\tname\n}}!',
        ['name'],
        [['whitespace-in-placeholder', 1, 4, 2, 3]],
      ],
      // nested-placeholder (reported at the inner placeholder)
      [
        'nested',
        '{{a{{name}}}}',
        ['name'],
        [['nested-placeholder', 1, 4, 1, 12]],
      ],
      [
        'nested with text after',
        'x {{outer {{name}} more}} y',
        ['name'],
        [['nested-placeholder', 1, 11, 1, 19]],
      ],
      // triple-braces
      [
        'triple braces',
        '{{{name}}}',
        ['name'],
        [['triple-braces', 1, 1, 1, 11]],
      ],
      [
        'four braces',
        'a {{{{name}}}}',
        ['name'],
        [['triple-braces', 1, 3, 1, 15]],
      ],
      // undefined-variable, at every use
      [
        'undefined, used twice',
        'Hi {{name}} {{other}}\n{{other}}',
        ['name'],
        [
          ['undefined-variable', 1, 13, 1, 22],
          ['undefined-variable', 2, 1, 2, 10],
        ],
      ],
      [
        'undefined with CRLF line breaks',
        'a\r\nb {{x}}',
        [],
        [['undefined-variable', 2, 3, 2, 8]],
      ],
      [
        'undefined after a lone CR',
        'a\rb {{x}}',
        [],
        [['undefined-variable', 2, 3, 2, 8]],
      ],
      // columns count UTF-16 code units: the emoji is two
      [
        'columns after an emoji',
        '😀 {{x}}',
        [],
        [['undefined-variable', 1, 4, 1, 9]],
      ],
      // several problems are all reported, in reading order
      [
        'every problem of a template',
        'Dear {{ name }},\n{{}} {{a{{b}}}} }}\n{{name',
        ['name', 'b'],
        [
          ['whitespace-in-placeholder', 1, 6, 1, 16],
          ['empty-placeholder', 2, 1, 2, 5],
          ['nested-placeholder', 2, 9, 2, 14],
          ['stray-closing-braces', 2, 17, 2, 19],
          ['unclosed-placeholder', 3, 1, 3, 3],
        ],
      ],
    ];

    it.each(cases)('%s', (_label, template, declared, expected) => {
      const issues = templateIssues(template, declared);
      expect(positions(issues)).toEqual(expected);
      for (const issue of issues) {
        expect(issue.field).toBe('template');
        expect(issue.severity).toBe(VALIDATION_RULES[issue.code].severity);
        expect(issue.message).not.toBe('');
      }
    });

    it('makes a template with only warnings valid', () => {
      const result = validatePromptDefinition(
        definition({ template: 'Hi {{ name }}' }),
      );
      expect(result.valid).toBe(true);
      expect(result.issues.map(issue => issue.severity)).toEqual(['warning']);
    });
  });

  describe('field rules', () => {
    /** [label, overrides, expected [code, field] pairs] */
    const cases: Array<
      [string, Record<string, unknown>, Array<[ValidationRuleCode, string]>]
    > = [
      // missing-field and invalid-field-type on the prompt
      ['name missing', { name: undefined }, [['missing-field', 'name']]],
      ['name blank', { name: '   ' }, [['missing-field', 'name']]],
      ['name not a string', { name: 7 }, [['invalid-field-type', 'name']]],
      ['version missing', { version: null }, [['missing-field', 'version']]],
      ['version empty', { version: '' }, [['missing-field', 'version']]],
      [
        'modelId missing',
        { modelId: undefined },
        [['missing-field', 'modelId']],
      ],
      [
        'modelId not a string',
        { modelId: ['gpt-4o'] },
        [['invalid-field-type', 'modelId']],
      ],
      [
        'template missing',
        { template: undefined },
        // Without a template, unused-variable warnings would only be noise.
        [['missing-field', 'template']],
      ],
      [
        'template empty',
        { template: '' },
        [
          ['missing-field', 'template'],
          ['unused-variable', 'variables[0].name'],
        ],
      ],
      [
        'template not a string',
        { template: { text: 'x' } },
        [['invalid-field-type', 'template']],
      ],
      // invalid-max-tokens on the prompt
      [
        'maxTokens missing',
        { maxTokens: undefined },
        [['missing-field', 'maxTokens']],
      ],
      [
        'maxTokens a string',
        { maxTokens: '1024' },
        [['invalid-field-type', 'maxTokens']],
      ],
      [
        'maxTokens zero',
        { maxTokens: 0 },
        [['invalid-max-tokens', 'maxTokens']],
      ],
      [
        'maxTokens negative',
        { maxTokens: -5 },
        [['invalid-max-tokens', 'maxTokens']],
      ],
      [
        'maxTokens fractional',
        { maxTokens: 1.5 },
        [['invalid-max-tokens', 'maxTokens']],
      ],
      [
        'maxTokens NaN',
        { maxTokens: NaN },
        [['invalid-max-tokens', 'maxTokens']],
      ],
      [
        'maxTokens infinite',
        { maxTokens: Infinity },
        [['invalid-max-tokens', 'maxTokens']],
      ],
      // variables
      [
        'variables absent means none',
        { variables: undefined, template: 'no placeholders' },
        [],
      ],
      [
        'variables not an array',
        { variables: { name: 'x' }, template: 'no placeholders' },
        [['invalid-field-type', 'variables']],
      ],
      [
        'variable not an object',
        { variables: ['name'], template: 'x' },
        [['invalid-field-type', 'variables[0]']],
      ],
      [
        'variable name missing',
        { variables: [{ type: 'string' }], template: 'x' },
        [['missing-field', 'variables[0].name']],
      ],
      [
        'variable name invalid',
        { variables: [{ name: 'user.name', type: 'string' }], template: 'x' },
        [['invalid-variable-name', 'variables[0].name']],
      ],
      [
        'variable declared twice',
        {
          variables: [
            { name: 'name', type: 'string', required: true },
            { name: 'name', type: 'number', required: false },
          ],
        },
        [['duplicate-variable', 'variables[1].name']],
      ],
      [
        'variable type missing',
        { variables: [{ name: 'name', required: true }] },
        [['missing-field', 'variables[0].type']],
      ],
      [
        'variable type unknown',
        { variables: [{ name: 'name', type: 'integer', required: true }] },
        [['unknown-variable-type', 'variables[0].type']],
      ],
      [
        'variable type not a string',
        { variables: [{ name: 'name', type: 3, required: true }] },
        [['invalid-field-type', 'variables[0].type']],
      ],
      [
        'required not a boolean',
        { variables: [{ name: 'name', type: 'string', required: 'yes' }] },
        [['invalid-field-type', 'variables[0].required']],
      ],
      [
        'required absent means optional',
        { variables: [{ name: 'name', type: 'string', defaultValue: 'x' }] },
        [],
      ],
      [
        'defaultValue not a string',
        {
          variables: [
            { name: 'name', type: 'number', required: false, defaultValue: 3 },
          ],
        },
        [['invalid-field-type', 'variables[0].defaultValue']],
      ],
      [
        'required with a default',
        {
          variables: [
            {
              name: 'name',
              type: 'string',
              required: true,
              defaultValue: 'Ann',
            },
          ],
        },
        [['required-with-default', 'variables[0].defaultValue']],
      ],
      [
        'unused variable',
        { variables: [...variables('name', 'spare')] },
        [['unused-variable', 'variables[1].name']],
      ],
      // context rules
      ['contextRules absent means none', { contextRules: undefined }, []],
      [
        'contextRules not an array',
        { contextRules: 'history' },
        [['invalid-field-type', 'contextRules']],
      ],
      [
        'context rule not an object',
        { contextRules: [null] },
        [['invalid-field-type', 'contextRules[0]']],
      ],
      [
        'context source unknown',
        {
          contextRules: [
            { source: 'crm', maxTokens: 10, injectionPoint: 'system' },
          ],
        },
        [['unknown-context-source', 'contextRules[0].source']],
      ],
      [
        'context source missing',
        { contextRules: [{ maxTokens: 10, injectionPoint: 'system' }] },
        [['missing-field', 'contextRules[0].source']],
      ],
      [
        'injection point unknown',
        {
          contextRules: [
            { source: 'knowledge_base', maxTokens: 10, injectionPoint: 'tool' },
          ],
        },
        [['unknown-injection-point', 'contextRules[0].injectionPoint']],
      ],
      [
        'context maxTokens zero',
        {
          contextRules: [
            { source: 'knowledge_base', maxTokens: 0, injectionPoint: 'user' },
          ],
        },
        [['invalid-max-tokens', 'contextRules[0].maxTokens']],
      ],
      [
        'context maxTokens fractional',
        {
          contextRules: [
            {
              source: 'knowledge_base',
              maxTokens: 2.5,
              injectionPoint: 'user',
            },
          ],
        },
        [['invalid-max-tokens', 'contextRules[0].maxTokens']],
      ],
      [
        'context maxTokens missing',
        {
          contextRules: [{ source: 'knowledge_base', injectionPoint: 'user' }],
        },
        [['missing-field', 'contextRules[0].maxTokens']],
      ],
      [
        'context maxTokens a string',
        {
          contextRules: [
            {
              source: 'knowledge_base',
              maxTokens: '10',
              injectionPoint: 'user',
            },
          ],
        },
        [['invalid-field-type', 'contextRules[0].maxTokens']],
      ],
    ];

    it.each(cases)('%s', (_label, overrides, expected) => {
      const issues = validatePromptDefinition(definition(overrides)).issues;
      expect(issues.map(issue => [issue.code, issue.field])).toEqual(expected);
      for (const issue of issues) {
        // The documented conventions: 1:1 outside the template's text, and
        // the empty range at the template's start for the template itself.
        expect(issue).toMatchObject({ line: 1, column: 1 });
        expect(issue.endLine).toBe(issue.field === 'template' ? 1 : undefined);
        expect(issue.endColumn).toBe(
          issue.field === 'template' ? 1 : undefined,
        );
        expect(issue.severity).toBe(VALIDATION_RULES[issue.code].severity);
      }
    });

    it('reports the template placeholder of an undeclared variable when variables are malformed', () => {
      const result = validatePromptDefinition(
        definition({ variables: 'name' }),
      );
      expect(result.issues.map(issue => issue.code)).toEqual([
        'undefined-variable',
        'invalid-field-type',
      ]);
    });

    it.each([
      ['null', null],
      ['a string', 'template'],
      ['an array', [definition()]],
      ['a number', 42],
    ])('rejects %s as a definition', (_label, value) => {
      expect(validatePromptDefinition(value)).toEqual({
        valid: false,
        issues: [
          expect.objectContaining({
            code: 'invalid-definition',
            field: 'definition',
            severity: 'error',
          }),
        ],
      });
    });
  });

  describe('defaultValue against the type', () => {
    const cases: Array<[string, string, boolean]> = [
      ['string', 'anything at all', true],
      ['string', '', true],
      ['number', '3', true],
      ['number', '-0.5', true],
      ['number', '1e3', true],
      ['number', '.5', true],
      ['number', '+7', true],
      ['number', 'abc', false],
      ['number', '', false],
      ['number', ' 3', false],
      ['number', '0x10', false],
      ['number', 'Infinity', false],
      ['number', '1e999', false],
      ['number', 'NaN', false],
      ['boolean', 'true', true],
      ['boolean', 'false', true],
      ['boolean', 'True', false],
      ['boolean', 'yes', false],
      ['boolean', '1', false],
      ['array', '[]', true],
      ['array', '["a", 1, {"b": null}]', true],
      ['array', '{}', false],
      ['array', 'a,b', false],
      ['array', '[1,', false],
      ['array', '"[]"', false],
    ];

    it.each(cases)('%s %j fits: %s', (type, defaultValue, fits) => {
      const issues = validatePromptDefinition(
        definition({
          variables: [{ name: 'name', type, required: false, defaultValue }],
        }),
      ).issues;
      expect(issues.map(issue => [issue.code, issue.field])).toEqual(
        fits ? [] : [['default-type-mismatch', 'variables[0].defaultValue']],
      );
    });
  });

  it('reports every problem of a broken definition at once, template first', () => {
    const result = validatePromptDefinition({
      name: '',
      version: '1',
      template: 'Hello {{name}} {{missing}} {{',
      variables: [
        { name: 'name', type: 'string', required: true, defaultValue: 'x' },
        { name: 'name', type: 'number' },
        { name: 'n', type: 'number', required: false, defaultValue: 'abc' },
        { name: 'bad-name', type: 'str' },
      ],
      contextRules: [{ source: 'web', maxTokens: -1, injectionPoint: 'x' }],
      modelId: 'openai-gpt-4o',
      maxTokens: 0,
    });
    expect(result.valid).toBe(false);
    expect(result.issues.map(issue => [issue.code, issue.field])).toEqual([
      ['undefined-variable', 'template'],
      ['unclosed-placeholder', 'template'],
      ['missing-field', 'name'],
      ['invalid-max-tokens', 'maxTokens'],
      ['required-with-default', 'variables[0].defaultValue'],
      ['duplicate-variable', 'variables[1].name'],
      ['default-type-mismatch', 'variables[2].defaultValue'],
      ['invalid-variable-name', 'variables[3].name'],
      ['unknown-variable-type', 'variables[3].type'],
      ['unknown-context-source', 'contextRules[0].source'],
      ['invalid-max-tokens', 'contextRules[0].maxTokens'],
      ['unknown-injection-point', 'contextRules[0].injectionPoint'],
      ['unused-variable', 'variables[2].name'],
    ]);
  });

  it('has a rule for every code it can report, each exercised above', () => {
    // Guards the README table: a new rule needs a row there and a case here.
    expect(Object.keys(VALIDATION_RULES).sort()).toEqual(
      [
        'context-window-exceeded',
        'default-type-mismatch',
        'duplicate-variable',
        'empty-placeholder',
        'invalid-definition',
        'invalid-field-type',
        'invalid-max-tokens',
        'invalid-variable-name',
        'missing-field',
        'nested-placeholder',
        'required-with-default',
        'stray-closing-braces',
        'token-budget-exceeded',
        'triple-braces',
        'unclosed-placeholder',
        'undefined-variable',
        'unknown-context-source',
        'unknown-injection-point',
        'unknown-model',
        'unknown-variable-type',
        'unsupported-tokenizer',
        'unused-variable',
        'whitespace-in-placeholder',
      ].sort(),
    );
  });
});
