import type { LatencyComparison } from '../insightTypes';
import { LatencyHistogram } from './LatencyHistogram';
import { twoSidedNormalPValue } from './normal';

/** @public */
export interface RankTestOptions {
  /** Significance level; default 0.05. */
  alpha?: number;
}

/** What the normal approximation needs, however the ranks were obtained. */
interface RankSummary {
  sizeA: number;
  sizeB: number;
  /** U of B: pairs (a, b) with b \> a, ties counting half. */
  uB: number;
  /** Σ (t³ − t) over the groups of tied values. */
  tieTerm: number;
  medianA: number;
  medianB: number;
}

function resolveAlpha(options: RankTestOptions): number {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `alpha must be strictly between 0 and 1, not ${alpha}`,
    );
  }
  return alpha;
}

/** Normal approximation of U with the tie and continuity corrections. */
function compareRanks(summary: RankSummary, alpha: number): LatencyComparison {
  const { sizeA, sizeB, uB, tieTerm } = summary;
  const pairs = sizeA * sizeB;
  const n = sizeA + sizeB;
  const mean = pairs / 2;
  // Ties shrink the variance: n_A·n_B/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))).
  const variance = n > 1 ? (pairs / 12) * (n + 1 - tieTerm / (n * (n - 1))) : 0;
  const sd = Math.sqrt(Math.max(0, variance));
  const distance = uB - mean;
  // Continuity correction: U moves in steps of 1/2, the normal is continuous.
  const corrected = Math.max(0, Math.abs(distance) - 0.5);
  const z = sd > 0 ? (Math.sign(distance) * corrected) / sd : 0;
  const pValue = sd > 0 ? twoSidedNormalPValue(z) : 1;
  return {
    method: 'mann-whitney-u',
    medianA: summary.medianA,
    medianB: summary.medianB,
    u: uB,
    z,
    pValue,
    // 1 − U_B/(n_A·n_B) = P(B < A) + ½·P(B = A).
    probabilityBFaster: 1 - uB / pairs,
    significant: pValue < alpha,
  };
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test of B's latencies against A's,
 * two-sided, from two {@link LatencyHistogram}s in O(bins).
 *
 * Why this test: the metrics aggregates give each bucket's count, sum and
 * percentiles but no variance, so a t-test cannot be formed from them; and
 * latency is skewed, with a timeout tail that would dominate a mean-based
 * test anyway. A rank test needs no distributional assumption and no
 * variance, only the order of the values, which a histogram keeps (to its
 * 1 % bin width): values in the same bin are treated as ties. The
 * histograms keep memory flat while the conversation details are streamed
 * page by page, however many conversations there are.
 *
 * Method: the bins are walked in ascending order; each bin is one group of
 * tied values with midranks. U is the normal approximation's statistic with
 * the tie correction of the variance and a continuity correction of ½.
 *
 * The result: `u` is U of B, the number of (a, b) pairs in which b is the
 * slower, ties counting half; `z` is positive when B tends to be slower;
 * `probabilityBFaster` = P(B \< A) + ½·P(B = A) = 1 − u/(n_A·n_B), the
 * common-language effect size; the medians are the histograms' (within 0.5 %).
 *
 * Returns null when either histogram is empty.
 *
 * @public
 */
export function mannWhitneyU(
  a: LatencyHistogram,
  b: LatencyHistogram,
  options: RankTestOptions = {},
): LatencyComparison | null {
  const alpha = resolveAlpha(options);
  if (a.count === 0 || b.count === 0) return null;
  let aBelow = 0;
  let uB = 0;
  let tieTerm = 0;
  for (let index = 0; index < LatencyHistogram.binCount; index++) {
    const inA = a.countInBin(index);
    const inB = b.countInBin(index);
    // Each B value here is slower than every A value in lower bins, tied with those here.
    uB += inB * (aBelow + inA / 2);
    const tied = inA + inB;
    tieTerm += tied * tied * tied - tied;
    aBelow += inA;
  }
  return compareRanks(
    {
      sizeA: a.count,
      sizeB: b.count,
      uB,
      tieTerm,
      medianA: a.quantile(0.5)!,
      medianB: b.quantile(0.5)!,
    },
    alpha,
  );
}

function median(sorted: readonly number[]): number {
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
}

function checkSamples(values: readonly number[], name: string): void {
  if (values.some(value => !Number.isFinite(value))) {
    throw new RangeError(
      `Sample ${name} contains a value that is not a finite number`,
    );
  }
}

/**
 * The same test as {@link mannWhitneyU} on plain arrays, from exact ranks:
 * equal values are ties (midranks), with the same tie and continuity
 * corrections. U of B is computed from B's rank sum, R_B − n_B(n_B + 1)/2,
 * so it checks the histogram version's pair counting independently.
 * Medians are the usual sample medians. Returns null when either array is
 * empty.
 *
 * @throws RangeError when a value is not a finite number.
 * @public
 */
export function mannWhitneyUFromSamples(
  a: readonly number[],
  b: readonly number[],
  options: RankTestOptions = {},
): LatencyComparison | null {
  const alpha = resolveAlpha(options);
  checkSamples(a, 'A');
  checkSamples(b, 'B');
  if (a.length === 0 || b.length === 0) return null;

  const pooled = [
    ...a.map(value => ({ value, fromB: false })),
    ...b.map(value => ({ value, fromB: true })),
  ].sort((x, y) => x.value - y.value);

  let rankSumB = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end < pooled.length && pooled[end].value === pooled[start].value)
      end++;
    const tied = end - start;
    // Ranks start + 1 .. end share their mean.
    const midrank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i].fromB) rankSumB += midrank;
    tieTerm += tied * tied * tied - tied;
    start = end;
  }

  const sortedA = [...a].sort((x, y) => x - y);
  const sortedB = [...b].sort((x, y) => x - y);
  return compareRanks(
    {
      sizeA: a.length,
      sizeB: b.length,
      uB: rankSumB - (b.length * (b.length + 1)) / 2,
      tieTerm,
      medianA: median(sortedA),
      medianB: median(sortedB),
    },
    alpha,
  );
}
