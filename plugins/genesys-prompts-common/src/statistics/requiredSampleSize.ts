import type { SampleSizeEstimate } from '../insightTypes';
import { normalQuantile } from './normal';

/** @public */
export interface SampleSizeInput {
  /** The primary's rate, e.g. its success rate (0..1). */
  baselineRate: number;
  /** Smallest absolute difference worth detecting, e.g. 0.02 = 2 points. */
  minDetectableEffect: number;
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
  /** Probability of detecting a true difference of that size; default 0.8. */
  power?: number;
}

function checkOpenUnit(value: number, name: string): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(
      `${name} must be strictly between 0 and 1, not ${value}`,
    );
  }
}

/** The rate the variant is assumed to have: below the baseline when it can be. */
function alternativeRate(baselineRate: number, effect: number): number {
  if (baselineRate - effect >= 0) return baselineRate - effect;
  if (baselineRate + effect <= 1) return baselineRate + effect;
  throw new RangeError(
    `A difference of ${effect} from ${baselineRate} leaves the range 0..1 both ways`,
  );
}

/**
 * Requests each variant needs for a two-sided two-proportion z-test to
 * detect a difference of `minDetectableEffect` from `baselineRate`
 * (normal approximation, equal group sizes, no continuity correction):
 *
 * n = (z_(1−α/2)·√(2·p̄(1 − p̄)) + z_(1−β)·√(p1(1 − p1) + p2(1 − p2)))² / δ²,
 * rounded up, with p1 the baseline, p2 = p1 − δ when that is ≥ 0 (else
 * p1 + δ) and p̄ = (p1 + p2)/2.
 *
 * @throws RangeError when the baseline is outside [0, 1], the effect is not
 * positive or moves the rate out of [0, 1] both ways, or alpha or power is
 * outside (0, 1).
 * @public
 */
export function requiredSampleSize(input: SampleSizeInput): SampleSizeEstimate {
  const {
    baselineRate,
    minDetectableEffect,
    alpha = 0.05,
    power = 0.8,
  } = input;
  if (!(baselineRate >= 0 && baselineRate <= 1)) {
    throw new RangeError(
      `baselineRate must be within [0, 1], not ${baselineRate}`,
    );
  }
  if (!(minDetectableEffect > 0)) {
    throw new RangeError(
      `minDetectableEffect must be positive, not ${minDetectableEffect}`,
    );
  }
  checkOpenUnit(alpha, 'alpha');
  checkOpenUnit(power, 'power');

  const p1 = baselineRate;
  const p2 = alternativeRate(p1, minDetectableEffect);
  const pMean = (p1 + p2) / 2;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zBeta = normalQuantile(power);
  const root =
    zAlpha * Math.sqrt(2 * pMean * (1 - pMean)) +
    zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const exact = (root * root) / (minDetectableEffect * minDetectableEffect);
  // The tiny tolerance keeps an n that is an integer up to rounding from becoming n + 1.
  const perVariant = Math.max(1, Math.ceil(exact - 1e-9));

  return { perVariant, baselineRate, minDetectableEffect, alpha, power };
}
