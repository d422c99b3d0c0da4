import { get_encoding } from 'tiktoken';
import { TOKEN_CORPUS } from './__fixtures__/corpus';
import { estimateTokens } from './estimateTokens';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

describe('estimateTokens', () => {
  it('is 0 for nothing and at least 1 for anything', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('x')).toBe(1);
    expect(estimateTokens(' ')).toBe(1);
    expect(estimateTokens('😀')).toBe(2);
  });

  it('is closer to real counts than length / 4 on the corpus', () => {
    const reference = get_encoding('cl100k_base');
    try {
      const real = TOKEN_CORPUS.map(
        ({ text }) => reference.encode_ordinary(text).length,
      );
      const error = (estimate: (text: string) => number) =>
        TOKEN_CORPUS.reduce(
          (sum, { text }, i) => sum + Math.abs(estimate(text) / real[i] - 1),
          0,
        ) / TOKEN_CORPUS.length;
      const ratios = TOKEN_CORPUS.map(
        ({ text }, i) => estimateTokens(text) / real[i],
      );

      // Pinned so that a change to the heuristic is a deliberate one.
      expect(median(ratios)).toBeGreaterThan(0.9);
      expect(median(ratios)).toBeLessThan(1.2);
      expect(error(estimateTokens)).toBeLessThan(0.3);
      expect(error(estimateTokens)).toBeLessThan(
        error(text => Math.ceil(text.length / 4)) / 2,
      );
    } finally {
      reference.free();
    }
  });

  it('errs high rather than low for o200k_base, whose vocabulary is larger', () => {
    const reference = get_encoding('o200k_base');
    try {
      const ratios = TOKEN_CORPUS.map(
        ({ text }) =>
          estimateTokens(text) / reference.encode_ordinary(text).length,
      );
      expect(median(ratios)).toBeGreaterThanOrEqual(1);
    } finally {
      reference.free();
    }
  });
});
