import { LatencyHistogram } from './LatencyHistogram';
import { mannWhitneyU, mannWhitneyUFromSamples } from './mannWhitneyU';
import { seededRandom } from './__testUtils__/random';

const histogramOf = (values: readonly number[]) => {
  const histogram = new LatencyHistogram();
  values.forEach(value => histogram.add(value));
  return histogram;
};

// R. Shier, "Statistics: 2.3 The Mann-Whitney U Test", Mathematics Learning
// Support Centre (2004), as reproduced in SciPy's mannwhitneyu documentation:
// age at diagnosis, males 19 22 16 29 24, females 20 11 17 12. Published:
// U_M = 17, U_F = 3; with the continuity correction the normal approximation
// gives p = 0.11134688653314041 (Shier, without it: p = 0.09, i.e. 0.0864).
const MALES = [19, 22, 16, 29, 24];
const FEMALES = [20, 11, 17, 12];

describe('mannWhitneyUFromSamples', () => {
  it('reproduces the published U and p of the Shier example', () => {
    const result = mannWhitneyUFromSamples(MALES, FEMALES)!;
    expect(result.method).toBe('mann-whitney-u');
    expect(result.u).toBe(3); // U of B (females): pairs where the female value is larger
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 12);
    // z = (3 − 10 + 0.5) / √(5·4·10/12)
    expect(result.z).toBeCloseTo(-6.5 / Math.sqrt(200 / 12), 12);
    expect(result.probabilityBFaster).toBeCloseTo(17 / 20, 12);
    expect(result.medianA).toBe(22);
    expect(result.medianB).toBe(14.5);
    expect(result.significant).toBe(false);

    const swapped = mannWhitneyUFromSamples(FEMALES, MALES)!;
    expect(swapped.u).toBe(17);
    expect(swapped.z).toBeCloseTo(-result.z, 12);
    expect(swapped.pValue).toBeCloseTo(result.pValue, 12);
  });

  it('reproduces the Wikipedia tortoise-and-hare example', () => {
    // Wikipedia, "Mann–Whitney U test", Illustration of calculation methods:
    // finishing order T H H H H H T T T T T H gives U_T = 11 (pairs a
    // tortoise wins) and U_H = 25. Finishing positions serve as times.
    const tortoises = [1, 7, 8, 9, 10, 11];
    const hares = [2, 3, 4, 5, 6, 12];
    const result = mannWhitneyUFromSamples(hares, tortoises)!;
    expect(result.u).toBe(25); // pairs in which the tortoise is slower = U_H
    expect(result.probabilityBFaster).toBeCloseTo(11 / 36, 12); // U_T / (6·6)
  });

  it('applies the tie correction like SciPy', () => {
    // Cross-check, not a published example: scipy.stats.mannwhitneyu(b, a,
    // method='asymptotic') (SciPy 1.17) gives U = 64.5, p = 0.006274233849838661.
    const a = [1, 2, 2, 3, 3, 3, 4, 5];
    const b = [3, 4, 4, 5, 5, 6, 7, 7, 7];
    const result = mannWhitneyUFromSamples(a, b)!;
    expect(result.u).toBe(64.5);
    expect(result.pValue).toBeCloseTo(0.006274233849838661, 12);
    expect(result.z).toBeGreaterThan(0); // B tends to be slower
    expect(result.significant).toBe(true);
  });

  it('gives z 0 and p 1 when every value is the same', () => {
    const result = mannWhitneyUFromSamples([5, 5, 5], [5, 5])!;
    expect(result.u).toBe(3);
    expect(result.z).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.probabilityBFaster).toBe(0.5);
  });

  it('is null when a side is empty, and refuses non-numbers', () => {
    expect(mannWhitneyUFromSamples([], [1])).toBeNull();
    expect(mannWhitneyUFromSamples([1], [])).toBeNull();
    expect(() => mannWhitneyUFromSamples([NaN], [1])).toThrow(RangeError);
  });
});

describe('mannWhitneyU (histograms)', () => {
  it('reproduces the Shier example when every value has its own bin', () => {
    const result = mannWhitneyU(histogramOf(MALES), histogramOf(FEMALES))!;
    expect(result.u).toBe(3);
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 12);
    expect(result.probabilityBFaster).toBeCloseTo(0.85, 12);
    expect(Math.abs(result.medianA / 22 - 1)).toBeLessThan(
      LatencyHistogram.relativeError,
    );
    expect(Math.abs(result.medianB / 14.5 - 1)).toBeLessThan(
      LatencyHistogram.relativeError,
    );
  });

  it('treats equal values as ties like the exact version', () => {
    const a = [1, 2, 2, 3, 3, 3, 4, 5];
    const b = [3, 4, 4, 5, 5, 6, 7, 7, 7];
    const result = mannWhitneyU(histogramOf(a), histogramOf(b))!;
    expect(result.u).toBe(64.5);
    expect(result.pValue).toBeCloseTo(0.006274233849838661, 12);
  });

  it('agrees with the exact version on skewed data spread over separate bins', () => {
    // Values on a 5 % grid (never two in one 1 % bin) with a timeout tail.
    const grid = Array.from({ length: 80 }, (_, k) => 10 * 1.05 ** k);
    const random = seededRandom(42);
    const draw = (shift: number, timeoutRate: number) =>
      random() < timeoutRate
        ? 600_000
        : grid[Math.min(79, Math.floor(random() * random() * 60) + shift)];
    const a = Array.from({ length: 300 }, () => draw(0, 0.02));
    const b = Array.from({ length: 400 }, () => draw(4, 0.01));

    const exact = mannWhitneyUFromSamples(a, b)!;
    const binned = mannWhitneyU(histogramOf(a), histogramOf(b))!;
    expect(binned.u).toBe(exact.u);
    expect(binned.z).toBeCloseTo(exact.z, 10);
    expect(binned.pValue).toBeCloseTo(exact.pValue, 12);
    expect(binned.probabilityBFaster).toBeCloseTo(exact.probabilityBFaster, 12);
    expect(binned.significant).toBe(exact.significant);
    for (const [approximate, precise] of [
      [binned.medianA, exact.medianA],
      [binned.medianB, exact.medianB],
    ]) {
      expect(Math.abs(approximate / precise - 1)).toBeLessThanOrEqual(
        LatencyHistogram.relativeError + 1e-12,
      );
    }
    expect(exact.z).toBeGreaterThan(0);
    expect(exact.probabilityBFaster).toBeLessThan(0.5);
  });

  it('runs over large histograms in constant work per bin', () => {
    const random = seededRandom(9);
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 200_000; i++) {
      a.add(400 + 800 * random());
      b.add(380 + 800 * random());
    }
    const result = mannWhitneyU(a, b)!;
    expect(result.probabilityBFaster).toBeGreaterThan(0.5);
    expect(result.pValue).toBeLessThan(1e-6);
  });

  it('is null when a histogram is empty', () => {
    expect(mannWhitneyU(new LatencyHistogram(), histogramOf([1]))).toBeNull();
    expect(mannWhitneyU(histogramOf([1]), new LatencyHistogram())).toBeNull();
  });
});
