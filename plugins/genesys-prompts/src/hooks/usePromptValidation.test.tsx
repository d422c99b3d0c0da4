import { configApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import { PropsWithChildren } from 'react';
import { usePromptValidation } from './usePromptValidation';

// The budget settings come from app-config, as in the backend.
const withConfig =
  (data: object) =>
  ({ children }: PropsWithChildren<{}>) =>
    (
      <TestApiProvider apis={[[configApiRef, mockApis.config({ data })]]}>
        {children}
      </TestApiProvider>
    );

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
      {
        initialProps: { value: definition('Hi {{name}}') },
        wrapper: withConfig({}),
      },
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

  it('uses the model catalogue and budget from app-config', () => {
    const { result } = renderHook(
      () => usePromptValidation(definition('Hi {{name}}')),
      {
        wrapper: withConfig({
          genesysPrompts: {
            models: [
              {
                modelId: 'acme-llm',
                tokenizer: 'cl100k_base',
                contextWindow: 100,
              },
            ],
            budget: { variableAllowanceTokens: 7, reserveTokens: 11 },
          },
        }),
      },
    );
    expect(codes(result.current)).not.toContain('unknown-model');
    expect(result.current.budget).toMatchObject({
      variableTokens: 7,
      reserveTokens: 11,
      contextWindow: 100,
    });
  });
});
