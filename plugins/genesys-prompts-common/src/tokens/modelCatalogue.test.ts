import { resolveModel } from './modelCatalogue';

describe('resolveModel', () => {
  it.each([
    // The ids the gateway uses in this project.
    ['openai-gpt-4-turbo', 'gpt-4-turbo', 'cl100k_base', 128_000],
    ['openai-gpt-4o', 'gpt-4o', 'o200k_base', 128_000],
    ['openai-gpt-4o-mini', 'gpt-4o-mini', 'o200k_base', 128_000],
    ['openai-gpt-3.5-turbo', 'gpt-3.5-turbo', 'cl100k_base', 16_385],
    // Bare OpenAI ids.
    ['gpt-4-turbo', 'gpt-4-turbo', 'cl100k_base', 128_000],
    ['gpt-4o', 'gpt-4o', 'o200k_base', 128_000],
    ['gpt-4o-mini', 'gpt-4o-mini', 'o200k_base', 128_000],
    ['gpt-3.5-turbo', 'gpt-3.5-turbo', 'cl100k_base', 16_385],
    ['gpt-4', 'gpt-4', 'cl100k_base', 8_192],
    // Snapshots resolve to the longest family they extend.
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini', 'o200k_base', 128_000],
    ['gpt-4o-2024-08-06', 'gpt-4o', 'o200k_base', 128_000],
    ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo', 'cl100k_base', 128_000],
    ['gpt-4-0613', 'gpt-4', 'cl100k_base', 8_192],
    ['gpt-4-32k-0613', 'gpt-4-32k', 'cl100k_base', 32_768],
    ['gpt-3.5-turbo-0125', 'gpt-3.5-turbo', 'cl100k_base', 16_385],
    ['gpt-4.1-mini', 'gpt-4.1-mini', 'o200k_base', 1_047_576],
    ['o3-mini', 'o3-mini', 'o200k_base', 200_000],
    ['o1-2024-12-17', 'o1', 'o200k_base', 200_000],
    // Vendor prefix and case.
    ['OpenAI/GPT-4o', 'gpt-4o', 'o200k_base', 128_000],
  ])(
    '%s is built-in %s (%s, %d)',
    (modelId, builtInId, tokenizer, contextWindow) => {
      expect(resolveModel(modelId)).toEqual({
        modelId,
        source: 'built-in',
        builtInId,
        tokenizer,
        contextWindow,
      });
    },
  );

  it.each([
    'claude-3-5-sonnet',
    'gpt-4.5-preview',
    'gpt-4ox',
    'genesys-native',
    '',
  ])('%j is unknown', modelId => {
    expect(resolveModel(modelId)).toEqual({ modelId, source: 'unknown' });
  });

  it('takes a config entry for an unknown model', () => {
    expect(
      resolveModel('acme-llm', {
        'acme-llm': { tokenizer: 'cl100k_base', contextWindow: 32_000 },
      }),
    ).toEqual({
      modelId: 'acme-llm',
      source: 'config',
      tokenizer: 'cl100k_base',
      contextWindow: 32_000,
    });
  });

  it('lets config override a built-in model field by field, by exact id', () => {
    const models = { 'openai-gpt-4o': { contextWindow: 64_000 } };
    expect(resolveModel('openai-gpt-4o', models)).toEqual({
      modelId: 'openai-gpt-4o',
      source: 'config',
      builtInId: 'gpt-4o',
      tokenizer: 'o200k_base',
      contextWindow: 64_000,
    });
    // Another id of the same family keeps the built-in values.
    expect(resolveModel('gpt-4o', models).contextWindow).toBe(128_000);
  });

  it('ignores inherited keys of the config object', () => {
    expect(resolveModel('toString', {}).source).toBe('unknown');
  });
});
