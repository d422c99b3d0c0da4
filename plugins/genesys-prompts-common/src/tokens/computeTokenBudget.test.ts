import { get_encoding } from 'tiktoken';
import {
  computeTokenBudget,
  DEFAULT_RESERVE_TOKENS,
  DEFAULT_VARIABLE_ALLOWANCE_TOKENS,
} from './computeTokenBudget';
import { estimateTokens } from './estimateTokens';
import { loadTokenizer } from './loadTokenizer';
import { Tokenizer } from './types';
import {
  computeTokenBudgetAsync,
  createPromptValidationReport,
  tokenizerEncodingForModel,
  validatePromptDefinitionWithBudget,
} from './validationReport';

/** Exact counts from OpenAI's tiktoken, the tests' reference. */
function referenceCount(encoding: 'cl100k_base' | 'o200k_base', text: string) {
  const reference = get_encoding(encoding);
  try {
    return reference.encode_ordinary(text).length;
  } finally {
    reference.free();
  }
}

const TEMPLATE =
  'You are a support agent for {{company_name}}.\nCustomer: {{user_input}}\nAnswer in {{language}}; never invent facts.';
// The literal text between the placeholders, each counted on its own.
const SEGMENTS = [
  'You are a support agent for ',
  '.\nCustomer: ',
  '\nAnswer in ',
  '; never invent facts.',
];

function definition(overrides: Record<string, unknown> = {}) {
  return {
    name: 'support',
    version: '1.0.0',
    template: TEMPLATE,
    variables: [
      { name: 'company_name', type: 'string', required: true },
      { name: 'user_input', type: 'string', required: true },
      {
        name: 'language',
        type: 'string',
        required: false,
        defaultValue: 'English',
      },
    ],
    contextRules: [
      {
        source: 'conversation_history',
        maxTokens: 1500,
        injectionPoint: 'system',
      },
      { source: 'knowledge_base', maxTokens: 1200, injectionPoint: 'system' },
    ],
    modelId: 'openai-gpt-4-turbo',
    maxTokens: 4096,
    ...overrides,
  };
}

describe('token budget', () => {
  let cl100k: Tokenizer;
  let o200k: Tokenizer;

  beforeAll(async () => {
    cl100k = await loadTokenizer('cl100k_base');
    o200k = await loadTokenizer('o200k_base');
  });

  it('breaks the budget down with exact template tokens', () => {
    const templateTokens = SEGMENTS.reduce(
      (sum, segment) => sum + referenceCount('cl100k_base', segment),
      0,
    );
    expect(computeTokenBudget(definition(), { tokenizer: cl100k })).toEqual({
      tokenizer: 'cl100k_base',
      estimated: false,
      templateTokens,
      contextTokens: 2700,
      variableTokens: 3 * DEFAULT_VARIABLE_ALLOWANCE_TOKENS,
      reserveTokens: DEFAULT_RESERVE_TOKENS,
      total: templateTokens + 2700 + 150 + 256,
      limit: 4096,
      contextWindow: 128_000,
      fits: true,
    });
  });

  it('counts a template without placeholders exactly as the reference does', () => {
    const template = 'Résumé: 東京 👩‍💻 {"ok": true}\n\n    indented';
    const budget = computeTokenBudget(
      definition({ template, variables: [], modelId: 'openai-gpt-4o' }),
      { tokenizer: o200k },
    );
    expect(budget.templateTokens).toBe(referenceCount('o200k_base', template));
    expect(budget.variableTokens).toBe(0);
  });

  it('takes the allowance per substitution and the reserve from the options', () => {
    const budget = computeTokenBudget(
      definition({ template: '{{user_input}} and again {{user_input}}' }),
      { tokenizer: cl100k, variableAllowanceTokens: 200, reserveTokens: 0 },
    );
    expect(budget).toMatchObject({
      variableTokens: 400,
      reserveTokens: 0,
      total: budget.templateTokens + 2700 + 400,
    });
  });

  it('rejects a negative or fractional allowance', () => {
    expect(() =>
      computeTokenBudget(definition(), { reserveTokens: -1 }),
    ).toThrow(RangeError);
    expect(() =>
      computeTokenBudget(definition(), { variableAllowanceTokens: 0.5 }),
    ).toThrow(RangeError);
  });

  it('does not fit when over maxTokens, and the report says by how much', () => {
    const report = createPromptValidationReport(
      definition({ maxTokens: 3000 }),
      {
        tokenizer: cl100k,
      },
    );
    const total = report.budget.total;
    expect(report.budget).toMatchObject({ limit: 3000, fits: false });
    expect(report.valid).toBe(false);
    expect(report.issues).toEqual([
      {
        severity: 'error',
        code: 'token-budget-exceeded',
        message: `The prompt needs ${total} tokens (template ${
          report.budget.templateTokens
        } + context 2700 + variables 150 + reserve 256), over its maxTokens of 3000 by ${
          total - 3000
        }.`,
        line: 1,
        column: 1,
        field: 'maxTokens',
      },
    ]);
  });

  it("does not fit when over the model's context window", () => {
    const report = createPromptValidationReport(
      definition({
        modelId: 'gpt-4',
        maxTokens: 100_000,
        contextRules: [
          {
            source: 'knowledge_base',
            maxTokens: 9000,
            injectionPoint: 'system',
          },
        ],
      }),
      { tokenizer: cl100k },
    );
    expect(report.budget).toMatchObject({ contextWindow: 8192, fits: false });
    expect(report.issues.map(issue => [issue.code, issue.field])).toEqual([
      ['context-window-exceeded', 'modelId'],
    ]);
  });

  it('estimates for an unknown model and warns, without blocking', () => {
    const report = createPromptValidationReport(
      definition({ modelId: 'acme-llm-2' }),
      { tokenizer: cl100k },
    );
    expect(report.budget).toMatchObject({
      tokenizer: 'estimate',
      estimated: true,
      estimateReason: 'unknown-model',
      templateTokens: SEGMENTS.reduce(
        (sum, segment) => sum + estimateTokens(segment),
        0,
      ),
      contextWindow: null,
      fits: true,
    });
    expect(report.valid).toBe(true);
    expect(report.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'unknown-model',
        field: 'modelId',
        message: expect.stringContaining('genesysPrompts.models.acme-llm-2'),
      }),
    ]);
  });

  it('uses a model configured in app-config', () => {
    const models = {
      'acme-llm-2': { tokenizer: 'o200k_base', contextWindow: 2000 },
    };
    const budget = computeTokenBudget(definition({ modelId: 'acme-llm-2' }), {
      models,
      tokenizer: o200k,
    });
    expect(budget).toMatchObject({
      tokenizer: 'o200k_base',
      estimated: false,
      contextWindow: 2000,
      fits: false,
    });
    expect(
      createPromptValidationReport(definition({ modelId: 'acme-llm-2' }), {
        models,
        tokenizer: o200k,
      }).issues.map(issue => issue.code),
    ).toEqual(['context-window-exceeded']);
  });

  it("lets config change a built-in model's tokenizer", () => {
    const models = { 'openai-gpt-4-turbo': { tokenizer: 'o200k_base' } };
    expect(tokenizerEncodingForModel('openai-gpt-4-turbo', models)).toBe(
      'o200k_base',
    );
    const budget = computeTokenBudget(definition(), {
      models,
      tokenizer: o200k,
    });
    expect(budget).toMatchObject({
      tokenizer: 'o200k_base',
      estimated: false,
      contextWindow: 128_000,
    });
  });

  it('estimates and warns when the configured tokenizer is not supported', () => {
    const report = createPromptValidationReport(
      definition({ modelId: 'acme' }),
      {
        models: { acme: { tokenizer: 'sentencepiece', contextWindow: 8000 } },
      },
    );
    expect(report.budget).toMatchObject({
      tokenizer: 'sentencepiece',
      estimated: true,
      estimateReason: 'unsupported-tokenizer',
      contextWindow: 8000,
    });
    expect(report.issues.map(issue => [issue.code, issue.severity])).toEqual([
      ['unsupported-tokenizer', 'warning'],
    ]);
  });

  it('estimates silently until the tokenizer is loaded, or when the wrong one is given', () => {
    for (const tokenizer of [undefined, o200k]) {
      const report = createPromptValidationReport(definition(), { tokenizer });
      expect(report.budget).toMatchObject({
        tokenizer: 'cl100k_base',
        estimated: true,
        estimateReason: 'tokenizer-not-loaded',
      });
      expect(report.issues).toEqual([]);
    }
  });

  it('never fits without a valid maxTokens, and reports only that', () => {
    const report = createPromptValidationReport(definition({ maxTokens: -1 }), {
      tokenizer: cl100k,
    });
    expect(report.budget).toMatchObject({ limit: null, fits: false });
    expect(report.issues.map(issue => issue.code)).toEqual([
      'invalid-max-tokens',
    ]);
  });

  it('counts what it can of a partial definition', () => {
    expect(computeTokenBudget({ template: 'Hi {{name}}' })).toEqual({
      tokenizer: 'estimate',
      estimated: true,
      estimateReason: 'unknown-model',
      templateTokens: estimateTokens('Hi '),
      contextTokens: 0,
      variableTokens: 50,
      reserveTokens: 256,
      total: estimateTokens('Hi ') + 50 + 256,
      limit: null,
      contextWindow: null,
      fits: false,
    });
    expect(computeTokenBudget(null).total).toBe(DEFAULT_RESERVE_TOKENS);
  });

  it('leaves invalid context rules and invalid placeholders out of the sums', () => {
    const budget = computeTokenBudget(
      definition({
        template: '{{user_input}} {{not valid}} {{}}',
        contextRules: [
          { source: 'knowledge_base', maxTokens: 0, injectionPoint: 'system' },
          {
            source: 'knowledge_base',
            maxTokens: 300,
            injectionPoint: 'system',
          },
        ],
      }),
      { tokenizer: cl100k },
    );
    expect(budget).toMatchObject({ contextTokens: 300, variableTokens: 50 });
  });

  describe('with the tokenizer loaded lazily', () => {
    it('computes the same budget as the synchronous call', async () => {
      await expect(computeTokenBudgetAsync(definition())).resolves.toEqual(
        computeTokenBudget(definition(), { tokenizer: cl100k }),
      );
    });

    it('validates with exact counts', async () => {
      const report = await validatePromptDefinitionWithBudget(
        definition({ modelId: 'openai-gpt-4o-mini', maxTokens: 100 }),
      );
      expect(report.budget).toMatchObject({
        tokenizer: 'o200k_base',
        estimated: false,
      });
      expect(report.issues.map(issue => issue.code)).toEqual([
        'token-budget-exceeded',
      ]);
    });

    it('validates a definition with an unknown model without loading anything', async () => {
      const report = await validatePromptDefinitionWithBudget(
        definition({ modelId: 'acme' }),
      );
      expect(report).toMatchObject({
        valid: true,
        budget: { estimated: true },
      });
    });

    it('validates garbage without throwing', async () => {
      await expect(
        validatePromptDefinitionWithBudget('garbage'),
      ).resolves.toMatchObject({
        valid: false,
        issues: [expect.objectContaining({ code: 'invalid-definition' })],
      });
    });
  });
});
