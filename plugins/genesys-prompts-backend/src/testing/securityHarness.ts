import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
  RunningEmulator,
} from '@genesys-prompts/genesys-emulator';
import {
  Agent,
  createServer,
  IncomingHttpHeaders,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { format } from 'node:util';

/**
 * Tests only: the pieces the fuzz and secret-scanning suites share. A seeded
 * PRNG, a raw HTTP client (paths and bodies exactly as given), a root logger
 * that records every line with its meta, a capture of the OAuth tokens the
 * backend is issued, and a local receiver for export targets.
 */

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs). */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (maxExclusive: number) => Math.floor(next() * maxExclusive),
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
  };
}

/** One request exactly as it goes on the wire. */
export interface RawRequest {
  method: string;
  /** Path and query, already encoded as they should be sent. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back; `status` 0 when the connection failed before an answer. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  error?: string;
}

/** A raw HTTP client for a listening server (no URL normalisation). */
export function rawClient(
  server: Server,
  options: { maxSockets?: number } = {},
) {
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 8,
  });
  const send = (req: RawRequest, fresh = false): Promise<RawResponse> =>
    new Promise(resolve => {
      let body: Buffer | undefined;
      if (typeof req.body === 'string') body = Buffer.from(req.body, 'utf8');
      else body = req.body;
      const headers: Record<string, string> = { ...req.headers };
      if (body) headers['Content-Length'] = String(body.length);
      let settled = false;
      const done = (value: RawResponse) => {
        if (!settled) {
          settled = true;
          resolve(value);
        }
      };
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: req.method,
          path: req.path,
          headers,
          agent: fresh ? false : agent,
          timeout: 30_000,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', error =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              error: String(error),
            }),
          );
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error('client timeout')),
      );
      outgoing.on('error', error =>
        done({ status: 0, headers: {}, body: '', error: String(error) }),
      );
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** Runs `task` over `items` with at most `limit` in flight; results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** Any value as text, Errors with every own property and cause, no cycles. */
export function deepText(value: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 12) return '[deep]';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function') return `[function ${v.name}]`;
    if (typeof v === 'symbol') return v.toString();
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
      return Buffer.from(v).toString('utf8');
    }
    if (v instanceof Map) return walk(Object.fromEntries(v), depth + 1);
    if (v instanceof Set) return walk([...v], depth + 1);
    if (Array.isArray(v)) return v.map(item => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    const keys = new Set([
      ...Object.getOwnPropertyNames(v),
      ...(v instanceof Error ? ['name', 'message', 'stack', 'cause'] : []),
    ]);
    for (const key of keys) {
      try {
        out[key] = walk((v as Record<string, unknown>)[key], depth + 1);
      } catch {
        out[key] = '[unreadable]';
      }
    }
    return out;
  };
  try {
    return typeof value === 'string'
      ? value
      : JSON.stringify(walk(value, 0)) ?? '';
  } catch (error) {
    return `[unserialisable: ${error}]`;
  }
}

/** One logged line: level, the logger's labels, message and meta as text. */
export interface LogLine {
  level: string;
  message: string;
  text: string;
}

type LogMeta = Parameters<LoggerService['info']>[1];

/** A root logger that keeps every line at every level (debug included). */
export class RecordingLogger implements RootLoggerService {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly labels: Record<string, unknown> = {},
  ) {}

  error(message: string, meta?: LogMeta) {
    this.record('error', message, meta);
  }
  warn(message: string, meta?: LogMeta) {
    this.record('warn', message, meta);
  }
  info(message: string, meta?: LogMeta) {
    this.record('info', message, meta);
  }
  debug(message: string, meta?: LogMeta) {
    this.record('debug', message, meta);
  }
  child(meta: Record<string, unknown>): LoggerService {
    return new RecordingLogger(this.lines, { ...this.labels, ...meta });
  }

  private record(level: string, message: unknown, meta: unknown) {
    const text = `${level} ${deepText(this.labels)} ${deepText(message)} ${
      meta === undefined ? '' : deepText(meta)
    }`;
    this.lines.push({ level, message: String(message), text });
  }

  /** Installs this logger as the backend's root logger (plugin loggers are its children). */
  factory() {
    return createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => this,
    });
  }
}

/** Records what goes to `console.*` (silenced) until `restore()`. */
export function captureConsole(lines: LogLine[]) {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = methods.map(method =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push({
        level: `console.${method}`,
        message: format(...args),
        text: args.map(arg => deepText(arg)).join(' '),
      });
    }),
  );
  return { restore: () => spies.forEach(spy => spy.mockRestore()) };
}

/**
 * Wraps the global `fetch` (the backend's Genesys client uses it) to record
 * every access token `/oauth/token` hands out. `restore()` puts it back.
 */
export function captureIssuedTokens() {
  const original = globalThis.fetch;
  const tokens: string[] = [];
  globalThis.fetch = async (input: any, init?: any) => {
    const response = await original(input, init);
    let url: string = input?.url ?? String(input);
    if (input instanceof URL) url = input.href;
    if (String(url).endsWith('/oauth/token')) {
      const body: any = await response
        .clone()
        .json()
        .catch(() => undefined);
      if (typeof body?.access_token === 'string')
        tokens.push(body.access_token);
    }
    return response;
  };
  return {
    tokens,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** Sets the emulator's routing of `primaryId` to the primary alone (no A/B split). */
export async function removeUpstreamSplit(
  emulator: RunningEmulator,
  primaryId: string,
): Promise<void> {
  const basic = Buffer.from(
    `${DEFAULT_EMULATOR_CLIENT_ID}:${DEFAULT_EMULATOR_CLIENT_SECRET}`,
  ).toString('base64');
  const tokenResponse = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await tokenResponse.json()) as {
    access_token: string;
  };
  const response = await fetch(
    `${emulator.url}/api/v2/ai/llm/prompts/${primaryId}/routing`,
    {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        variants: [{ promptId: primaryId, weight: 100 }],
      }),
    },
  );
  if (!response.ok) {
    throw new Error(
      `could not remove the split: ${response.status} ${await response.text()}`,
    );
  }
}

/** Something received by {@link receiver}. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver that records what arrives and answers per path. */
export async function receiver(
  answer: (url: string, res: ServerResponse) => void,
): Promise<{
  server: Server;
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: raw,
      });
      answer(req.url!, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
