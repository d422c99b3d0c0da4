import { requiredSampleSize } from './requiredSampleSize';

describe('requiredSampleSize', () => {
  it('matches the JMP documentation example (0.08 vs 0.06)', () => {
    // JMP 13.2 documentation, DOE > Sample Size and Power > Two Sample
    // Proportions: p1 = 0.08, p2 = 0.06, alpha 0.05, two-sided, power 0.8
    // → "sample sizes of 2554". Baseline 0.08 with an MDE of 0.02 tests 0.06.
    expect(
      requiredSampleSize({ baselineRate: 0.08, minDetectableEffect: 0.02 }),
    ).toEqual({
      perVariant: 2554,
      baselineRate: 0.08,
      minDetectableEffect: 0.02,
      alpha: 0.05,
      power: 0.8,
    });
  });

  it('gives 3,841 per group for 0.10 against 0.12', () => {
    // Hand-checked with the formula (python3, SciPy norm.ppf): 3840.85 → 3841.
    // The formula is symmetric in p1 and p2: baseline 0.12 minus 0.02 is the pair.
    expect(
      requiredSampleSize({ baselineRate: 0.12, minDetectableEffect: 0.02 })
        .perVariant,
    ).toBe(3841);
    // Baseline 0.10 tests 0.08 (downwards first): 3212.94 → 3213.
    expect(
      requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.02 })
        .perVariant,
    ).toBe(3213);
  });

  it('goes upwards when the baseline is below the effect', () => {
    // 0.01 vs 0.03 (0.01 − 0.02 < 0): by the formula 768.01 → 769.
    const upwards = requiredSampleSize({
      baselineRate: 0.01,
      minDetectableEffect: 0.02,
    });
    expect(upwards.perVariant).toBe(769);
    expect(
      requiredSampleSize({ baselineRate: 0.03, minDetectableEffect: 0.02 })
        .perVariant,
    ).toBe(769);
  });

  it('needs more for a stricter alpha, more power or a smaller effect', () => {
    const base = requiredSampleSize({
      baselineRate: 0.9,
      minDetectableEffect: 0.05,
    });
    const strict = requiredSampleSize({
      baselineRate: 0.9,
      minDetectableEffect: 0.05,
      alpha: 0.01,
    });
    const powerful = requiredSampleSize({
      baselineRate: 0.9,
      minDetectableEffect: 0.05,
      power: 0.9,
    });
    const finer = requiredSampleSize({
      baselineRate: 0.9,
      minDetectableEffect: 0.02,
    });
    expect(strict.perVariant).toBeGreaterThan(base.perVariant);
    expect(powerful.perVariant).toBeGreaterThan(base.perVariant);
    expect(finer.perVariant).toBeGreaterThan(base.perVariant);
    expect(strict.alpha).toBe(0.01);
    expect(powerful.power).toBe(0.9);
  });

  it('refuses impossible inputs', () => {
    const bad = [
      { baselineRate: 1.2, minDetectableEffect: 0.1 },
      { baselineRate: 0.5, minDetectableEffect: 0 },
      { baselineRate: 0.5, minDetectableEffect: 0.6 },
      { baselineRate: 0.5, minDetectableEffect: 0.1, alpha: 0 },
      { baselineRate: 0.5, minDetectableEffect: 0.1, power: 1 },
    ];
    for (const input of bad) {
      expect(() => requiredSampleSize(input)).toThrow(RangeError);
    }
  });
});
