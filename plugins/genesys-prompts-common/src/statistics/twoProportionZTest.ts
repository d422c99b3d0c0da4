import type { ProportionComparison } from '../insightTypes';
import { normalQuantile, twoSidedNormalPValue } from './normal';

/** Successes out of trials, e.g. successful requests out of requests. @public */
export interface ProportionSample {
  successes: number;
  trials: number;
}

/**
 * Levels of {@link twoProportionZTest}. Each defaults to the complement of
 * the other, so the interval and the decision use the same level; when
 * neither is given: 95 % and 0.05.
 * @public
 */
export interface ProportionTestOptions {
  /** Level of the confidence interval, e.g. 0.95. */
  confidenceLevel?: number;
  /** Significance level of the test, e.g. 0.05. */
  alpha?: number;
}

const DEFAULT_ALPHA = 0.05;

function checkSample(sample: ProportionSample, name: string): void {
  const { successes, trials } = sample;
  const valid =
    Number.isFinite(successes) &&
    Number.isFinite(trials) &&
    successes >= 0 &&
    successes <= trials;
  if (!valid) {
    throw new RangeError(
      `Sample ${name} needs 0 <= successes <= trials, got ${successes} of ${trials}`,
    );
  }
}

function checkLevel(value: number, name: string): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(
      `${name} must be strictly between 0 and 1, not ${value}`,
    );
  }
}

function resolveLevels(options: ProportionTestOptions): {
  alpha: number;
  confidenceLevel: number;
} {
  const alpha =
    options.alpha ??
    (options.confidenceLevel === undefined
      ? DEFAULT_ALPHA
      : 1 - options.confidenceLevel);
  const confidenceLevel = options.confidenceLevel ?? 1 - alpha;
  checkLevel(alpha, 'alpha');
  checkLevel(confidenceLevel, 'confidenceLevel');
  return { alpha, confidenceLevel };
}

/**
 * Two-proportion z-test of B against A (e.g. the success rate of a variant
 * against the primary's), two-sided.
 *
 * - z uses the pooled standard error, the one that holds under H0 (p_A = p_B):
 *   √(p̂(1 − p̂)(1/n_A + 1/n_B)) with p̂ the pooled rate;
 * - the confidence interval of rateB − rateA uses the unpooled (Wald) standard
 *   error √(p_A(1 − p_A)/n_A + p_B(1 − p_B)/n_B), which does not assume H0;
 * - `significant` is p \< alpha.
 *
 * When both rates are 0 or both are 1 the pooled standard error is 0: there is
 * no evidence of a difference, so z is 0 and p is 1.
 *
 * Returns null when either side has no trials.
 *
 * @throws RangeError for counts outside 0 ≤ successes ≤ trials, or levels
 * outside (0, 1).
 * @public
 */
export function twoProportionZTest(
  a: ProportionSample,
  b: ProportionSample,
  options: ProportionTestOptions = {},
): ProportionComparison | null {
  checkSample(a, 'A');
  checkSample(b, 'B');
  const { alpha, confidenceLevel } = resolveLevels(options);
  if (a.trials === 0 || b.trials === 0) return null;

  const rateA = a.successes / a.trials;
  const rateB = b.successes / b.trials;
  const difference = rateB - rateA;

  const pooledRate = (a.successes + b.successes) / (a.trials + b.trials);
  const pooledSe = Math.sqrt(
    pooledRate * (1 - pooledRate) * (1 / a.trials + 1 / b.trials),
  );
  const z = pooledSe > 0 ? difference / pooledSe : 0;
  const pValue = pooledSe > 0 ? twoSidedNormalPValue(z) : 1;

  const unpooledSe = Math.sqrt(
    (rateA * (1 - rateA)) / a.trials + (rateB * (1 - rateB)) / b.trials,
  );
  const margin = normalQuantile(1 - (1 - confidenceLevel) / 2) * unpooledSe;

  return {
    method: 'two-proportion-z-test',
    rateA,
    rateB,
    difference,
    z,
    pValue,
    confidenceInterval: [difference - margin, difference + margin],
    confidenceLevel,
    significant: pValue < alpha,
  };
}
