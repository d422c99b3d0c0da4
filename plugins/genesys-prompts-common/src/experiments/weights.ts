import { EXPERIMENT_WEIGHT_TOTAL } from './validateExperimentVariants';

/**
 * Splits the integer `total` in proportion to `shares` (all ≥ 0, some \> 0):
 * each part is rounded down, then the units left go to the largest
 * remainders (Hamilton's largest-remainder method), earlier parts first on
 * equal remainders.
 */
function apportion(total: number, shares: readonly number[]): number[] {
  const shareSum = shares.reduce((sum, share) => sum + share, 0);
  const exact = shares.map(share => (total * share) / shareSum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - parts[index] }))
    .sort((x, y) => y.remainder - x.remainder || x.index - y.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    parts[index] += 1;
    left -= 1;
  }
  return parts;
}

/** A weight as an integer within 0..100; anything not a finite number is 0. */
function toWeight(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(EXPERIMENT_WEIGHT_TOTAL, Math.max(0, Math.round(value)));
}

/**
 * `n` integer weights summing to 100, as even as possible, the extra points
 * on the first ones: 3 → [34, 33, 33].
 *
 * @throws RangeError when n is not a positive integer.
 * @public
 */
export function evenWeights(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `The number of weights must be a positive integer, not ${n}`,
    );
  }
  return apportion(EXPERIMENT_WEIGHT_TOTAL, new Array<number>(n).fill(1));
}

/**
 * For a weight editor that keeps the sum at 100: sets weight `changedIndex`
 * to `newWeight` (rounded to an integer and clamped to 0..100; not a finite
 * number counts as 0) and takes the difference from, or gives it to, the
 * other weights in proportion to their current size, with largest-remainder
 * rounding. The result is integers, none below 0, summing to exactly 100.
 *
 * When the other weights are all 0 and there are points to give, they share
 * them evenly. A single weight is always 100.
 *
 * @throws RangeError when `changedIndex` is not an index of `weights`.
 * @public
 */
export function rebalanceWeights(
  weights: readonly number[],
  changedIndex: number,
  newWeight: number,
): number[] {
  if (
    !Number.isInteger(changedIndex) ||
    changedIndex < 0 ||
    changedIndex >= weights.length
  ) {
    throw new RangeError(
      `Index ${changedIndex} is not one of the ${weights.length} weights`,
    );
  }
  if (weights.length === 1) return [EXPERIMENT_WEIGHT_TOTAL];

  const changed = toWeight(newWeight);
  const others = weights
    .map((weight, index) => ({ index, current: toWeight(weight) }))
    .filter(({ index }) => index !== changedIndex);
  const currentSum = others.reduce((sum, { current }) => sum + current, 0);
  // Others that are all 0 have no size to be proportional to: share evenly.
  const shares = others.map(({ current }) => (currentSum > 0 ? current : 1));
  const parts = apportion(EXPERIMENT_WEIGHT_TOTAL - changed, shares);

  const result = new Array<number>(weights.length);
  result[changedIndex] = changed;
  others.forEach(({ index }, position) => {
    result[index] = parts[position];
  });
  return result;
}
