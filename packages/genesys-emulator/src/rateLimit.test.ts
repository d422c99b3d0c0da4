import { RunningEmulator, startEmulator } from './index';
import { TestClient } from './testing/harness';

describe('rate limit (fixed window per access token)', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      rateLimit: { allowed: 3, windowSeconds: 1 },
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('sends inin-ratelimit headers and a 429 with Retry-After past the limit', async () => {
    const client = await TestClient.connect(emulator.url);
    for (let i = 1; i <= 3; i++) {
      const response = await client.get('/api/v2/ai/llm/prompts');
      expect(response.status).toBe(200);
      expect(response.headers.get('inin-ratelimit-count')).toBe(String(i));
      expect(response.headers.get('inin-ratelimit-allowed')).toBe('3');
      expect(
        Number(response.headers.get('inin-ratelimit-reset')),
      ).toBeGreaterThanOrEqual(1);
    }
    const refused = await client.get('/api/v2/ai/llm/prompts');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(refused.headers.get('retry-after'))).toBe(1);
    expect(refused.body).toMatchObject({
      code: 'too.many.requests',
      status: 429,
      message:
        'Rate limit exceeded the maximum [3] requests within [1] seconds',
      contextId: refused.headers.get('inin-correlation-id'),
    });
  });

  it('opens a new window after windowSeconds', async () => {
    const client = await TestClient.connect(emulator.url);
    for (let i = 0; i < 3; i++) await client.get('/api/v2/ai/llm/prompts');
    expect((await client.get('/api/v2/ai/llm/prompts')).status).toBe(429);
    await new Promise(resolve => setTimeout(resolve, 1050));
    const again = await client.get('/api/v2/ai/llm/prompts');
    expect(again.status).toBe(200);
    expect(again.headers.get('inin-ratelimit-count')).toBe('1');
  });

  it('counts per token: a second token has its own window', async () => {
    const first = await TestClient.connect(emulator.url);
    const second = await TestClient.connect(emulator.url);
    for (let i = 0; i < 3; i++) await first.get('/api/v2/ai/llm/prompts');
    expect((await first.get('/api/v2/ai/llm/prompts')).status).toBe(429);
    expect((await second.get('/api/v2/ai/llm/prompts')).status).toBe(200);
  });

  it('takes the limit from faults when set there, and back from the options when cleared', async () => {
    emulator.setFaults({ rateLimit: { allowed: 1, windowSeconds: 60 } });
    const client = await TestClient.connect(emulator.url);
    expect((await client.get('/api/v2/ai/llm/prompts')).status).toBe(200);
    const refused = await client.get('/api/v2/ai/llm/prompts');
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe(
      'Rate limit exceeded the maximum [1] requests within [60] seconds',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(55);
    emulator.clearFaults();
    const after = await client.get('/api/v2/ai/llm/prompts');
    expect(after.headers.get('inin-ratelimit-allowed')).toBe('3');
  });
});
