import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import { diffDefinitions, diffLines, splitLines } from './diff';

const summary = (text1: string, text2: string) =>
  diffLines(text1, text2).map(line => {
    const sign = { same: ' ', added: '+', removed: '-' }[line.type];
    return `${sign}${line.text}`;
  });

describe('diffLines', () => {
  it('keeps common lines and marks removed before added lines', () => {
    expect(summary('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual([
      ' a',
      '-b',
      '+B',
      ' c',
      ' d',
      '+e',
    ]);
  });

  it('numbers lines on both sides', () => {
    expect(diffLines('x\ny', 'y\nz')).toEqual([
      { type: 'removed', text: 'x', oldNo: 1 },
      { type: 'same', text: 'y', oldNo: 2, newNo: 1 },
      { type: 'added', text: 'z', newNo: 2 },
    ]);
  });

  it('finds the longest common subsequence, not just the common ends', () => {
    expect(summary('1\n2\n3\n4\n5', '1\n3\n2\n4\n6\n5')).toEqual([
      ' 1',
      '-2',
      ' 3',
      '+2',
      ' 4',
      '+6',
      ' 5',
    ]);
  });

  it('handles empty texts and identical ones', () => {
    expect(summary('', 'a')).toEqual(['-', '+a']);
    expect(summary('same\ntext', 'same\ntext')).toEqual([' same', ' text']);
  });

  it('splits lines at \\n, \\r\\n and \\r', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(summary('a\r\nb', 'a\nb')).toEqual([' a', ' b']);
  });

  it('stays fast on long templates with a change in the middle', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[2500] = 'changed';
    const started = Date.now();
    const result = diffLines(lines.join('\n'), changed.join('\n'));
    expect(Date.now() - started).toBeLessThan(500);
    expect(result.filter(line => line.type !== 'same')).toEqual([
      { type: 'removed', text: 'line 2500', oldNo: 2501 },
      { type: 'added', text: 'changed', newNo: 2501 },
    ]);
  });
});

const base: GenesysPromptDefinition = {
  name: 'assistant',
  version: '1.0.0',
  template: 'Hi {{name}}',
  variables: [
    { name: 'name', type: 'string', required: true },
    { name: 'topic', type: 'string', required: false },
  ],
  contextRules: [
    {
      source: 'conversation_history',
      injectionPoint: 'system',
      maxTokens: 500,
    },
  ],
  modelId: 'gpt-4o',
  maxTokens: 1024,
};

describe('diffDefinitions', () => {
  it('reports nothing for equal definitions', () => {
    const diff = diffDefinitions(base, { ...base });
    expect(diff.identical).toBe(true);
    expect(diff.fields).toEqual([]);
    expect(diff.variables).toEqual([]);
  });

  it('lists changed scalar fields, variables by name and context rules as lines', () => {
    const diff = diffDefinitions(base, {
      ...base,
      version: '1.1.0',
      maxTokens: 2048,
      variables: [
        { name: 'name', type: 'string', required: false, defaultValue: 'you' },
        { name: 'tone', type: 'string', required: false },
      ],
      contextRules: [
        {
          source: 'knowledge_base',
          injectionPoint: 'user',
          maxTokens: 800,
        },
      ],
    });

    expect(diff.identical).toBe(false);
    expect(diff.fields).toEqual([
      { field: 'version', label: 'Version label', from: '1.0.0', to: '1.1.0' },
      { field: 'maxTokens', label: 'Max tokens', from: '1024', to: '2048' },
    ]);
    expect(diff.variables).toEqual([
      {
        name: 'name',
        change: 'changed',
        from: 'string, required',
        to: 'string, optional, default "you"',
      },
      { name: 'topic', change: 'removed', from: 'string, optional' },
      { name: 'tone', change: 'added', to: 'string, optional' },
    ]);
    expect(diff.contextRulesChanged).toBe(true);
    expect(diff.contextRules.map(line => [line.type, line.text])).toEqual([
      ['removed', 'conversation_history → system, max 500 tokens'],
      ['added', 'knowledge_base → user, max 800 tokens'],
    ]);
    expect(diff.templateChanged).toBe(false);
  });
});
