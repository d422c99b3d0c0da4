/*
 * Test helpers: a tiny client over global fetch, and raw node:http requests
 * for socket-level faults. Used only by the *.test.ts files.
 */
import { request as httpRequest } from 'node:http';
import {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
} from '../options';
import { PromptDefinition } from '../types';

/** The Basic header for a client id and secret. */
export function basic(
  clientId = DEFAULT_EMULATOR_CLIENT_ID,
  clientSecret = DEFAULT_EMULATOR_CLIENT_SECRET,
): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString(
    'base64',
  )}`;
}

/** POSTs to /oauth/token and returns the raw response. */
export function tokenRequest(baseUrl: string, authorization = basic()) {
  return fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
}

/** A fresh access token. */
export async function fetchToken(baseUrl: string): Promise<string> {
  const response = await tokenRequest(baseUrl);
  if (response.status !== 200) throw new Error(`token: ${response.status}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** A request body: strings are sent as they are (for malformed JSON), the rest as JSON. */
export function jsonBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  return JSON.stringify(body);
}

/** Response plus parsed JSON body (undefined when empty). */
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A minimal bearer client. */
export class TestClient {
  constructor(readonly baseUrl: string, public token: string) {}

  static async connect(baseUrl: string): Promise<TestClient> {
    return new TestClient(baseUrl, await fetchToken(baseUrl));
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: jsonBody(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown) {
    return this.call<T>('POST', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.call<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.call<T>('DELETE', path);
  }
}

/** Outcome of a raw request: an answer, or the socket error instead of one. */
export type RawOutcome =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string | string[] | undefined>;
      text: string;
    }
  | { kind: 'error'; code: string; message: string };

/** One request on its own connection (no keep-alive), reporting socket errors as values. */
export function rawRequest(
  baseUrl: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  },
): Promise<RawOutcome> {
  return new Promise(resolve => {
    const url = new URL(options.path, baseUrl);
    const req = httpRequest(
      url,
      { method: options.method, headers: options.headers, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            kind: 'response',
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', error =>
          resolve({
            kind: 'error',
            code: (error as NodeJS.ErrnoException).code ?? 'ERR',
            message: error.message,
          }),
        );
      },
    );
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(
          Object.assign(new Error('client timeout'), {
            code: 'CLIENT_TIMEOUT',
          }),
        ),
      );
    }
    req.on('error', error =>
      resolve({
        kind: 'error',
        code: (error as NodeJS.ErrnoException).code ?? 'ERR',
        message: error.message,
      }),
    );
    req.end(options.body);
  });
}

let counter = 0;

/** A valid prompt definition with a unique name. */
export function promptDefinition(
  overrides: Partial<PromptDefinition> = {},
): PromptDefinition {
  counter += 1;
  return {
    name: `test-prompt-${process.pid}-${counter}`,
    version: '1.0.0',
    template: 'You help with {{topic}}. User: {{user_input}}',
    variables: [
      { name: 'topic', type: 'string', required: true },
      { name: 'user_input', type: 'string', required: true },
    ],
    contextRules: [
      {
        source: 'conversation_history',
        maxTokens: 500,
        injectionPoint: 'system',
      },
    ],
    modelId: 'openai-gpt-4o-mini',
    maxTokens: 1024,
    ...overrides,
  };
}

/** A fixed past day, a Tuesday during the seeded A/B split (nothing depends on the current time). */
export const PAST_DAY = '2025-09-16T00:00:00.000Z/2025-09-17T00:00:00.000Z';

/** Calls a control endpoint (`/__emulator/...`, no auth) and parses its JSON answer. */
export async function control<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  const response = await fetch(`${baseUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: jsonBody(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as T,
  };
}

/** Waits in real time (traffic configured with a rate accumulates meanwhile). */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** `start/end` of two epoch-ms instants. */
export function isoInterval(start: number, end: number): string {
  return `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
}
