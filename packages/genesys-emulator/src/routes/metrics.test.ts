import { demoPromptId, RunningEmulator, startEmulator } from '../index';
import { PAST_DAY, TestClient } from '../testing/harness';
import { MetricBucket, MetricsResponse } from '../types';

const primary = demoPromptId('customer-support-assistant');
const concise = demoPromptId('customer-support-assistant-concise');
const WEEK = '2025-09-15T00:00:00.000Z/2025-09-22T00:00:00.000Z';

const metricsPath = (ids: string[], interval: string, granularity?: string) =>
  `/api/v2/ai/llm/metrics?promptId=${ids.join(',')}&interval=${interval}${
    granularity ? `&granularity=${granularity}` : ''
  }`;

function stat(bucket: MetricBucket, name: string) {
  return bucket.metrics.find(m => m.metric === name)!.stats;
}

function total(
  buckets: MetricBucket[],
  name: string,
  field: 'count' | 'sum' = 'count',
) {
  return buckets.reduce(
    (sum, bucket) => sum + (stat(bucket, name)[field] ?? 0),
    0,
  );
}

describe('metrics', () => {
  let emulator: RunningEmulator;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = await TestClient.connect(emulator.url);
  });
  afterAll(() => emulator.close());

  it('answers in the aggregates shape, one result per prompt, one bucket per hour', async () => {
    const { status, body } = await client.get<MetricsResponse>(
      metricsPath([primary, concise], PAST_DAY, 'PT1H'),
    );
    expect(status).toBe(200);
    expect(body.results.map(r => r.group)).toEqual([
      { aiPromptId: primary },
      { aiPromptId: concise },
    ]);
    for (const result of body.results) {
      expect(result.data).toHaveLength(24);
      expect(result.data[0].interval).toBe(
        '2025-09-16T00:00:00.000Z/2025-09-16T01:00:00.000Z',
      );
      for (const bucket of result.data) {
        expect(bucket.metrics.map(m => m.metric)).toEqual([
          'nAiRequests',
          'nAiErrors',
          'tAiLatency',
          'nAiTokens',
        ]);
        const requests = stat(bucket, 'nAiRequests').count!;
        const latency = stat(bucket, 'tAiLatency');
        expect(requests).toBeLessThan(100);
        expect(stat(bucket, 'nAiErrors').count).toBeLessThanOrEqual(requests);
        expect(latency.count).toBe(requests);
        expect(stat(bucket, 'nAiTokens').count).toBe(requests);
      }
    }
    const busy = body.results
      .flatMap(r => r.data)
      .filter(b => stat(b, 'nAiRequests').count! > 0);
    expect(busy.length).toBeGreaterThan(24);
    for (const bucket of busy) {
      const latency = stat(bucket, 'tAiLatency');
      expect(latency.min!).toBeLessThanOrEqual(latency.p50!);
      expect(latency.p50!).toBeLessThanOrEqual(latency.p95!);
      expect(latency.p95!).toBeLessThanOrEqual(latency.p99!);
      expect(latency.p99!).toBeLessThanOrEqual(latency.max!);
      expect(latency.sum!).toBeGreaterThanOrEqual(
        latency.min! * latency.count!,
      );
    }
    // Tens of conversations per prompt per hour in office hours.

    const busiest = Math.max(
      ...body.results[0].data.map(b => stat(b, 'nAiRequests').count!),
    );
    expect(busiest).toBeGreaterThanOrEqual(15);
  });

  it('gives the same numbers for the same query, on any instance', async () => {
    const path = metricsPath([primary, concise], PAST_DAY);
    const first = await client.get(path);
    const second = await client.get(path);
    expect(second.body).toEqual(first.body);
    const other = await startEmulator();
    try {
      const again = await (await TestClient.connect(other.url)).get(path);
      expect(again.body).toEqual(first.body);
    } finally {
      await other.close();
    }
  });

  it('changes the numbers with a different seed', async () => {
    const other = await startEmulator({ seed: 7 });
    try {
      const path = metricsPath([primary], PAST_DAY);
      const seeded = await (await TestClient.connect(other.url)).get(path);
      expect(seeded.body).not.toEqual((await client.get(path)).body);
    } finally {
      await other.close();
    }
  });

  it('supports PT15M, PT30M and P1D over the same conversations', async () => {
    const hourly = (
      await client.get<MetricsResponse>(
        metricsPath([primary], PAST_DAY, 'PT1H'),
      )
    ).body.results[0].data;
    for (const [granularity, buckets] of [
      ['PT15M', 96],
      ['PT30M', 48],
      ['P1D', 1],
    ] as const) {
      const data = (
        await client.get<MetricsResponse>(
          metricsPath([primary], PAST_DAY, granularity),
        )
      ).body.results[0].data;
      expect(data).toHaveLength(buckets);
      expect(total(data, 'nAiRequests')).toBe(total(hourly, 'nAiRequests'));
      expect(total(data, 'tAiLatency', 'sum')).toBe(
        total(hourly, 'tAiLatency', 'sum'),
      );
    }
  });

  it('shows the A/B difference: the concise variant is faster and slightly less successful', async () => {
    const { body } = await client.get<MetricsResponse>(
      metricsPath([primary, concise], WEEK, 'P1D'),
    );
    const [main, short] = body.results.map(r => r.data);
    const meanLatency = (data: MetricBucket[]) =>
      total(data, 'tAiLatency', 'sum') / total(data, 'nAiRequests');
    const errorRate = (data: MetricBucket[]) =>
      total(data, 'nAiErrors') / total(data, 'nAiRequests');
    expect(meanLatency(short)).toBeLessThan(meanLatency(main) * 0.7);
    for (let day = 0; day < 7; day++) {
      expect(stat(short[day], 'tAiLatency').p50!).toBeLessThan(
        stat(main[day], 'tAiLatency').p50!,
      );
    }
    expect(errorRate(short)).toBeGreaterThan(errorRate(main));
    expect(errorRate(short)).toBeLessThan(0.1);
    // The 50/50 split gives both variants similar volumes.
    const ratio = total(short, 'nAiRequests') / total(main, 'nAiRequests');
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('answers zeros for a prompt without traffic and for the future', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const { body } = await client.get<MetricsResponse>(
      metricsPath([unknown], PAST_DAY),
    );
    expect(total(body.results[0].data, 'nAiRequests')).toBe(0);
    expect(stat(body.results[0].data[0], 'tAiLatency')).toEqual({
      count: 0,
      sum: 0,
    });
    const future = await client.get<MetricsResponse>(
      metricsPath(
        [primary],
        '2999-01-01T00:00:00.000Z/2999-01-02T00:00:00.000Z',
      ),
    );
    expect(total(future.body.results[0].data, 'nAiRequests')).toBe(0);
  });

  it.each([
    ['no promptId', `/api/v2/ai/llm/metrics?interval=${PAST_DAY}`, 'promptId'],
    ['no interval', `/api/v2/ai/llm/metrics?promptId=${primary}`, 'interval'],
    [
      'a reversed interval',
      metricsPath(
        [primary],
        '2025-09-17T00:00:00.000Z/2025-09-16T00:00:00.000Z',
      ),
      'interval',
    ],
    [
      'a non-ISO interval',
      metricsPath([primary], 'yesterday/today'),
      'interval',
    ],
    [
      'an interval over 93 days',
      metricsPath(
        [primary],
        '2025-01-01T00:00:00.000Z/2025-06-01T00:00:00.000Z',
      ),
      'interval',
    ],
    [
      'an unsupported granularity',
      metricsPath([primary], PAST_DAY, 'PT5M'),
      'granularity',
    ],
  ])('answers 400 for %s', async (_, path, fieldName) => {
    const response = await client.get(path);
    expect(response.status).toBe(400);
    expect(response.body.details[0].fieldName).toBe(fieldName);
  });
});
