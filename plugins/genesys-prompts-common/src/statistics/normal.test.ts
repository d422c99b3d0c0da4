import {
  normalCdf,
  normalQuantile,
  normalSurvival,
  twoSidedNormalPValue,
} from './normal';

/** |actual − expected| / |expected|, or the absolute difference at 0. */
const relativeError = (actual: number, expected: number) =>
  expected === 0
    ? Math.abs(actual)
    : Math.abs(actual - expected) / Math.abs(expected);

describe('normalCdf', () => {
  it('matches the printed tables', () => {
    // Standard normal table values (e.g. Abramowitz & Stegun, Handbook of
    // Mathematical Functions, Table 26.1), to the 7 digits they are quoted with.
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447, 7);
    expect(normalCdf(1.645)).toBeCloseTo(0.9500151, 7);
    expect(normalCdf(2.576)).toBeCloseTo(0.9950025, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 7);
    expect(normalCdf(0)).toBe(0.5);
  });

  // [x, Φ(x), 1 − Φ(x)] from scipy.stats.norm (SciPy 1.17: cdf and sf), which
  // also implements Cody's algorithm; covers all three of its ranges.
  const REFERENCE: Array<[number, number, number]> = [
    [-37, 5.7255712225239266e-300, 1.0],
    [-20, 2.7536241186061556e-89, 1.0],
    [-8, 6.22096057427174e-16, 0.9999999999999993],
    [-5, 2.866515718791933e-7, 0.9999997133484281],
    [-3, 0.0013498980316300933, 0.9986501019683699],
    [-1.5, 0.06680720126885807, 0.9331927987311419],
    [-0.6744, 0.2500285213729406, 0.7499714786270594],
    [-0.3, 0.3820885778110474, 0.6179114221889526],
    [0.3, 0.6179114221889526, 0.3820885778110474],
    [0.6745, 0.7500032571363009, 0.24999674286369916],
    [1.2816, 0.9000084999023248, 0.09999150009767521],
    [2, 0.9772498680518208, 0.022750131948179195],
    [3, 0.9986501019683699, 0.0013498980316300933],
    [4, 0.9999683287581669, 3.167124183311986e-5],
    [5.6, 0.9999999892824097, 1.0717590258310887e-8],
    [5.7, 0.9999999940096286, 5.99037140106353e-9],
    [8, 0.9999999999999993, 6.22096057427174e-16],
    [10, 1.0, 7.61985302416047e-24],
  ];

  it.each(REFERENCE)(
    'is accurate in both tails at x = %p',
    (x, lower, upper) => {
      expect(relativeError(normalCdf(x), lower)).toBeLessThanOrEqual(1e-12);
      expect(relativeError(normalSurvival(x), upper)).toBeLessThanOrEqual(
        1e-12,
      );
    },
  );

  it('is 0 and 1 far out, and NaN for NaN', () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalSurvival(Infinity)).toBe(0);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('gives two-sided p-values', () => {
    expect(twoSidedNormalPValue(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalPValue(-1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalPValue(0)).toBe(1);
  });
});

describe('normalQuantile', () => {
  it('matches the published critical values', () => {
    // Percentage points of the normal distribution (Abramowitz & Stegun,
    // Table 26.5; the usual critical values 1.959964, 1.644854, 2.575829).
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212, 7);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 7);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293, 7);
    expect(normalQuantile(0.5)).toBe(0);
  });

  // [p, Φ⁻¹(p)] from scipy.stats.norm.ppf (SciPy 1.17); 0.02425 is where
  // Acklam's algorithm switches between its central and tail formulas.
  const REFERENCE: Array<[number, number]> = [
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965322],
    [1e-10, -6.361340902404056],
    [1e-5, -4.264890793922825],
    [0.001, -3.090232306167813],
    [0.02, -2.053748910631823],
    [0.02425, -1.972961051311885],
    [0.025, -1.9599639845400545],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.7, 0.5244005127080407],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.98, 2.0537489106318225],
    [0.999, 3.090232306167813],
    [0.99999, 4.264890793923841],
  ];

  it.each(REFERENCE)('is accurate to 1e-9 at p = %p', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThanOrEqual(
      1e-9,
    );
  });

  it('inverts normalCdf', () => {
    for (let p = 0.0005; p < 1; p += 0.0137) {
      expect(
        relativeError(normalCdf(normalQuantile(p)), p),
      ).toBeLessThanOrEqual(1e-12);
    }
  });

  it('is ±Infinity at 0 and 1 and refuses anything outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
  });
});
