import {
  DEMO_PROMPT_NAMES,
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from './index';
import {
  jsonBody,
  promptDefinition,
  TestClient,
  tokenRequest,
} from './testing/harness';

const PROMPTS = '/api/v2/ai/llm/prompts';

describe('control endpoints, request log and audit forwarding', () => {
  let emulator: RunningEmulator;
  let client: TestClient;
  const lines: string[] = [];

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: jsonBody(body),
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      rateLimit: { allowed: 5, windowSeconds: 60 },
      log: line => lines.push(line),
    });
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    lines.length = 0;
    client = await TestClient.connect(emulator.url);
  });

  it('reports health', async () => {
    const { status, body } = await control('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      url: emulator.url,
      prompts: 5,
      seeded: true,
    });
  });

  it('replaces faults with PUT, merges with POST, clears with DELETE, rejects bad shapes', async () => {
    expect(
      (
        await control('PUT', '/faults', {
          serverError: { status: 503, count: 2 },
        })
      ).body,
    ).toEqual({
      serverError: { status: 503, count: 2 },
    });
    expect(
      (await control('POST', '/faults', { latency: { ms: 10 } })).body,
    ).toEqual({
      serverError: { status: 503, count: 2 },
      latency: { ms: 10 },
    });
    expect(
      (
        await control('PUT', '/faults', {
          hang: { count: 1, match: { method: 'DELETE' } },
        })
      ).body,
    ).toEqual({
      hang: { count: 1, match: { method: 'DELETE' } },
    });
    expect((await control('DELETE', '/faults')).body).toEqual({});
    for (const bad of [
      { serverErrors: {} },
      { serverError: { status: 418 } },
      { latency: {} },
      { hang: { count: 0 } },
      [1],
      '{nope',
    ]) {
      const response = await control('PUT', '/faults', bad);
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual(expect.any(String));
    }
    expect((await control('GET', '/faults')).body).toEqual({});
  });

  it('logs every API call by route and status, and nothing from the control endpoints', async () => {
    const created = await client.post(PROMPTS, promptDefinition());
    await client.get(`${PROMPTS}/${created.body.id}`);
    await client.get(`${PROMPTS}/${demoPromptId('escalation-detector')}`);
    await client.get(`${PROMPTS}/00000000-0000-4000-8000-000000000000`);
    await fetch(`${emulator.url}${PROMPTS}`); // no token
    await client.get('/api/v2/nothing/here');
    await control('GET', '/health');

    const { body } = await control('GET', '/requests');
    expect(body.counts).toEqual({
      'POST /oauth/token': { '200': 1 },
      [`POST ${PROMPTS}`]: { '200': 1 },
      [`GET ${PROMPTS}/{id}`]: { '200': 2, '404': 1 },
      [`GET ${PROMPTS}`]: { '401': 1 },
      'GET (unmatched)': { '404': 1 },
    });
    expect(body.entries).toHaveLength(7);
    const entry = body.entries[1];
    expect(entry).toEqual({
      method: 'POST',
      path: PROMPTS,
      query: '',
      route: `POST ${PROMPTS}`,
      status: 200,
      correlationId: created.headers.get('inin-correlation-id'),
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    expect(emulator.requestLog()).toEqual(body);

    expect((await control('DELETE', '/requests')).status).toBe(200);
    expect((await control('GET', '/requests')).body).toEqual({
      entries: [],
      counts: {},
    });
    emulator.clearRequestLog();
    expect(emulator.requestLog().entries).toEqual([]);
  });

  it('does not rate-limit or authenticate control endpoints', async () => {
    for (let i = 0; i < 10; i++)
      expect((await control('GET', '/health')).status).toBe(200);
  });

  it('writes access-log lines without secrets or tokens', async () => {
    await client.get(PROMPTS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^GET \/api\/v2\/ai\/llm\/prompts 200 \d+ms correlationId=/,
    );
    for (const line of lines) {
      expect(line).not.toContain(client.token);
      expect(line).not.toContain('emulator-client-secret');
    }
  });

  it('resets data, faults, log and tokens', async () => {
    const created = await client.post(PROMPTS, promptDefinition());
    await client.delete(`${PROMPTS}/${demoPromptId('escalation-detector')}`);
    await control('PUT', '/faults', { latency: { ms: 1 } });
    expect((await control('POST', '/reset')).status).toBe(200);
    expect((await control('GET', '/faults')).body).toEqual({});
    expect((await control('GET', '/requests')).body.entries).toEqual([]);
    expect((await client.get(PROMPTS)).status).toBe(401);
    client = await TestClient.connect(emulator.url);
    expect((await client.get(`${PROMPTS}/${created.body.id}`)).status).toBe(
      404,
    );
    expect(
      (await client.get(`${PROMPTS}/${demoPromptId('escalation-detector')}`))
        .body.revision,
    ).toBe(4);
  });

  it('expires tokens through POST /tokens/expire', async () => {
    expect((await client.get(PROMPTS)).status).toBe(200);
    expect((await control('POST', '/tokens/expire')).status).toBe(200);
    expect((await client.get(PROMPTS)).status).toBe(401);
    expect((await tokenRequest(emulator.url)).status).toBe(200);
  });

  it('accepts forwarded audit entries with 202 and shows them', async () => {
    const entry = {
      action: 'prompt.update',
      actor: 'user:default/jane',
      promptId: demoPromptId('escalation-detector'),
    };
    const response = await client.post('/api/v2/users/me/auditlogs', entry);
    expect(response.status).toBe(202);
    expect(response.body).toBeUndefined();
    const { body } = await control('GET', '/auditlogs');
    expect(body.entries).toEqual([
      {
        receivedAt: expect.any(String),
        correlationId: response.headers.get('inin-correlation-id'),
        entry,
      },
    ]);
    expect(
      (await client.post('/api/v2/users/me/auditlogs', [1, 2])).status,
    ).toBe(400);
    await control('DELETE', '/auditlogs');
    expect((await control('GET', '/auditlogs')).body.entries).toEqual([]);
  });

  it('records exports posted to its local export sink, keeping header names but not values', async () => {
    const response = await fetch(`${client.baseUrl}/__emulator/exports/ai-catalogue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'demo-key' },
      body: JSON.stringify({ sourcePlatform: 'genesys-cloud' }),
    });
    expect(response.status).toBe(201);
    const { body } = await control('GET', '/exports');
    expect(body.exports).toEqual([
      {
        target: 'ai-catalogue',
        receivedAt: expect.any(String),
        headerNames: expect.arrayContaining(['content-type', 'x-api-key']),
        body: { sourcePlatform: 'genesys-cloud' },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('demo-key');
    await control('DELETE', '/exports');
    expect((await control('GET', '/exports')).body.exports).toEqual([]);
  });

  it('keeps a forwarded entry once per Idempotency-Key, however often it is delivered', async () => {
    const deliver = (key: string, n: number) =>
      fetch(`${client.baseUrl}/api/v2/users/me/auditlogs`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${client.token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': key,
        },
        body: JSON.stringify({ n }),
      });
    expect((await deliver('entry-1', 1)).status).toBe(202);
    expect((await deliver('entry-1', 1)).status).toBe(202);
    expect((await deliver('entry-2', 2)).status).toBe(202);
    const { body } = await control('GET', '/auditlogs');
    expect(body.entries.map((e: { idempotencyKey: string }) => e.idempotencyKey)).toEqual([
      'entry-1',
      'entry-2',
    ]);
    expect(body.repeatedDeliveries).toBe(1);
  });

  it('shows the seeded traffic: an office-hours stream per demo prompt, the concise variant served only through the split', async () => {
    const { status, body } = await control('GET', '/traffic');
    expect(status).toBe(200);
    expect(body.rules).toEqual([]);
    expect(Object.keys(body.prompts).sort()).toEqual(
      DEMO_PROMPT_NAMES.map(demoPromptId).sort(),
    );
    expect(body.prompts[demoPromptId('customer-support-assistant')]).toEqual({
      peakPerHour: 64,
      profile: {
        latencyMedianMs: 1350,
        latencySigma: 0.4,
        successRate: 0.965,
        tokensMean: 1150,
        tokensSd: 260,
      },
      startsAt: '2025-02-03T09:15:00.000Z',
    });
    const concise =
      body.prompts[demoPromptId('customer-support-assistant-concise')];
    expect(concise.peakPerHour).toBeUndefined();
    expect(concise.ratePerSecond).toBeUndefined();
    expect(concise.profile.latencyMedianMs).toBe(620);
  });

  it('replaces traffic with PUT, merges with POST, round-trips what GET shows, rejects bad shapes', async () => {
    const seeded = (await control('GET', '/traffic')).body;
    const escalation = demoPromptId('escalation-detector');
    const rule = {
      templateIncludes: 'answer verbosely',
      profile: { latencyMedianMs: 5000, successRate: 0.5 },
    };
    const before = Date.now();
    const replaced = await control('PUT', '/traffic', {
      prompts: { [escalation]: { ratePerSecond: 50 } },
      rules: [rule],
    });
    expect(replaced.status).toBe(200);
    expect(Object.keys(replaced.body.prompts)).toEqual([escalation]);
    expect(replaced.body.rules).toEqual([rule]);
    const entry = replaced.body.prompts[escalation];
    expect(entry.ratePerSecond).toBe(50);
    // Without startsAt an entry starts when it is configured.
    expect(Date.parse(entry.startsAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(entry.startsAt)).toBeLessThanOrEqual(Date.now());
    expect((await control('GET', '/traffic')).body).toEqual(replaced.body);

    const created = await client.post(PROMPTS, promptDefinition());
    const merged = await control('POST', '/traffic', {
      prompts: {
        [created.body.id]: {
          peakPerHour: 120,
          profile: { successRate: 0.9 },
          startsAt: '2025-09-16T00:00:00.000Z',
        },
        [escalation]: null,
      },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({
      prompts: {
        [created.body.id]: {
          peakPerHour: 120,
          profile: { successRate: 0.9 },
          startsAt: '2025-09-16T00:00:00.000Z',
        },
      },
      rules: [rule],
    });
    // PUT of what GET shows changes nothing.
    expect((await control('PUT', '/traffic', merged.body)).body).toEqual(
      merged.body,
    );

    emulator.setTraffic(seeded);
    expect(emulator.traffic()).toEqual(seeded);
    emulator.mergeTraffic({ rules: [rule] });
    expect(emulator.traffic()).toEqual({ ...seeded, rules: [rule] });

    for (const bad of [
      [1],
      { streams: {} },
      { prompts: [] },
      { prompts: { [escalation]: { ratePerSecond: -1 } } },
      { prompts: { [escalation]: { ratePerSecond: 20_000 } } },
      { prompts: { [escalation]: { ratePerSecond: 1, peakPerHour: 1 } } },
      { prompts: { [escalation]: { rate: 1 } } },
      { prompts: { [escalation]: { startsAt: 'yesterday' } } },
      { prompts: { [escalation]: { profile: { successRate: 2 } } } },
      { prompts: { [escalation]: { profile: { speed: 2 } } } },
      { rules: {} },
      { rules: [{ profile: {} }] },
      { rules: [{ templateIncludes: 'x' }] },
      { rules: [{ templateIncludes: 'x', profile: {}, promptId: 7 }] },
      '{nope',
    ]) {
      const response = await control('PUT', '/traffic', bad);
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual(expect.any(String));
      expect((await control('POST', '/traffic', bad)).status).toBe(400);
    }
    expect(() =>
      emulator.mergeTraffic({ prompts: { x: { ratePerSecond: -1 } } }),
    ).toThrow(/ratePerSecond/);
    expect((await control('GET', '/traffic')).body).toEqual({
      ...seeded,
      rules: [rule],
    });
  });

  it('reset restores the seeded traffic and drops what was configured since', async () => {
    const seeded = (await control('GET', '/traffic')).body;
    await control('PUT', '/traffic', {
      prompts: { 'some-prompt': { ratePerSecond: 5 } },
      rules: [{ templateIncludes: 'x', profile: { successRate: 0 } }],
    });
    expect((await control('POST', '/reset')).status).toBe(200);
    expect((await control('GET', '/traffic')).body).toEqual(seeded);
  });

  it('keeps traffic given at start across resets, starting when the emulator started', async () => {
    const escalation = demoPromptId('escalation-detector');
    const before = Date.now();
    const other = await startEmulator({
      seed: false,
      traffic: { prompts: { [escalation]: { ratePerSecond: 3 } } },
    });
    try {
      const shown = other.traffic();
      expect(Object.keys(shown.prompts!)).toEqual([escalation]);
      expect(
        Date.parse(shown.prompts![escalation]!.startsAt!),
      ).toBeGreaterThanOrEqual(before);
      other.mergeTraffic({ prompts: { [escalation]: null } });
      expect(other.traffic().prompts).toEqual({});
      other.reset();
      expect(other.traffic()).toEqual(shown);
    } finally {
      await other.close();
    }
    await expect(
      startEmulator({
        traffic: { prompts: { x: { ratePerSecond: Number.NaN } } },
      }),
    ).rejects.toThrow(/ratePerSecond/);
  });

  it('answers 404 for unknown control endpoints and paths outside the API', async () => {
    expect((await control('GET', '/nope')).status).toBe(404);
    expect((await fetch(`${emulator.url}/`)).status).toBe(404);
  });
});
