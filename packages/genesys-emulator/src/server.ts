import { randomUUID } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { AuditLog } from './auditLog';
import { bearerToken, TokenCheck, TokenStore } from './auth';
import { EmulatorContext } from './context';
import {
  CONTROL_PATH,
  ControlTarget,
  ExportSink,
  handleControl,
} from './control';
import {
  DEFAULT_TRAFFIC_SEED,
  demoTrafficConfig,
  seedDemoData,
} from './demoData';
import {
  ApiError,
  authenticationRequired,
  errorBody,
  rateLimitMessage,
  serverErrorFor,
} from './errors';
import { EmulatorFaults, FaultController, FaultKind } from './faults';
import { readBody, send } from './http';
import {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
  EmulatorOptions,
  RunningEmulator,
} from './options';
import { PromptStore } from './promptStore';
import { RateLimiter, RateLimitSettings, RateLimitState } from './rateLimit';
import { RequestLog, RequestLogEntry } from './requestLog';
import { ApiResult, Router } from './router';
import { auditLogRoutes } from './routes/auditlogs';
import { conversationRoutes } from './routes/conversations';
import { metricsRoutes } from './routes/metrics';
import { promptRoutes } from './routes/prompts';
import { routingRoutes } from './routes/routing';
import { tokenRoutes } from './routes/token';
import { RoutingStore } from './routingStore';
import { TrafficGenerator } from './traffic';
import { EmulatorTrafficConfig, TrafficSettings } from './trafficConfig';

const DEFAULT_RATE_LIMIT: RateLimitSettings = {
  allowed: 300,
  windowSeconds: 60,
};
const CORRELATION_HEADER = 'ININ-Correlation-Id';
const AUTH_MESSAGES: Record<Exclude<TokenCheck, 'valid'>, string> = {
  missing: 'No authentication bearer token specified in authorization header.',
  unknown: 'The bearer token is not valid.',
  expired: 'The bearer token has expired.',
};

/** Per-request facts the pipeline passes around. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  entry: RequestLogEntry;
  started: number;
  token?: string;
}

class Emulator {
  private readonly now = () => Date.now();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly tokens: TokenStore;
  private readonly limiter = new RateLimiter(this.now);
  private readonly faults = new FaultController();
  private readonly log = new RequestLog();
  private readonly exportSink = new ExportSink();
  private readonly context: EmulatorContext;
  private readonly router: Router;
  private readonly seeded: boolean;
  // Entries of the `traffic` option without startsAt start here, also after a reset.
  private readonly startedAt = this.now();
  private url = '';
  private port = 0;
  private closed = false;

  constructor(private readonly options: EmulatorOptions) {
    this.tokens = new TokenStore(options.tokenTtlSeconds ?? 86400, this.now);
    const seed = options.seed ?? true;
    this.seeded = seed !== false;
    const prompts = new PromptStore(this.now);
    const routing = new RoutingStore(this.now);
    const trafficSettings = new TrafficSettings();
    this.context = {
      prompts,
      routing,
      trafficSettings,
      traffic: new TrafficGenerator(
        typeof seed === 'number' ? seed : DEFAULT_TRAFFIC_SEED,
        { prompts, routing, settings: trafficSettings },
        this.now,
      ),
      audit: new AuditLog(),
      now: this.now,
    };
    this.router = new Router([
      ...tokenRoutes(this.tokens, {
        clientId: options.clientId ?? DEFAULT_EMULATOR_CLIENT_ID,
        clientSecret: options.clientSecret ?? DEFAULT_EMULATOR_CLIENT_SECRET,
      }),
      ...promptRoutes(this.context),
      ...routingRoutes(this.context),
      ...metricsRoutes(this.context),
      ...conversationRoutes(this.context),
      ...auditLogRoutes(this.context),
    ]);
    this.reset();
    if (options.faults) this.faults.replace(options.faults);
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch(error => {
        send(res, 500, JSON.stringify({ error: String(error) }));
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.port = address.port;
        const shownHost = host.includes(':') ? `[${host}]` : host;
        this.url = `http://${shownHost}:${address.port}`;
        resolve();
      });
    });
  }

  running(): RunningEmulator {
    return {
      url: this.url,
      port: this.port,
      setFaults: (faults: EmulatorFaults) => this.faults.replace(faults),
      clearFaults: () => this.faults.clear(),
      expireTokens: () => this.tokens.revokeAll(),
      requestLog: () => this.log.snapshot(),
      clearRequestLog: () => this.log.clear(),
      traffic: () => this.context.trafficSettings.current(),
      setTraffic: (traffic: EmulatorTrafficConfig) =>
        this.context.trafficSettings.replace(traffic, this.now()),
      mergeTraffic: (traffic: EmulatorTrafficConfig) =>
        this.context.trafficSettings.merge(traffic, this.now()),
      forwardedAuditLogs: () => this.forwardedAuditLogs(),
      reset: () => this.reset(),
      close: () => this.close(),
    };
  }

  private forwardedAuditLogs() {
    return {
      entries: this.context.audit.list(),
      repeatedDeliveries: this.context.audit.repeatedDeliveries,
    };
  }

  private reset(): void {
    this.context.prompts.clear();
    this.context.routing.clear();
    this.context.trafficSettings.clear();
    if (this.seeded) {
      seedDemoData(this.context.prompts, this.context.routing);
      this.context.trafficSettings.merge(demoTrafficConfig(), this.startedAt);
    }
    if (this.options.traffic) {
      this.context.trafficSettings.merge(this.options.traffic, this.startedAt);
    }
    this.context.audit.clear();
    this.faults.clear();
    this.log.clear();
    this.tokens.revokeAll();
    this.limiter.clear();
  }

  private close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise(resolve => {
      this.server.close(() => resolve());
      // Hanging and keep-alive sockets would otherwise hold close() open.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private controlTarget(): ControlTarget {
    return {
      health: () => ({
        status: 'ok',
        url: this.url,
        prompts: this.context.prompts.size,
        seeded: this.seeded,
      }),
      faults: () => this.faults.get(),
      setFaults: faults => this.faults.replace(faults as EmulatorFaults),
      mergeFaults: faults => this.faults.merge(faults as EmulatorFaults),
      clearFaults: () => this.faults.clear(),
      requestLog: () => this.log.snapshot(),
      clearRequestLog: () => this.log.clear(),
      reset: () => this.reset(),
      expireTokens: () => this.tokens.revokeAll(),
      auditLogs: () => this.forwardedAuditLogs(),
      exports: this.exportSink,
      clearAuditLogs: () => this.context.audit.clear(),
      traffic: () => this.context.trafficSettings.current(),
      setTraffic: traffic =>
        this.context.trafficSettings.replace(traffic, this.now()),
      mergeTraffic: traffic =>
        this.context.trafficSettings.merge(traffic, this.now()),
    };
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    if (path === CONTROL_PATH || path.startsWith(`${CONTROL_PATH}/`)) {
      await handleControl(req, res, path, this.controlTarget());
      return;
    }
    if (path.startsWith('/oauth/') || path.startsWith('/api/v2/')) {
      await this.handleApi(req, res, path, url);
      return;
    }
    send(
      res,
      404,
      JSON.stringify({
        error: `Nothing at ${path}; the API is under /api/v2 and /oauth/token`,
      }),
    );
  }

  /**
   * The API pipeline: faults before handling (latency, hang, reset, 429, 5xx,
   * token expiry), then auth, rate limit and the route, then faults on the
   * answer (reset after apply, malformed JSON).
   */
  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: URL,
  ) {
    const method = req.method ?? 'GET';
    const correlationId = randomUUID();
    const match = this.router.match(method, path);
    const exchange: Exchange = {
      req,
      res,
      started: this.now(),
      token: bearerToken(req.headers.authorization),
      entry: {
        method,
        path,
        query: url.search.replace(/^\?/, ''),
        route: match.route,
        status: 0,
        correlationId,
        time: new Date(this.now()).toISOString(),
      },
    };
    res.setHeader(CORRELATION_HEADER, correlationId);
    const scope = { method, path };

    const latency = this.faults.take('latency', scope);
    if (latency) {
      await this.delay(latency.ms);
      if (this.closed) return;
    }
    if (this.faults.take('hang', scope)) {
      this.finish(exchange, 0, 'hang');
      return;
    }
    if (this.faults.take('resetBeforeApply', scope)) {
      req.socket.destroy();
      this.finish(exchange, 0, 'resetBeforeApply');
      return;
    }
    const tooMany = this.faults.take('tooManyRequests', scope);
    if (tooMany) {
      const settings = this.rateLimitSettings();
      const headers: Record<string, string> = {
        ...this.peekRateLimitHeaders(exchange.token),
      };
      if (tooMany.withRetryAfter !== false) {
        headers['Retry-After'] = String(tooMany.retryAfterSeconds ?? 1);
      }
      const error = new ApiError(
        429,
        'too.many.requests',
        rateLimitMessage(settings.allowed, settings.windowSeconds),
      );
      this.respond(
        exchange,
        { status: 429, body: errorBody(error, correlationId), headers },
        'tooManyRequests',
      );
      return;
    }
    const serverError = this.faults.take('serverError', scope);
    if (serverError) {
      const error = serverErrorFor(serverError.status ?? 503);
      this.respond(
        exchange,
        {
          status: error.status,
          body: errorBody(error, correlationId),
          headers: this.peekRateLimitHeaders(exchange.token),
        },
        'serverError',
      );
      return;
    }
    if (this.faults.take('expireTokens', scope)) this.tokens.revokeAll();

    let result: ApiResult;
    try {
      const rawBody = await readBody(req);
      result = await this.apply(exchange, match, rawBody, url);
    } catch (error) {
      result = this.errorResult(error, correlationId);
    }

    if (this.faults.take('resetAfterApply', scope)) {
      exchange.entry.appliedStatus = result.status;
      req.socket.destroy();
      this.finish(exchange, 0, 'resetAfterApply');
      return;
    }
    const malformed = this.faults.take('malformedJson', scope) !== undefined;
    this.respond(exchange, result, malformed ? 'malformedJson' : undefined);
  }

  /** Auth, rate limit and the route handler; rate-limit headers land on the result. */
  private async apply(
    exchange: Exchange,
    match: ReturnType<Router['match']>,
    rawBody: string,
    url: URL,
  ): Promise<ApiResult> {
    const { req, entry } = exchange;
    const definition = match.definition;
    const handlerInput = {
      method: entry.method,
      path: entry.path,
      query: url.searchParams,
      params: match.params,
      headers: req.headers,
      rawBody,
      correlationId: entry.correlationId,
    };
    if (definition?.bearerAuth === false) {
      return definition.handler(handlerInput);
    }
    const check = this.tokens.check(exchange.token);
    if (check !== 'valid') {
      throw authenticationRequired(AUTH_MESSAGES[check]);
    }
    const settings = this.rateLimitSettings();
    const state = this.limiter.consume(exchange.token!, settings);
    const headers = rateLimitHeaders(state);
    if (!state.allowed) {
      throw new ApiError(
        429,
        'too.many.requests',
        rateLimitMessage(settings.allowed, settings.windowSeconds),
        [],
        {},
        { ...headers, 'Retry-After': String(state.resetSeconds) },
      );
    }
    try {
      if (!definition) {
        throw new ApiError(
          404,
          'not.found',
          `No resource at ${entry.method} ${entry.path}`,
        );
      }
      const result = await definition.handler(handlerInput);
      return { ...result, headers: { ...headers, ...result.headers } };
    } catch (error) {
      const failed = this.errorResult(error, entry.correlationId);
      return { ...failed, headers: { ...headers, ...failed.headers } };
    }
  }

  private errorResult(error: unknown, correlationId: string): ApiResult {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(
            500,
            'internal.server.error',
            'The server encountered an internal error',
          );
    if (!(error instanceof ApiError)) {
      this.options.log?.(`internal error ${correlationId}: ${String(error)}`);
    }
    return {
      status: apiError.status,
      body: errorBody(apiError, correlationId),
      headers: apiError.headers,
    };
  }

  private respond(exchange: Exchange, result: ApiResult, fault?: FaultKind) {
    let payload =
      result.body === undefined ? undefined : JSON.stringify(result.body);
    // Half of the real body: valid status and headers, unparseable JSON.
    if (fault === 'malformedJson' && payload !== undefined) {
      payload = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
    }
    send(exchange.res, result.status, payload, result.headers);
    this.finish(exchange, result.status, fault);
  }

  private finish(exchange: Exchange, status: number, fault?: FaultKind) {
    const entry = exchange.entry;
    entry.status = status;
    if (fault) entry.fault = fault;
    this.log.record(entry);
    const elapsed = this.now() - exchange.started;
    this.options.log?.(
      `${entry.method} ${entry.path} ${
        status === 0 ? '-' : status
      } ${elapsed}ms${fault ? ` fault=${fault}` : ''} correlationId=${
        entry.correlationId
      }`,
    );
  }

  private rateLimitSettings(): RateLimitSettings {
    return (
      this.faults.rateLimit() ?? this.options.rateLimit ?? DEFAULT_RATE_LIMIT
    );
  }

  private peekRateLimitHeaders(
    token: string | undefined,
  ): Record<string, string> {
    if (this.tokens.check(token) !== 'valid') return {};
    return rateLimitHeaders(
      this.limiter.peek(token!, this.rateLimitSettings()),
    );
  }

  private delay(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return emulator.running();
}

function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'inin-ratelimit-count': String(state.count),
    'inin-ratelimit-allowed': String(state.limit),
    'inin-ratelimit-reset': String(state.resetSeconds),
  };
}
