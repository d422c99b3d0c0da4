import {
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { emulatorConnection } from '../../testing/emulatorConnection';
import { ConfigReader } from '@backstage/config';
import {
  GenesysConnectionConfig,
  readResilienceConfig,
  ResilienceConfig,
} from '../../config';
import { GenesysApiError } from './errors';
import { LlmGatewayClient } from './GenesysClient';
import { TokenProvider } from './TokenProvider';

// The client against the real emulator over HTTP: no stubbed fetch.
describe('LlmGatewayClient', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
  });

  const connection = (overrides: Partial<GenesysConnectionConfig> = {}) =>
    emulatorConnection(emulator, overrides);

  // Real policies with short delays, so retries finish quickly in tests.
  const resilience = (overrides: Partial<ResilienceConfig> = {}) => ({
    ...readResilienceConfig(new ConfigReader({})),
    initialDelayMs: 10,
    maxDelayMs: 40,
    ...overrides,
  });

  const newClient = (
    connectionOverrides: Partial<GenesysConnectionConfig> = {},
    resilienceOverrides: Partial<ResilienceConfig> = {},
  ) =>
    new LlmGatewayClient(
      connection(connectionOverrides),
      resilience(resilienceOverrides),
    );

  const calls = (route: string) =>
    Object.values(emulator.requestLog().counts[route] ?? {}).reduce(
      (sum, n) => sum + n,
      0,
    );

  async function createPrompts(count: number) {
    const token = await new TokenProvider(connection()).getToken();
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${emulator.url}/api/v2/ai/llm/prompts`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          name: `bulk-prompt-${i}`,
          version: '1.0.0',
          template: 'Answer {{question}}',
          variables: [{ name: 'question', type: 'string', required: true }],
          contextRules: [],
          modelId: 'openai-gpt-4o',
          maxTokens: 1000,
        }),
      });
      expect(response.status).toBe(200);
    }
  }

  it('reads a seeded prompt by name and by id', async () => {
    const client = newClient();
    const byName = await client.findPromptByName('escalation-detector');
    expect(byName).toMatchObject({
      id: demoPromptId('escalation-detector'),
      name: 'escalation-detector',
    });
    const byId = await client.getPrompt(byName!.id);
    expect(byId).toEqual(byName);
    expect(await client.findPromptByName('no-such-prompt')).toBeUndefined();
  });

  it('follows every page of the list', async () => {
    await createPrompts(230);
    emulator.clearRequestLog();
    const client = newClient();
    const prompts = await client.listPrompts();
    const names = new Set(prompts.map(p => p.name));
    expect(names.size).toBe(prompts.length);
    expect(names.has('bulk-prompt-0')).toBe(true);
    expect(names.has('bulk-prompt-229')).toBe(true);
    expect(names.has('customer-support-assistant')).toBe(true);
    // 230 created + the seeded prompts, 100 a page.
    expect(calls('GET /api/v2/ai/llm/prompts')).toBe(
      Math.ceil(prompts.length / 100),
    );
  });

  it('fetches one token and reuses it', async () => {
    const client = newClient();
    await client.findPromptByName('escalation-detector');
    await client.findPromptByName('order-status-summarizer');
    await client.getPrompt(demoPromptId('escalation-detector'));
    expect(calls('POST /oauth/token')).toBe(1);
  });

  it('shares one in-flight token request among concurrent callers', async () => {
    emulator.setFaults({ latency: { ms: 200, match: { path: '/oauth/token' } } });
    const client = newClient();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        client.findPromptByName('escalation-detector'),
      ),
    );
    expect(calls('POST /oauth/token')).toBe(1);
    expect(calls('GET /api/v2/ai/llm/prompts')).toBe(10);
  });

  it('refreshes the token once and replays once after a 401', async () => {
    const client = newClient();
    await client.findPromptByName('escalation-detector');
    emulator.expireTokens();
    await expect(
      client.findPromptByName('escalation-detector'),
    ).resolves.toBeDefined();
    expect(calls('POST /oauth/token')).toBe(2);
    expect(emulator.requestLog().counts['GET /api/v2/ai/llm/prompts']).toEqual({
      '200': 2,
      '401': 1,
    });
  });

  it('turns bad credentials into a typed error without the secret', async () => {
    const client = newClient({ clientSecret: 'wrong-secret-value' });
    const error = await client.getPrompt('x').catch(e => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_client');
    expect(error.message).not.toContain('wrong-secret-value');
  });

  it('keeps status, code and correlation id of an upstream ErrorBody', async () => {
    const client = newClient();
    const error = await client.getPrompt('00000000-0000-4000-8000-000000000000').catch(e => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ kind: 'http', status: 404, code: 'not.found' });
    expect(error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(error.correlationId);
    const logged = emulator
      .requestLog()
      .entries.find(e => e.route === 'GET /api/v2/ai/llm/prompts/{id}');
    expect(logged?.correlationId).toBe(error.correlationId);
  });

  it('reports a 5xx with its correlation id', async () => {
    const client = newClient();
    await client.findPromptByName('escalation-detector');
    emulator.setFaults({ serverError: { status: 503 } });
    const error = await client.findPromptByName('escalation-detector').catch(e => e);
    expect(error).toMatchObject({ status: 503, code: 'service.unavailable' });
    expect(error.correlationId).toBeTruthy();
    // Retried up to maxAttempts (4), then given up.
    expect(emulator.requestLog().counts['GET /api/v2/ai/llm/prompts']).toEqual({
      '200': 1,
      '503': 4,
    });
  });

  it('gives up after requestTimeoutMs when the upstream hangs', async () => {
    const client = newClient({ requestTimeoutMs: 300 });
    await client.findPromptByName('escalation-detector');
    emulator.setFaults({ hang: {} });
    const started = Date.now();
    const error = await client.findPromptByName('escalation-detector').catch(e => e);
    expect(error).toMatchObject({ kind: 'timeout', status: 0, code: 'timeout' });
    // Four attempts of 300 ms each plus short backoffs.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('applies the timeout to the token request too', async () => {
    emulator.setFaults({ hang: { match: { path: '/oauth/token' } } });
    const client = newClient({ requestTimeoutMs: 300 });
    const error = await client.getPrompt('x').catch(e => e);
    expect(error).toMatchObject({ kind: 'timeout', code: 'timeout' });
    expect(error.message).toContain('POST /oauth/token');
  });

  it('reports an unreachable upstream as a network error', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const client = newClient({ apiBaseUrl: url, loginBaseUrl: url });
    const error = await client.getPrompt('x').catch(e => e);
    expect(error).toMatchObject({ kind: 'network', status: 0 });
    expect(client.health().reachable).toBe(false);
  });

  it('rejects a malformed JSON body with a typed error', async () => {
    const client = newClient();
    await client.findPromptByName('escalation-detector');
    emulator.setFaults({ malformedJson: { match: { path: '/api/v2/' } } });
    const error = await client.findPromptByName('escalation-detector').catch(e => e);
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'invalid.response' });
  });
});
