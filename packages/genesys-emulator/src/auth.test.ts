import { RunningEmulator, startEmulator } from './index';
import { basic, fetchToken, tokenRequest } from './testing/harness';

describe('OAuth and bearer checks', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ tokenTtlSeconds: 2 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('issues a bearer token for good client credentials', async () => {
    const response = await tokenRequest(emulator.url);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 2,
    });
  });

  it('rejects bad credentials with 401 invalid_client', async () => {
    for (const authorization of [
      basic('emulator-client-id', 'wrong'),
      basic('other', 'emulator-client-secret'),
      'Basic !!!',
      '',
    ]) {
      const response = await tokenRequest(emulator.url, authorization);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body).toEqual({
        error: 'invalid_client',
        description: expect.any(String),
        error_description: expect.any(String),
      });
    }
  });

  it('rejects a grant type other than client_credentials', async () => {
    const response = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=password',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('unsupported_grant_type');
  });

  it('accepts custom credentials', async () => {
    const custom = await startEmulator({
      clientId: 'id-1',
      clientSecret: 's3cret',
    });
    try {
      expect((await tokenRequest(custom.url)).status).toBe(401);
      expect(
        (await tokenRequest(custom.url, basic('id-1', 's3cret'))).status,
      ).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer not-a-token'],
    ['a Basic header', basic()],
  ])(
    'answers 401 authentication.required with %s',
    async (_, authorization) => {
      const response = await fetch(`${emulator.url}/api/v2/ai/llm/prompts`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body).toMatchObject({
        code: 'authentication.required',
        status: 401,
      });
      expect(body.contextId).toBe(response.headers.get('inin-correlation-id'));
    },
  );

  it('answers 401 for an expired token, and a new token works', async () => {
    const token = await fetchToken(emulator.url);
    const call = (t: string) =>
      fetch(`${emulator.url}/api/v2/ai/llm/prompts`, {
        headers: { Authorization: `Bearer ${t}` },
      });
    expect((await call(token)).status).toBe(200);
    await new Promise(resolve => setTimeout(resolve, 2100));
    const expired = await call(token);
    expect(expired.status).toBe(401);
    expect((await expired.json()).code).toBe('authentication.required');
    expect((await call(await fetchToken(emulator.url))).status).toBe(200);
  });

  it('puts a fresh ININ-Correlation-Id on every response, equal to contextId on errors', async () => {
    const token = await fetchToken(emulator.url);
    const ok = await fetch(`${emulator.url}/api/v2/ai/llm/prompts`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const missing = await fetch(
      `${emulator.url}/api/v2/ai/llm/prompts/00000000-0000-4000-8000-000000000000`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    const okId = ok.headers.get('inin-correlation-id');
    const missingId = missing.headers.get('inin-correlation-id');
    expect(okId).toMatch(/^[0-9a-f-]{36}$/);
    expect(missingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(okId).not.toBe(missingId);
    expect(missing.status).toBe(404);
    const body = await missing.json();
    expect(body).toEqual({
      message: expect.any(String),
      code: 'not.found',
      status: 404,
      messageParams: {},
      contextId: missingId,
      details: [],
      errors: [],
    });
  });
});
