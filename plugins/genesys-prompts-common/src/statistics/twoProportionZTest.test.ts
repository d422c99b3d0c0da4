import { twoProportionZTest } from './twoProportionZTest';

describe('twoProportionZTest', () => {
  it('reproduces the Physicians’ Health Study example', () => {
    // A. Agresti, An Introduction to Categorical Data Analysis (2nd ed., 2007),
    // §2.2 (aspirin and heart attacks): myocardial infarction in 104 of 11,037 on aspirin and
    // 189 of 11,034 on placebo. Published: proportions 0.0094 and 0.0171,
    // difference 0.0077 with SE 0.0015 and 95 % CI (0.005, 0.011).
    // z² equals Pearson's X² of the 2×2 table, 25.01 (z = 5.0014, p = 5.69e-7;
    // the NEJM 1989 report gives P < 0.00001).
    const result = twoProportionZTest(
      { successes: 104, trials: 11037 },
      { successes: 189, trials: 11034 },
    )!;
    expect(result.method).toBe('two-proportion-z-test');
    expect(result.rateA).toBeCloseTo(0.0094, 4);
    expect(result.rateB).toBeCloseTo(0.0171, 4);
    expect(result.difference).toBeCloseTo(0.0077, 4);
    expect(result.confidenceInterval[0]).toBeCloseTo(0.005, 3);
    expect(result.confidenceInterval[1]).toBeCloseTo(0.011, 3);
    expect(result.z * result.z).toBeCloseTo(25.01, 2);
    expect(result.z).toBeCloseTo(5.001388, 5);
    expect(result.pValue).toBeCloseTo(5.6919e-7, 10);
    expect(result.pValue).toBeLessThan(0.00001);
    expect(result.confidenceLevel).toBe(0.95);
    expect(result.significant).toBe(true);
  });

  it('matches the statsmodels reference values', () => {
    // statsmodels, stats/tests/test_proportion.py (GH 2969): proportions_ztest
    // of 5/83 against 12/99 gives z = -1.4078304151258787 and
    // p = 0.15918129181156992 (its docstring: p = 0.159). statsmodels reports
    // prop0 − prop1, so with A = 5/83 and B = 12/99 the sign is reversed.
    const result = twoProportionZTest(
      { successes: 5, trials: 83 },
      { successes: 12, trials: 99 },
    )!;
    expect(result.z).toBeCloseTo(1.4078304151258787, 12);
    expect(result.pValue).toBeCloseTo(0.15918129181156992, 12);
    expect(result.significant).toBe(false);
    // Unpooled (Wald) interval, by hand: 0.0609 ± 1.959964 · 0.04312.
    const wald = Math.sqrt(
      ((5 / 83) * (78 / 83)) / 83 + ((12 / 99) * (87 / 99)) / 99,
    );
    expect(result.confidenceInterval[0]).toBeCloseTo(
      12 / 99 - 5 / 83 - 1.959963984540054 * wald,
      12,
    );
    expect(result.confidenceInterval[1]).toBeCloseTo(
      12 / 99 - 5 / 83 + 1.959963984540054 * wald,
      12,
    );
  });

  it('is antisymmetric in A and B', () => {
    const a = { successes: 90, trials: 1000 };
    const b = { successes: 120, trials: 1100 };
    const ab = twoProportionZTest(a, b)!;
    const ba = twoProportionZTest(b, a)!;
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
    expect(ba.confidenceInterval[0]).toBeCloseTo(-ab.confidenceInterval[1], 12);
  });

  it('uses the levels it is given, each defaulting to the other', () => {
    const a = { successes: 5, trials: 83 };
    const b = { successes: 12, trials: 99 };
    const at80 = twoProportionZTest(a, b, { confidenceLevel: 0.8 })!;
    expect(at80.confidenceLevel).toBe(0.8);
    expect(at80.significant).toBe(true); // alpha 0.2 > p 0.159
    const atAlpha = twoProportionZTest(a, b, { alpha: 0.01 })!;
    expect(atAlpha.confidenceLevel).toBeCloseTo(0.99, 12);
    const wider = atAlpha.confidenceInterval[1] - atAlpha.confidenceInterval[0];
    const narrower = at80.confidenceInterval[1] - at80.confidenceInterval[0];
    // Width ratio = z(0.995) / z(0.9) = 2.575829 / 1.281552.
    expect(wider / narrower).toBeCloseTo(
      2.5758293035489 / 1.2815515655446004,
      10,
    );
    const both = twoProportionZTest(a, b, {
      alpha: 0.2,
      confidenceLevel: 0.9,
    })!;
    expect(both.confidenceLevel).toBe(0.9);
    expect(both.significant).toBe(true);
  });

  it('returns z 0 and p 1 when both rates are 0 or both are 1', () => {
    const cases: Array<[number, number, number, number]> = [
      [0, 40, 0, 50],
      [40, 40, 50, 50],
    ];
    for (const [sa, na, sb, nb] of cases) {
      const result = twoProportionZTest(
        { successes: sa, trials: na },
        { successes: sb, trials: nb },
      )!;
      expect(result.z).toBe(0);
      expect(result.pValue).toBe(1);
      expect(result.significant).toBe(false);
      expect(result.difference).toBe(0);
      expect(result.confidenceInterval).toEqual([0, 0]);
    }
  });

  it('is null without trials on a side', () => {
    expect(
      twoProportionZTest(
        { successes: 0, trials: 0 },
        { successes: 1, trials: 2 },
      ),
    ).toBeNull();
    expect(
      twoProportionZTest(
        { successes: 1, trials: 2 },
        { successes: 0, trials: 0 },
      ),
    ).toBeNull();
  });

  it('refuses impossible counts and levels', () => {
    expect(() =>
      twoProportionZTest(
        { successes: 3, trials: 2 },
        { successes: 1, trials: 2 },
      ),
    ).toThrow(RangeError);
    expect(() =>
      twoProportionZTest(
        { successes: -1, trials: 2 },
        { successes: 1, trials: 2 },
      ),
    ).toThrow(RangeError);
    expect(() =>
      twoProportionZTest(
        { successes: 1, trials: 2 },
        { successes: 1, trials: 2 },
        { alpha: 1.5 },
      ),
    ).toThrow(RangeError);
  });
});
