import { ConfigReader } from '@backstage/config';
import {
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { emulatorConnection } from '../../testing/emulatorConnection';
import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import { readResilienceConfig, ResilienceConfig } from '../../config';
import { GenesysApiError } from './errors';
import { LlmGatewayClient } from './GenesysClient';
import { retryDelayMs } from './resilience';

// Pacing, retries, the circuit breaker and duplicate-free writes, against the
// real emulator over HTTP.
describe('LlmGatewayClient resilience', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const newClient = (overrides: Partial<ResilienceConfig> = {}, timeoutMs = 1000) =>
    new LlmGatewayClient(
      {
        ...emulatorConnection(emulator),
        requestTimeoutMs: timeoutMs,
      },
      {
        ...readResilienceConfig(new ConfigReader({})),
        initialDelayMs: 10,
        maxDelayMs: 40,
        ...overrides,
      },
    );

  const counts = (route: string) => emulator.requestLog().counts[route] ?? {};
  const total = (route: string) =>
    Object.values(counts(route)).reduce((sum, n) => sum + n, 0);

  const definition = (name: string): GenesysPromptDefinition => ({
    name,
    version: '1.0.0',
    template: 'Summarise {{ticket}} for the agent.',
    variables: [{ name: 'ticket', type: 'string', required: true }],
    contextRules: [],
    modelId: 'openai-gpt-4o',
    maxTokens: 1000,
  });

  describe('pacing', () => {
    it('keeps many concurrent reads within the window: at most one 429 per window', async () => {
      emulator.setFaults({ rateLimit: { allowed: 10, windowSeconds: 1 } });
      const client = newClient();
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 45 }, () =>
          client.findPromptByName('escalation-detector'),
        ),
      );
      const elapsedMs = Date.now() - started;
      expect(results.every(r => r?.name === 'escalation-detector')).toBe(true);
      const windows = Math.ceil(elapsedMs / 1000) + 1;
      const tooMany = counts('GET /api/v2/ai/llm/prompts')['429'] ?? 0;
      expect(tooMany).toBeLessThanOrEqual(windows);
      expect(client.health().counts.tooManyRequests).toBe(tooMany);
      // 45 reads at 10 a window need at least four window resets.
      expect(elapsedMs).toBeGreaterThanOrEqual(3000);
      expect(client.health().rateBudget).toMatchObject({ allowed: 10 });
    });

    it('holds to the configured requestsPerMinute ceiling', async () => {
      const client = newClient({ requestsPerMinute: 5 });
      const inTime = Promise.all(
        Array.from({ length: 5 }, () => client.findPromptByName('escalation-detector')),
      );
      await inTime;
      const sixth = client.findPromptByName('escalation-detector');
      const raced = await Promise.race([
        sixth.then(() => 'answered'),
        new Promise(resolve => setTimeout(() => resolve('waiting'), 500)),
      ]);
      expect(raced).toBe('waiting');
      expect(total('GET /api/v2/ai/llm/prompts')).toBe(5);
      // Do not leave the sixth request pending past the test.
      sixth.catch(() => undefined);
    });
  });

  describe('retries', () => {
    it('waits Retry-After on a 429 and then succeeds', async () => {
      const client = newClient();
      emulator.setFaults({
        tooManyRequests: { count: 1, retryAfterSeconds: 1, match: { path: '/api/v2/' } },
      });
      const started = Date.now();
      await expect(client.getPrompt(demoPromptId('escalation-detector'))).resolves.toBeDefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(counts('GET /api/v2/ai/llm/prompts/{id}')).toEqual({ '200': 1, '429': 1 });
      expect(client.health().counts).toMatchObject({ retries: 1, tooManyRequests: 1 });
    });

    it('backs off on a 429 without Retry-After', async () => {
      const client = newClient();
      emulator.setFaults({
        tooManyRequests: { count: 2, withRetryAfter: false, match: { path: '/api/v2/' } },
      });
      await expect(client.getPrompt(demoPromptId('escalation-detector'))).resolves.toBeDefined();
      expect(counts('GET /api/v2/ai/llm/prompts/{id}')).toEqual({ '200': 1, '429': 2 });
    });

    it('gives up at once when Retry-After is over 180 s', async () => {
      const client = newClient();
      emulator.setFaults({
        tooManyRequests: { retryAfterSeconds: 600, match: { path: '/api/v2/' } },
      });
      const error = await client.getPrompt(demoPromptId('escalation-detector')).catch(e => e);
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: 600 });
      expect(total('GET /api/v2/ai/llm/prompts/{id}')).toBe(1);
    });

    it('never retries other 4xx', async () => {
      const client = newClient();
      const error = await client.getPrompt('00000000-0000-4000-8000-000000000000').catch(e => e);
      expect(error).toMatchObject({ status: 404 });
      expect(total('GET /api/v2/ai/llm/prompts/{id}')).toBe(1);
    });

    it('stops retrying at maxTotalMs', async () => {
      const client = newClient({
        maxAttempts: 100,
        maxTotalMs: 400,
        initialDelayMs: 50,
        maxDelayMs: 50,
        breakerConsecutiveFailures: 1000,
      });
      emulator.setFaults({ serverError: { status: 502, match: { path: '/api/v2/' } } });
      const started = Date.now();
      const error = await client.getPrompt(demoPromptId('escalation-detector')).catch(e => e);
      expect(error).toMatchObject({ status: 502 });
      expect(Date.now() - started).toBeLessThan(1500);
      // The deadline stopped it, long before maxAttempts.
      expect(total('GET /api/v2/ai/llm/prompts/{id}')).toBeLessThan(100);
    });

    it('uses exponential backoff with jitter under the cap', () => {
      const config = { ...readResilienceConfig(new ConfigReader({})), initialDelayMs: 100, maxDelayMs: 1000 };
      expect(retryDelayMs(undefined, 1, config, () => 1)).toBe(100);
      expect(retryDelayMs(undefined, 3, config, () => 1)).toBe(400);
      expect(retryDelayMs(undefined, 10, config, () => 1)).toBe(1000);
      expect(retryDelayMs(undefined, 3, config, () => 0)).toBe(40);
    });
  });

  describe('circuit breaker', () => {
    it('opens after consecutive failures, answers at once, probes half-open and closes', async () => {
      const client = newClient({
        maxAttempts: 1,
        breakerConsecutiveFailures: 3,
        breakerHalfOpenAfterMs: 300,
      });
      await client.findPromptByName('escalation-detector');
      emulator.setFaults({ serverError: { status: 503, match: { path: '/api/v2/' } } });
      for (let i = 0; i < 3; i++) {
        await expect(client.findPromptByName('escalation-detector')).rejects.toMatchObject({ status: 503 });
      }
      expect(client.health().circuit).toBe('open');
      const before = total('GET /api/v2/ai/llm/prompts');
      const error = await client.findPromptByName('escalation-detector').catch(e => e);
      expect(error).toBeInstanceOf(GenesysApiError);
      expect(error).toMatchObject({ kind: 'circuit-open', code: 'circuit.open' });
      expect(error.correlationId).toBeTruthy();
      expect(total('GET /api/v2/ai/llm/prompts')).toBe(before);

      emulator.clearFaults();
      await new Promise(resolve => setTimeout(resolve, 350));
      await expect(client.findPromptByName('escalation-detector')).resolves.toBeDefined();
      expect(client.health().circuit).toBe('closed');
    });
  });

  describe('token expiry', () => {
    it('refreshes once for many concurrent 401s', async () => {
      const client = newClient();
      await client.findPromptByName('escalation-detector');
      emulator.expireTokens();
      await Promise.all(
        Array.from({ length: 8 }, () => client.findPromptByName('escalation-detector')),
      );
      expect(total('POST /oauth/token')).toBe(2);
    });
  });

  describe('writes', () => {
    it('creates once when the answer is lost after the write was applied', async () => {
      const client = newClient();
      emulator.setFaults({ resetAfterApply: { count: 1, match: { method: 'POST', path: '/api/v2/ai/llm/prompts' } } });
      const created = await client.createPrompt(definition('lost-answer'));
      expect(created).toMatchObject({ name: 'lost-answer', revision: 1 });
      expect(total('POST /api/v2/ai/llm/prompts')).toBe(1);
    });

    it('looks a timed-out create up by name before sending it again', async () => {
      const client = newClient({}, 300);
      emulator.setFaults({ hang: { count: 1, match: { method: 'POST', path: '/api/v2/ai/llm/prompts' } } });
      const created = await client.createPrompt(definition('timed-out'));
      expect(created).toMatchObject({ name: 'timed-out', revision: 1 });
      expect(total('POST /api/v2/ai/llm/prompts')).toBe(2);
      expect(counts('GET /api/v2/ai/llm/prompts')['200']).toBe(1);
    });

    it('resends a create refused before it reached the handler (429)', async () => {
      const client = newClient();
      emulator.setFaults({
        tooManyRequests: {
          count: 1,
          retryAfterSeconds: 1,
          match: { method: 'POST', path: '/api/v2/ai/llm/prompts' },
        },
      });
      await client.createPrompt(definition('after-429'));
      expect(counts('POST /api/v2/ai/llm/prompts')).toEqual({ '200': 1, '429': 1 });
    });

    it('replays an update safely: a lost answer does not write twice', async () => {
      const client = newClient();
      const id = demoPromptId('order-status-summarizer');
      const current = await client.getPrompt(id);
      emulator.setFaults({ resetAfterApply: { count: 1, match: { method: 'PUT' } } });
      const changed = { ...current, template: `${current.template}\nBe brief.` };
      const updated = await client.updatePrompt(id, changed, current.revision);
      expect(updated.revision).toBe(current.revision + 1);
      // The replay met 409 (its own revision bump), so nothing was overwritten.
      expect(counts('PUT /api/v2/ai/llm/prompts/{id}')).toEqual({ '0': 1, '409': 1 });
    });

    it('refuses a stale revision with 409 and changes nothing', async () => {
      const client = newClient();
      const id = demoPromptId('order-status-summarizer');
      const current = await client.getPrompt(id);
      const error = await client
        .updatePrompt(
          id,
          { ...current, template: `${current.template} (stale)` },
          current.revision + 5,
        )
        .catch(e => e);
      expect(error).toMatchObject({ status: 409, code: 'general.conflict' });
      expect((await client.getPrompt(id)).template).toBe(current.template);
    });
  });
});
