import { EmulatorFaults, RunningEmulator, startEmulator } from './index';
import {
  basic,
  fetchToken,
  promptDefinition,
  rawRequest,
  TestClient,
  tokenRequest,
} from './testing/harness';

const PROMPTS = '/api/v2/ai/llm/prompts';

describe('fault injection', () => {
  let emulator: RunningEmulator;
  let client: TestClient;

  const controlFaults = async (): Promise<EmulatorFaults> =>
    (await fetch(`${emulator.url}/__emulator/faults`)).json();

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    client = await TestClient.connect(emulator.url);
  });

  describe('429 bursts', () => {
    it('sends 429 with Retry-After for the next N requests, then clears itself', async () => {
      emulator.setFaults({
        tooManyRequests: { count: 2, retryAfterSeconds: 3 },
      });
      for (let i = 0; i < 2; i++) {
        const response = await client.get(PROMPTS);
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('3');
        expect(response.body).toMatchObject({
          code: 'too.many.requests',
          status: 429,
        });
        expect(response.body.message).toMatch(
          /^Rate limit exceeded the maximum \[\d+\] requests within \[\d+\] seconds$/,
        );
        expect(response.body.contextId).toBe(
          response.headers.get('inin-correlation-id'),
        );
        expect(response.headers.get('inin-ratelimit-allowed')).toBe('300');
      }
      expect((await client.get(PROMPTS)).status).toBe(200);
      expect(await controlFaults()).toEqual({});
    });

    it('can leave out Retry-After', async () => {
      emulator.setFaults({
        tooManyRequests: { count: 1, withRetryAfter: false },
      });
      const response = await client.get(PROMPTS);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBeNull();
    });
  });

  it.each([
    [500, 'internal.server.error'],
    [502, 'internal.server.error'],
    [503, 'service.unavailable'],
    [504, 'request.timeout'],
  ] as const)(
    'sends %i bursts with an ErrorBody (%s)',
    async (status, code) => {
      emulator.setFaults({ serverError: { status, count: 1 } });
      const response = await client.get(PROMPTS);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({
        status,
        code,
        messageParams: {},
        details: [],
        errors: [],
      });
      expect(response.body.contextId).toBe(
        response.headers.get('inin-correlation-id'),
      );
      expect((await client.get(PROMPTS)).status).toBe(200);
    },
  );

  it('adds latency and still answers', async () => {
    emulator.setFaults({ latency: { ms: 250, count: 1 } });
    const started = Date.now();
    expect((await client.get(PROMPTS)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const quick = Date.now();
    await client.get(PROMPTS);
    expect(Date.now() - quick).toBeLessThan(200);
  });

  it('hangs until the client gives up, and logs the request with status 0', async () => {
    emulator.setFaults({ hang: { count: 1 } });
    await expect(
      fetch(`${emulator.url}${PROMPTS}`, {
        headers: { Authorization: `Bearer ${client.token}` },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect((await client.get(PROMPTS)).status).toBe(200);
    const { entries } = emulator.requestLog();
    expect(entries.find(e => e.fault === 'hang')).toMatchObject({
      status: 0,
      route: `GET ${PROMPTS}`,
    });
  });

  it('resets the connection before applying a write: nothing is created', async () => {
    emulator.setFaults({
      resetBeforeApply: { count: 1, match: { method: 'POST', path: PROMPTS } },
    });
    const definition = promptDefinition();
    const outcome = await rawRequest(emulator.url, {
      method: 'POST',
      path: PROMPTS,
      headers: {
        Authorization: `Bearer ${client.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(definition),
    });
    expect(outcome.kind).toBe('error');
    const found = await client.get(`${PROMPTS}?name=${definition.name}`);
    expect(found.body.total).toBe(0);
    const entry = emulator
      .requestLog()
      .entries.find(e => e.route === `POST ${PROMPTS}`);
    expect(entry).toMatchObject({ status: 0, fault: 'resetBeforeApply' });
  });

  it('resets the connection after applying a write: the prompt exists although the client saw a socket error', async () => {
    emulator.setFaults({
      resetAfterApply: { count: 1, match: { method: 'POST', path: PROMPTS } },
    });
    const definition = promptDefinition();
    const outcome = await rawRequest(emulator.url, {
      method: 'POST',
      path: PROMPTS,
      headers: {
        Authorization: `Bearer ${client.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(definition),
    });
    expect(outcome).toMatchObject({ kind: 'error' });
    const found = await client.get(`${PROMPTS}?name=${definition.name}`);
    expect(found.body.total).toBe(1);
    expect(found.body.entities[0].revision).toBe(1);
    const entry = emulator
      .requestLog()
      .entries.find(e => e.route === `POST ${PROMPTS}`);
    expect(entry).toMatchObject({
      status: 0,
      fault: 'resetAfterApply',
      appliedStatus: 200,
    });
  });

  it('makes fetch fail on a reset after apply without a silent retry', async () => {
    emulator.setFaults({
      resetAfterApply: { count: 1, match: { method: 'POST' } },
    });
    const definition = promptDefinition();
    await expect(client.post(PROMPTS, definition)).rejects.toThrow();
    expect(emulator.requestLog().counts[`POST ${PROMPTS}`]).toEqual({ '0': 1 });
    expect(
      (await client.get(`${PROMPTS}?name=${definition.name}`)).body.total,
    ).toBe(1);
  });

  it('expires tokens early: 401, then a new token works', async () => {
    emulator.setFaults({
      expireTokens: { count: 1, match: { path: PROMPTS } },
    });
    const response = await client.get(PROMPTS);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('authentication.required');
    expect((await client.get(PROMPTS)).status).toBe(401);
    client.token = await fetchToken(emulator.url);
    expect((await client.get(PROMPTS)).status).toBe(200);

    emulator.expireTokens();
    expect((await client.get(PROMPTS)).status).toBe(401);
  });

  it('sends malformed JSON with the real status', async () => {
    emulator.setFaults({ malformedJson: { count: 1 } });
    const response = await fetch(`${emulator.url}${PROMPTS}`, {
      headers: { Authorization: `Bearer ${client.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
    expect((await client.get(PROMPTS)).status).toBe(200);
  });

  it('applies to the token endpoint through match.path /oauth/token only', async () => {
    emulator.setFaults({
      serverError: { status: 503, match: { path: '/oauth/token' } },
    });
    expect((await tokenRequest(emulator.url)).status).toBe(503);
    expect((await tokenRequest(emulator.url)).status).toBe(503);
    expect((await client.get(PROMPTS)).status).toBe(200);
    emulator.setFaults({
      malformedJson: { count: 1, match: { path: '/oauth/token' } },
    });
    const malformed = await tokenRequest(emulator.url);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    expect((await tokenRequest(emulator.url)).status).toBe(200);
  });

  it('matches on method and path prefix, and counts only matching requests', async () => {
    emulator.setFaults({
      serverError: {
        status: 500,
        count: 1,
        match: { method: 'put', path: `${PROMPTS}/` },
      },
    });
    expect((await client.get(PROMPTS)).status).toBe(200);
    expect((await client.post(PROMPTS, promptDefinition())).status).toBe(200);
    expect(await controlFaults()).toEqual({
      serverError: {
        status: 500,
        count: 1,
        match: { method: 'put', path: `${PROMPTS}/` },
      },
    });
    const prompt = (await client.get(PROMPTS)).body.entities[0];
    expect((await client.put(`${PROMPTS}/${prompt.id}`, prompt)).status).toBe(
      500,
    );
    expect((await client.put(`${PROMPTS}/${prompt.id}`, prompt)).status).toBe(
      200,
    );
  });

  it('keeps a fault without count until cleared', async () => {
    emulator.setFaults({ serverError: { status: 502 } });
    for (let i = 0; i < 3; i++)
      expect((await client.get(PROMPTS)).status).toBe(502);
    emulator.clearFaults();
    expect((await client.get(PROMPTS)).status).toBe(200);
  });

  it('takes faults at start', async () => {
    const faulty = await startEmulator({
      faults: {
        serverError: { status: 504, count: 1, match: { path: '/oauth/token' } },
      },
    });
    try {
      expect((await tokenRequest(faulty.url, basic())).status).toBe(504);
      expect((await tokenRequest(faulty.url, basic())).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });

  it('closes promptly even with a hanging request open', async () => {
    const other = await startEmulator({ faults: { hang: {} } });
    const pending = fetch(`${other.url}${PROMPTS}`).catch(error => error);
    await new Promise(resolve => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(String(await pending)).toMatch(/fetch failed|terminated|socket/i);
  });
});
