import { LatencyHistogram } from './LatencyHistogram';
import { sampleQuantile, seededRandom } from './__testUtils__/random';

/** Skewed, latency-like values: log-normal around 700 ms with a few timeouts. */
function latencies(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    if (random() < 0.01) return 600_000;
    const gaussian =
      Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(Math.log(700) + 0.6 * gaussian);
  });
}

const histogramOf = (values: readonly number[]) => {
  const histogram = new LatencyHistogram();
  values.forEach(value => histogram.add(value));
  return histogram;
};

describe('LatencyHistogram', () => {
  it('has 1 % bins from 1 ms to 10 minutes', () => {
    expect(LatencyHistogram.binCount).toBe(1338);
    expect(LatencyHistogram.relativeError).toBeCloseTo(0.004988, 6);
  });

  it('reads quantiles back within half a bin of the exact ones', () => {
    const values = latencies(20_000, 7);
    const sorted = [...values].sort((x, y) => x - y);
    const histogram = histogramOf(values);
    expect(histogram.count).toBe(20_000);
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98]) {
      const exact = sampleQuantile(sorted, q);
      expect(Math.abs(histogram.quantile(q)! / exact - 1)).toBeLessThanOrEqual(
        LatencyHistogram.relativeError + 1e-9,
      );
    }
    expect(histogram.quantile(0)).toBe(sorted[0]);
    expect(histogram.quantile(1)).toBe(600_000);
  });

  it('keeps the memory flat: ten times the values, about the same bins', () => {
    const small = histogramOf(latencies(10_000, 11)).toJSON();
    const large = histogramOf(latencies(100_000, 11)).toJSON();
    expect(large.bins.length).toBeLessThanOrEqual(LatencyHistogram.binCount);
    expect(large.bins.length).toBeLessThan(small.bins.length * 1.5);
  });

  it('clamps values outside 1 ms .. 10 min into the end bins', () => {
    const histogram = new LatencyHistogram().add(0).add(0.4).add(3_600_000);
    expect(histogram.countInBin(0)).toBe(2);
    expect(histogram.countInBin(LatencyHistogram.binCount - 1)).toBe(1);
    expect(histogram.quantile(0)).toBe(0);
    expect(histogram.quantile(1)).toBe(3_600_000);
  });

  it('is exact for a single repeated value', () => {
    const histogram = new LatencyHistogram().add(123.4, 5);
    expect(histogram.count).toBe(5);
    expect(histogram.quantile(0.5)).toBe(123.4);
    expect(histogram.quantile(0.99)).toBe(123.4);
  });

  it('merges into the histogram of all the values', () => {
    const values = latencies(5_000, 3);
    const merged = histogramOf(values.slice(0, 2_000)).merge(
      histogramOf(values.slice(2_000)),
    );
    expect(merged.toJSON()).toEqual(histogramOf(values).toJSON());
    expect(merged.merge(new LatencyHistogram()).count).toBe(5_000);
  });

  it('survives a JSON round trip', () => {
    const histogram = histogramOf(latencies(3_000, 5));
    const copy = LatencyHistogram.fromJSON(
      JSON.parse(JSON.stringify(histogram)),
    );
    expect(copy.toJSON()).toEqual(histogram.toJSON());
    expect(copy.quantile(0.95)).toBe(histogram.quantile(0.95));
    expect(
      LatencyHistogram.fromJSON(new LatencyHistogram().toJSON()).count,
    ).toBe(0);
  });

  it('refuses JSON of another layout or with bad bins', () => {
    const json = histogramOf([5, 50, 500]).toJSON();
    expect(() =>
      LatencyHistogram.fromJSON({
        ...json,
        layout: { ...json.layout, growth: 1.02 },
      }),
    ).toThrow(TypeError);
    expect(() =>
      LatencyHistogram.fromJSON({ ...json, bins: [[99_999, 1]] }),
    ).toThrow(TypeError);
    expect(() =>
      LatencyHistogram.fromJSON({ ...json, bins: [[3, -1]] }),
    ).toThrow(TypeError);
    expect(() => LatencyHistogram.fromJSON({ ...json, minMs: null })).toThrow(
      TypeError,
    );
  });

  it('is empty until something is added', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.count).toBe(0);
    expect(histogram.quantile(0.5)).toBeUndefined();
    expect(histogram.minMs).toBeUndefined();
    expect(histogram.toJSON()).toEqual({
      layout: { fromMs: 1, toMs: 600_000, growth: 1.01 },
      bins: [],
      minMs: null,
      maxMs: null,
    });
  });

  it('refuses what is not a latency', () => {
    const histogram = new LatencyHistogram();
    expect(() => histogram.add(-1)).toThrow(RangeError);
    expect(() => histogram.add(NaN)).toThrow(RangeError);
    expect(() => histogram.add(Infinity)).toThrow(RangeError);
    expect(() => histogram.add(5, 0)).toThrow(RangeError);
    expect(() => histogram.quantile(1.1)).toThrow(RangeError);
  });
});
