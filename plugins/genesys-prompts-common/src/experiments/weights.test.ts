import { evenWeights, rebalanceWeights } from './weights';

const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

describe('evenWeights', () => {
  it('splits 100 as evenly as integers allow, extras first', () => {
    expect(evenWeights(1)).toEqual([100]);
    expect(evenWeights(2)).toEqual([50, 50]);
    expect(evenWeights(3)).toEqual([34, 33, 33]);
    expect(evenWeights(4)).toEqual([25, 25, 25, 25]);
    expect(evenWeights(5)).toEqual([20, 20, 20, 20, 20]);
    expect(evenWeights(6)).toEqual([17, 17, 17, 17, 16, 16]);
    expect(evenWeights(7)).toEqual([15, 15, 14, 14, 14, 14, 14]);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => evenWeights(0)).toThrow(RangeError);
    expect(() => evenWeights(2.5)).toThrow(RangeError);
  });
});

describe('rebalanceWeights', () => {
  it('takes the difference from the others in proportion to their size', () => {
    // +10 for the first: the others give 10 in the ratio 30 : 20.
    expect(rebalanceWeights([50, 30, 20], 0, 60)).toEqual([60, 24, 16]);
    // −20 for the second: the others receive 20 in the ratio 50 : 20.
    expect(rebalanceWeights([50, 30, 20], 1, 10)).toEqual([64, 10, 26]);
  });

  it('rounds by largest remainder and keeps the sum at exactly 100', () => {
    // 49 shared 33 : 33 → 24.5 each; the tie goes to the earlier one.
    expect(rebalanceWeights([34, 33, 33], 0, 51)).toEqual([51, 25, 24]);
    // 67 shared 1 : 1 : 1 → 22.33 each.
    expect(rebalanceWeights([25, 25, 25, 25], 3, 33)).toEqual([23, 22, 22, 33]);
    for (let target = 0; target <= 100; target += 7) {
      const result = rebalanceWeights([20, 20, 20, 20, 20], 2, target);
      expect(sum(result)).toBe(100);
      expect(result[2]).toBe(target);
      expect(Math.min(...result)).toBeGreaterThanOrEqual(0);
      expect(result.every(Number.isInteger)).toBe(true);
    }
  });

  it('shares evenly when all the others are 0', () => {
    expect(rebalanceWeights([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
    expect(rebalanceWeights([100, 0, 0, 0, 0], 0, 99)).toEqual([
      99, 1, 0, 0, 0,
    ]);
  });

  it('gives everything to the changed weight at 100, nothing at 0', () => {
    expect(rebalanceWeights([20, 20, 20, 20, 20], 4, 100)).toEqual([
      0, 0, 0, 0, 100,
    ]);
    expect(rebalanceWeights([70, 20, 10], 0, 0)).toEqual([0, 67, 33]);
  });

  it('clamps and rounds the new weight', () => {
    expect(rebalanceWeights([50, 50], 0, 140)).toEqual([100, 0]);
    expect(rebalanceWeights([50, 50], 0, -5)).toEqual([0, 100]);
    expect(rebalanceWeights([50, 50], 1, 33.6)).toEqual([66, 34]);
    expect(rebalanceWeights([50, 50], 1, NaN)).toEqual([100, 0]);
  });

  it('repairs weights that did not add up to 100', () => {
    expect(rebalanceWeights([10, 10, 10], 0, 40)).toEqual([40, 30, 30]);
    expect(rebalanceWeights([90, 90, 0], 2, 20)).toEqual([40, 40, 20]);
  });

  it('keeps a single weight at 100 and refuses a bad index', () => {
    expect(rebalanceWeights([100], 0, 30)).toEqual([100]);
    expect(() => rebalanceWeights([50, 50], 2, 10)).toThrow(RangeError);
    expect(() => rebalanceWeights([50, 50], -1, 10)).toThrow(RangeError);
  });
});
