import { demoPromptId, RunningEmulator, startEmulator } from './index';
import {
  control,
  isoInterval,
  promptDefinition,
  sleep,
  TestClient,
} from './testing/harness';
import { MetricsResponse, PromptDefinition } from './types';

const PROMPTS = '/api/v2/ai/llm/prompts';
const escalation = demoPromptId('escalation-detector');

interface WindowStats {
  requests: number;
  errors: number;
  errorRate: number;
  p50: number;
}

/** Per-prompt totals over [start, end), from one metrics call (P1D: a shorter interval is one bucket). */
async function windowStats(
  client: TestClient,
  promptIds: string[],
  start: number,
  end: number,
  granularity = 'P1D',
): Promise<Record<string, WindowStats>> {
  const { status, body } = await client.get<MetricsResponse>(
    `/api/v2/ai/llm/metrics?promptId=${promptIds.join(
      ',',
    )}&interval=${isoInterval(start, end)}&granularity=${granularity}`,
  );
  expect(status).toBe(200);
  return Object.fromEntries(
    body.results.map(result => {
      const stats = Object.fromEntries(
        result.data[0].metrics.map(m => [m.metric, m.stats]),
      );
      const requests = stats.nAiRequests.count!;
      const errors = stats.nAiErrors.count!;
      return [
        result.group.aiPromptId,
        {
          requests,
          errors,
          errorRate: requests === 0 ? 0 : errors / requests,
          p50: stats.tAiLatency.p50 ?? 0,
        },
      ];
    }),
  );
}

describe('deploy-aware synthetic traffic', () => {
  let emulator: RunningEmulator;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      rateLimit: { allowed: 100_000, windowSeconds: 60 },
    });
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    client = await TestClient.connect(emulator.url);
  });

  async function createPrompt(definition: PromptDefinition) {
    const response = await client.post(PROMPTS, definition);
    expect(response.status).toBe(200);
    return response.body.id as string;
  }

  it('serves a template a rule makes worse from its deployment on, and recovers after restoring the old one', async () => {
    const definition = promptDefinition();
    const id = await createPrompt(definition);
    const configured = await control(emulator.url, 'POST', '/traffic', {
      prompts: {
        [id]: {
          ratePerSecond: 1000,
          startsAt: new Date(Date.now() - 1000).toISOString(),
        },
      },
      rules: [
        // First match wins, and this one is for another prompt only.
        {
          promptId: escalation,
          templateIncludes: 'answer verbosely',
          profile: { latencyMedianMs: 50 },
        },
        {
          templateIncludes: 'answer verbosely',
          profile: { latencyMedianMs: 4000, successRate: 0.6 },
        },
      ],
    });
    expect(configured.status).toBe(200);
    const historyStart = Date.now() - 1000;
    const historyEnd = Date.now() - 5;
    const historyBefore = await windowStats(
      client,
      [id],
      historyStart,
      historyEnd,
    );

    const verbose = await client.put(`${PROMPTS}/${id}`, {
      ...definition,
      template: `${definition.template} Always answer verbosely.`,
    });
    expect(verbose.status).toBe(200);
    const deployed = Date.parse(verbose.body.dateModified);
    await sleep(700);
    const restored = await client.put(`${PROMPTS}/${id}`, definition);
    expect(restored.status).toBe(200);
    const rolledBack = Date.parse(restored.body.dateModified);
    await sleep(700);

    const before = (await windowStats(client, [id], deployed - 1000, deployed))[
      id
    ];
    const during = (await windowStats(client, [id], deployed, rolledBack))[id];
    const after = (await windowStats(client, [id], rolledBack, Date.now()))[id];
    for (const window of [before, during, after]) {
      expect(window.requests).toBeGreaterThan(300);
    }
    expect(during.p50).toBeGreaterThan(before.p50 * 3);
    expect(during.errorRate).toBeGreaterThan(0.25);
    expect(before.errorRate).toBeLessThan(0.1);
    expect(after.p50).toBeGreaterThan(before.p50 * 0.7);
    expect(after.p50).toBeLessThan(before.p50 * 1.4);
    expect(after.errorRate).toBeLessThan(0.1);
    // What was already there is not rewritten by the deployments.
    expect(await windowStats(client, [id], historyStart, historyEnd)).toEqual(
      historyBefore,
    );
  });

  it('routes by the split in effect at each conversation: a change applies from its time on', async () => {
    const primary = await createPrompt(promptDefinition());
    const variant = await createPrompt(promptDefinition());
    await control(emulator.url, 'POST', '/traffic', {
      prompts: {
        [primary]: {
          ratePerSecond: 1000,
          startsAt: new Date(Date.now() - 1000).toISOString(),
        },
      },
    });
    const earlierEnd = Date.now() - 5;
    const earlier = await windowStats(
      client,
      [primary, variant],
      earlierEnd - 900,
      earlierEnd,
    );

    const split = await client.put(`${PROMPTS}/${primary}/routing`, {
      variants: [
        { promptId: primary, weight: 50 },
        { promptId: variant, weight: 50 },
      ],
    });
    expect(split.status).toBe(200);
    const changed = Date.parse(split.body.dateModified);
    await sleep(600);

    const beforeChange = await windowStats(
      client,
      [primary, variant],
      changed - 900,
      changed,
    );
    expect(beforeChange[primary].requests).toBeGreaterThan(600);
    expect(beforeChange[variant].requests).toBe(0);
    const afterChange = await windowStats(
      client,
      [primary, variant],
      changed,
      Date.now(),
    );
    const share =
      afterChange[variant].requests /
      (afterChange[variant].requests + afterChange[primary].requests);
    expect(afterChange[variant].requests).toBeGreaterThan(200);
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(
      await windowStats(
        client,
        [primary, variant],
        earlierEnd - 900,
        earlierEnd,
      ),
    ).toEqual(earlier);
  });

  it('falls back to the primary when a variant is deleted, and stops serving a deleted primary, from the deletion on', async () => {
    const primary = await createPrompt(promptDefinition());
    const variant = await createPrompt(promptDefinition());
    const split = await client.put(`${PROMPTS}/${primary}/routing`, {
      variants: [
        { promptId: primary, weight: 50 },
        { promptId: variant, weight: 50 },
      ],
    });
    const splitAt = Date.parse(split.body.dateModified);
    emulator.mergeTraffic({
      prompts: {
        [primary]: {
          ratePerSecond: 1000,
          startsAt: new Date(splitAt).toISOString(),
        },
      },
    });
    await sleep(400);
    // The server deletes somewhere between sending and answering.
    const variantDeleting = Date.now();
    expect((await client.delete(`${PROMPTS}/${variant}`)).status).toBe(204);
    const variantDeleted = Date.now();
    await sleep(400);
    const primaryDeleting = Date.now();
    expect((await client.delete(`${PROMPTS}/${primary}`)).status).toBe(204);
    const primaryDeleted = Date.now();
    await sleep(300);

    const ids = [primary, variant];
    const split50 = await windowStats(client, ids, splitAt, variantDeleting);
    expect(split50[variant].requests).toBeGreaterThan(100);
    expect(split50[primary].requests).toBeGreaterThan(100);
    const fallback = await windowStats(
      client,
      ids,
      variantDeleted,
      primaryDeleting,
    );
    expect(fallback[variant].requests).toBe(0);
    expect(fallback[primary].requests).toBeGreaterThan(200);
    const gone = await windowStats(client, ids, primaryDeleted, Date.now());
    expect(gone[primary].requests + gone[variant].requests).toBe(0);
  });

  it('starts a stream without startsAt when it is configured, not retroactively', async () => {
    const id = await createPrompt(promptDefinition());
    const configuredAt = Date.now();
    emulator.mergeTraffic({ prompts: { [id]: { ratePerSecond: 1000 } } });
    await sleep(400);
    const stats = (
      await windowStats(client, [id], configuredAt - 60_000, Date.now())
    )[id];
    expect(stats.requests).toBeGreaterThan(150);
    expect(stats.requests).toBeLessThan(1000);
    expect(
      (await windowStats(client, [id], configuredAt - 60_000, configuredAt))[id]
        .requests,
    ).toBe(0);
  });
});

describe('configured traffic streams', () => {
  const from = Date.parse('2025-09-16T10:00:00.000Z');
  const traffic = {
    prompts: {
      [escalation]: {
        ratePerSecond: 200,
        startsAt: new Date(from).toISOString(),
      },
    },
  };
  const started: RunningEmulator[] = [];
  const start = async (seed?: number) => {
    const emulator = await startEmulator({ traffic, seed });
    started.push(emulator);
    return TestClient.connect(emulator.url);
  };
  afterAll(() => Promise.all(started.map(e => e.close())));

  it('has a Poisson rate of ratePerSecond from startsAt, the same on every run with the same seed', async () => {
    const client = await start();
    const path = `/api/v2/ai/llm/metrics?promptId=${escalation}&interval=${isoInterval(
      from,
      from + 3000,
    )}&granularity=PT1S`;
    const threeSeconds = await client.get<MetricsResponse>(path);
    const perSecond = threeSeconds.body.results[0].data.map(
      bucket => bucket.metrics[0].stats.count!,
    );
    expect(perSecond).toHaveLength(3);
    for (const count of perSecond) {
      // 200 ± 5 standard deviations (√200 ≈ 14).
      expect(count).toBeGreaterThan(130);
      expect(count).toBeLessThan(270);
    }
    const tenMinutes = (
      await windowStats(client, [escalation], from, from + 600_000)
    )[escalation];
    // 120,000 ± 5 standard deviations (√120000 ≈ 346).
    expect(Math.abs(tenMinutes.requests - 120_000)).toBeLessThan(1750);
    // Before startsAt the seeded office-hours stream (40 an hour at peak) runs.
    const minuteBefore = (
      await windowStats(client, [escalation], from - 60_000, from)
    )[escalation];
    expect(minuteBefore.requests).toBeLessThan(10);

    const again = await start();
    const other = await start(7);
    expect((await again.get(path)).body).toEqual(threeSeconds.body);
    expect((await other.get(path)).body).not.toEqual(threeSeconds.body);
  });
});
