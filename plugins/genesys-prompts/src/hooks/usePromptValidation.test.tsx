import { act, renderHook } from '@testing-library/react';
import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import { usePromptValidation } from './usePromptValidation';

const definition = (template: string): GenesysPromptDefinition => ({
  name: 'assistant',
  version: '1.0.0',
  template,
  variables: [{ name: 'name', type: 'string', required: true }],
  contextRules: [],
  // An unknown model: no tokenizer to load, so only the debounce is at play.
  modelId: 'acme-llm',
  maxTokens: 1024,
});

const codes = (report: { issues: Array<{ code: string }> }) =>
  report.issues.map(issue => issue.code);

describe('usePromptValidation', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('validates the first definition at once and later ones 250 ms after the last change', () => {
    const { result, rerender } = renderHook(
      ({ value }) => usePromptValidation(value),
      { initialProps: { value: definition('Hi {{name}}') } },
    );
    expect(result.current.valid).toBe(true);

    rerender({ value: definition('Hi {{name}} {{unknow') });
    act(() => jest.advanceTimersByTime(100));
    rerender({ value: definition('Hi {{name}} {{unknown}}') });
    act(() => jest.advanceTimersByTime(249));
    // Still the report of the first definition: typing restarts the pause.
    expect(result.current.valid).toBe(true);

    act(() => jest.advanceTimersByTime(1));
    expect(result.current.valid).toBe(false);
    const undefinedVariable = result.current.issues.find(
      issue => issue.code === 'undefined-variable',
    );
    expect(undefinedVariable).toMatchObject({ line: 1, column: 13 });
    expect(codes(result.current)).toContain('unknown-model');

    rerender({ value: definition('Hi {{name}}') });
    act(() => jest.advanceTimersByTime(250));
    expect(codes(result.current)).not.toContain('undefined-variable');
  });
});
