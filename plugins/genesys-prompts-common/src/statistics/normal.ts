/*
 * The standard normal distribution: its CDF (W. J. Cody's rational Chebyshev
 * approximations, full double precision) and its inverse (P. J. Acklam's
 * algorithm refined by one Halley step against that CDF).
 */

const ONE_OVER_SQRT_2PI = 0.3989422804014327;
const SQRT_2PI = 2.5066282746310002;
const SQRT_32 = Math.sqrt(32);
/** Φ⁻¹(3/4): below it Cody's first approximation is used. */
const CENTRAL_LIMIT = 0.67448975;
/** Beyond this, the smaller tail underflows to 0 anyway (Cody: 37.5193). */
const TAIL_UNDERFLOW = 38;

// W. J. Cody, "Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969) 631-637; coefficients as in his ANORM (netlib specfun).
const CENTRAL_NUM = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
  18154.981253343561249, 0.065682337918207449113,
];
const CENTRAL_DEN = [
  47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
  45507.789335026729956,
];
const MIDDLE_NUM = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
  597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
  11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const MIDDLE_DEN = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
  6485.558298266760755, 18615.571640885098091, 34900.952721145977266,
  38912.003286093271411, 19685.429676859990727,
];
const TAIL_NUM = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
  0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303,
];
const TAIL_DEN = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
  0.00378239633202758244, 7.29751555083966205e-5,
];

/** Φ(x) − 1/2 for |x| ≤ Φ⁻¹(3/4). */
function centralOffset(x: number): number {
  const xsq = x * x;
  let num = CENTRAL_NUM[4] * xsq;
  let den = xsq;
  for (let i = 0; i < 3; i++) {
    num = (num + CENTRAL_NUM[i]) * xsq;
    den = (den + CENTRAL_DEN[i]) * xsq;
  }
  return (x * (num + CENTRAL_NUM[3])) / (den + CENTRAL_DEN[3]);
}

/** exp(−y²/2), with y² split so the rounding of y² does not cost digits in the tail. */
function gaussianFactor(y: number): number {
  const coarse = Math.trunc(y * 16) / 16;
  const rest = (y - coarse) * (y + coarse);
  return Math.exp((-coarse * coarse) / 2) * Math.exp(-rest / 2);
}

/** P(Z > y) for Φ⁻¹(3/4) < y ≤ √32. */
function middleUpperTail(y: number): number {
  let num = MIDDLE_NUM[8] * y;
  let den = y;
  for (let i = 0; i < 7; i++) {
    num = (num + MIDDLE_NUM[i]) * y;
    den = (den + MIDDLE_DEN[i]) * y;
  }
  return (gaussianFactor(y) * (num + MIDDLE_NUM[7])) / (den + MIDDLE_DEN[7]);
}

/** P(Z > y) for y > √32 (an asymptotic series in 1/y²). */
function farUpperTail(y: number): number {
  if (y >= TAIL_UNDERFLOW) return 0;
  const inverseSquare = 1 / (y * y);
  let num = TAIL_NUM[5] * inverseSquare;
  let den = inverseSquare;
  for (let i = 0; i < 4; i++) {
    num = (num + TAIL_NUM[i]) * inverseSquare;
    den = (den + TAIL_DEN[i]) * inverseSquare;
  }
  const correction =
    (inverseSquare * (num + TAIL_NUM[4])) / (den + TAIL_DEN[4]);
  return (gaussianFactor(y) * (ONE_OVER_SQRT_2PI - correction)) / y;
}

/** [P(Z ≤ x), P(Z > x)], each computed without cancellation in its own tail. */
function normalTails(x: number): [number, number] {
  if (Number.isNaN(x)) return [NaN, NaN];
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) {
    const offset = centralOffset(x);
    return [0.5 + offset, 0.5 - offset];
  }
  const smallerTail = y <= SQRT_32 ? middleUpperTail(y) : farUpperTail(y);
  return x > 0
    ? [1 - smallerTail, smallerTail]
    : [smallerTail, 1 - smallerTail];
}

/**
 * The standard normal cumulative distribution function Φ(x) = P(Z ≤ x).
 *
 * W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969, as in
 * his ANORM routine): relative error near 1e-16, also in the lower tail.
 *
 * @public
 */
export function normalCdf(x: number): number {
  return normalTails(x)[0];
}

/**
 * The upper tail P(Z \> x) = 1 − Φ(x), accurate where 1 − Φ(x) would round
 * to 0 (e.g. 6.2e-16 at x = 8).
 *
 * @public
 */
export function normalSurvival(x: number): number {
  return normalTails(x)[1];
}

/**
 * The two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|).
 *
 * @public
 */
export function twoSidedNormalPValue(z: number): number {
  return Math.min(1, 2 * normalSurvival(Math.abs(z)));
}

// P. J. Acklam, "An algorithm for computing the inverse normal cumulative
// distribution function" (2003): relative error below 1.15e-9 before refinement.
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2,
  1.38357751867269e2, -3.066479806614716e1, 2.506628277459239,
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2,
  6.680131188771972e1, -1.328068155288572e1,
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838,
  -2.549732539343734, 4.374664141464968, 2.938163982698783,
];
const ACKLAM_D = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996,
  3.754408661907416,
];
const ACKLAM_TAIL_START = 0.02425;

/** Acklam's approximation for p in (0, 1/2]. */
function acklamLowerHalf(p: number): number {
  if (p < ACKLAM_TAIL_START) {
    const q = Math.sqrt(-2 * Math.log(p));
    const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
    const [d0, d1, d2, d3] = ACKLAM_D;
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** One Halley step on Φ(x) = p; its accuracy is that of Cody's Φ. */
function refine(x: number, p: number): number {
  const error = normalCdf(x) - p;
  const step = error * SQRT_2PI * Math.exp((x * x) / 2);
  // In the far tail exp(x²/2) overflows; Acklam's value is then kept as is.
  if (!Number.isFinite(step)) return x;
  return x - step / (1 + (x * step) / 2);
}

/**
 * The standard normal quantile Φ⁻¹(p): the z with P(Z ≤ z) = p, e.g.
 * 1.959964 for p = 0.975.
 *
 * P. J. Acklam's algorithm refined by one Halley step against
 * {@link normalCdf}: relative error about 1e-15. Upper probabilities are
 * mapped to the lower half by symmetry (1 − p is exact for p ≥ 1/2), so the
 * accuracy is the same in both tails. Returns ±Infinity at 0 and 1.
 *
 * @throws RangeError when p is not within [0, 1].
 * @public
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`A probability must be within [0, 1], not ${p}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  return refine(acklamLowerHalf(p), p);
}
