import type { GenesysMetricsResponse } from '../types';
import {
  bucketTotals,
  combineMetricBuckets,
  MetricsBucket,
  metricsFromGenesysBucket,
} from './metricBuckets';

// The bucket of the contract's metrics example (shared/genesys-contract.md).
const CONTRACT_EXAMPLE: GenesysMetricsResponse = {
  results: [
    {
      group: { aiPromptId: 'uuid' },
      data: [
        {
          interval: '2026-11-26T10:00:00.000Z/2026-11-26T11:00:00.000Z',
          metrics: [
            { metric: 'nAiRequests', stats: { count: 120 } },
            { metric: 'nAiErrors', stats: { count: 3 } },
            {
              metric: 'tAiLatency',
              stats: {
                count: 120,
                sum: 98000,
                min: 310,
                max: 2900,
                p50: 720,
                p95: 1900,
                p99: 2600,
              },
            },
            { metric: 'nAiTokens', stats: { sum: 51000, count: 120 } },
          ],
        },
      ],
    },
  ],
};

const bucket = (
  latency: MetricsBucket['latency'],
  counts: Partial<Omit<MetricsBucket, 'latency'>> = {},
): MetricsBucket => ({
  requests: latency.count,
  errors: 0,
  tokens: 0,
  ...counts,
  latency,
});

describe('metricsFromGenesysBucket', () => {
  it('reads the contract example', () => {
    const input = metricsFromGenesysBucket(
      CONTRACT_EXAMPLE.results[0].data[0].metrics,
    );
    expect(input).toEqual({
      requests: 120,
      errors: 3,
      tokens: 51000,
      latency: {
        count: 120,
        sum: 98000,
        min: 310,
        max: 2900,
        p50: 720,
        p95: 1900,
        p99: 2600,
      },
    });
  });

  it('counts missing metrics as 0', () => {
    expect(
      metricsFromGenesysBucket([
        { metric: 'nAiRequests', stats: { count: 4 } },
      ]),
    ).toEqual({
      requests: 4,
      errors: 0,
      tokens: 0,
      latency: { count: 0, sum: 0 },
    });
  });
});

describe('bucketTotals', () => {
  it('returns a bucket’s own figures', () => {
    const totals = bucketTotals(
      metricsFromGenesysBucket(CONTRACT_EXAMPLE.results[0].data[0].metrics),
    );
    expect(totals).toEqual({
      requests: 120,
      errors: 3,
      successRate: 117 / 120,
      tokens: 51000,
      latencyMs: { avg: 98000 / 120, p50: 720, p95: 1900, p99: 2600 },
    });
  });

  it('has no rates or latencies without requests', () => {
    expect(bucketTotals(bucket({ count: 0, sum: 0 }, { requests: 0 }))).toEqual(
      {
        requests: 0,
        errors: 0,
        successRate: null,
        tokens: 0,
        latencyMs: { avg: null, p50: null, p95: null, p99: null },
      },
    );
  });
});

describe('combineMetricBuckets', () => {
  const TYPICAL = {
    count: 120,
    sum: 98000,
    min: 310,
    max: 2900,
    p50: 720,
    p95: 1900,
    p99: 2600,
  };

  it('sums the counts and averages the latency exactly', () => {
    const totals = combineMetricBuckets([
      bucket(
        { count: 100, sum: 50_000, p50: 450 },
        { errors: 5, tokens: 1000 },
      ),
      bucket(
        { count: 300, sum: 270_000, p50: 800 },
        { errors: 15, tokens: 4000 },
      ),
    ]);
    expect(totals.requests).toBe(400);
    expect(totals.errors).toBe(20);
    expect(totals.tokens).toBe(5000);
    expect(totals.successRate).toBeCloseTo(0.95, 12);
    expect(totals.latencyMs.avg).toBe(800);
  });

  it('gives identical buckets their own percentiles', () => {
    const totals = combineMetricBuckets([
      bucket(TYPICAL),
      bucket(TYPICAL),
      bucket(TYPICAL),
    ]);
    expect(totals.latencyMs.p50).toBeCloseTo(720, 5);
    expect(totals.latencyMs.p95).toBeCloseTo(1900, 5);
    expect(totals.latencyMs.p99).toBeCloseTo(2600, 5);
    expect(totals.latencyMs.avg).toBeCloseTo(98000 / 120, 10);
  });

  it('keeps a single bucket’s percentiles exactly, ignoring empty buckets', () => {
    const totals = combineMetricBuckets([
      bucket({ count: 0, sum: 0 }, { requests: 0 }),
      bucket(TYPICAL),
      bucket({ count: 0, sum: 0 }, { requests: 0 }),
    ]);
    expect(totals.latencyMs).toEqual({
      avg: 98000 / 120,
      p50: 720,
      p95: 1900,
      p99: 2600,
    });
  });

  it('places the percentiles of two disjoint buckets where the mixture puts them', () => {
    // Equal counts: A covers 10..20 ms, B 100..200 ms. Half the requests are
    // at or below 20 ms, so p50 is A's top; p95 and p99 fall in B, where the
    // mixture's 0.95 and 0.99 are B's own 0.90 and 0.98:
    // p95 = 150 + (0.90 − 0.50)/(0.95 − 0.50)·(190 − 150) = 185.5556,
    // p99 = 190 + (0.98 − 0.95)/(0.99 − 0.95)·(198 − 190) = 196.
    const fast = {
      count: 100,
      sum: 1500,
      min: 10,
      p50: 15,
      p95: 19,
      p99: 19.8,
      max: 20,
    };
    const slow = {
      count: 100,
      sum: 15000,
      min: 100,
      p50: 150,
      p95: 190,
      p99: 198,
      max: 200,
    };
    const totals = combineMetricBuckets([bucket(fast), bucket(slow)]);
    expect(totals.latencyMs.p50).toBeCloseTo(20, 5);
    expect(totals.latencyMs.p95).toBeCloseTo(150 + (0.4 / 0.45) * 40, 5);
    expect(totals.latencyMs.p99).toBeCloseTo(196, 5);
    expect(totals.latencyMs.avg).toBe(82.5);

    // Three times as many fast requests: the median moves into A, where
    // A's CDF is 2/3: 15 + (2/3 − 0.5)/(0.95 − 0.5)·(19 − 15) = 16.4815.
    const weighted = combineMetricBuckets([
      bucket({ ...fast, count: 300, sum: 4500 }),
      bucket(slow),
    ]);
    expect(weighted.latencyMs.p50).toBeCloseTo(
      15 + ((2 / 3 - 0.5) / 0.45) * 4,
      5,
    );
  });

  it('treats a bucket without percentiles as its mean', () => {
    const totals = combineMetricBuckets([
      bucket({ count: 10, sum: 1000 }),
      bucket({ count: 10, sum: 3000 }),
    ]);
    expect(totals.latencyMs.avg).toBe(200);
    expect(totals.latencyMs.p50).toBeCloseTo(100, 5);
    expect(totals.latencyMs.p99).toBeCloseTo(300, 5);
  });

  it('keeps the success rate within 0..1 when errors exceed requests', () => {
    const totals = combineMetricBuckets([
      bucket({ count: 2, sum: 2 }, { requests: 2, errors: 3 }),
    ]);
    expect(totals.successRate).toBe(0);
  });
});
