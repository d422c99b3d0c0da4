#!/usr/bin/env node
/*
 * Upstream calls benchmark (insights issue: "Upstream calls for one entity
 * tab of 10 prompts plus the metric card: cold <= 2, warm (within TTL) 0").
 *
 * Drives the backend services the router calls for an entity page, as the
 * browser does (the Prompts tab and the metric card requested concurrently):
 * PromptService.listEntityPrompts(entity) and
 * MetricsService.entityMetrics(entity, resolveMetricsRange(...)), over a real
 * Backstage cache (CacheManager, memory store) against the Genesys emulator,
 * and counts the upstream requests in the emulator's request log.
 *
 * Prints a table and writes bench/results/metrics-calls.json. Figures, not a
 * test: exits 0 whatever the figures say (2 only if the run itself breaks or
 * overruns its time limit).
 *
 *   node bench/insights/calls.js [--prompts 10] [--extra 0] [--ttl 60]
 *        [--peak 120] [--days 3] [--expired off|on] [--timeout 120]
 *        [--out bench/results/metrics-calls.json]
 *
 * Every flag also reads from the environment: BENCH_METRICS_CALLS_PROMPTS,
 * _EXTRA, _TTL, _PEAK, _DAYS, _EXPIRED, _TIMEOUT, _OUT. Quick trial (~5 s,
 * with the cache expiring and 150 more prompts in the organisation):
 *   node bench/insights/calls.js --ttl 2 --expired on --extra 150
 */
'use strict';

// Runs the TypeScript sources directly (see bench/pacing/run.js).
require('@backstage/cli/config/nodeTransform.cjs');

const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { ConfigReader } = require('@backstage/config');
const { CacheManager } = require('@backstage/backend-defaults/cache');
const knexFactory = require('knex');
const { flagReader } = require('../lib/params');
const { machine } = require('../lib/machine');
const {
  writeJson,
  shownPath,
  verdictLines,
  labelledTable,
} = require('../lib/output');
const { gatewayConnection, collectingLogger } = require('../lib/gateway');

const REPO = path.resolve(__dirname, '..', '..');
const BACKEND = path.join(REPO, 'plugins/genesys-prompts-backend');
const MIGRATIONS = path.join(BACKEND, 'migrations');
const fromBackend = file => require(path.join(BACKEND, 'src', file));

const { startEmulator, demoPromptId, DEMO_PROMPT_NAMES } = require(path.join(
  REPO,
  'packages/genesys-emulator/src',
));
const { LlmGatewayClient } = fromBackend(
  'services/GenesysClient/GenesysClient',
);
const { definitionOf } = fromBackend('services/GenesysClient/definitions');
const { readResilienceConfig, readCacheTtlMs } = fromBackend('config');
const { PromptCatalogue } = fromBackend(
  'services/PromptCatalogue/PromptCatalogue',
);
const { PromptService } = fromBackend('services/PromptService/PromptService');
const { MetricsService } = fromBackend(
  'services/MetricsService/MetricsService',
);
const { resolveMetricsRange } = fromBackend(
  'services/MetricsService/MetricsRange',
);
const { PromptValidator } = fromBackend(
  'services/PromptValidator/PromptValidator',
);
const { VersionStore } = fromBackend('database/VersionStore');
const { ExperimentStore } = fromBackend('database/ExperimentStore');
const { GuardStore } = fromBackend('database/GuardStore');

const TOKEN_ROUTE = 'POST /oauth/token';
const LIST_ROUTE = 'GET /api/v2/ai/llm/prompts';
const METRICS_ROUTE = 'GET /api/v2/ai/llm/metrics';
const TARGET_COLD = 2;
const TARGET_WARM = 0;
const TARGET_NEW_RANGE = 1;
const ANNOTATION = 'genesys.cloud/llm-prompts';
const REQUEST_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------- parameters

function readParams(argv, env) {
  const { value, number, onOff, repoPath } = flagReader(argv, env, {
    envPrefix: 'BENCH_METRICS_CALLS_',
    known: [
      'prompts',
      'extra',
      'ttl',
      'peak',
      'days',
      'expired',
      'timeout',
      'out',
    ],
  });
  const nonNegative = (key, fallback) => {
    const raw = value(key, fallback);
    const n = Number(raw);
    if (!(n >= 0) || !Number.isInteger(n)) {
      throw new Error(
        `--${key} must be zero or a positive integer, got '${raw}'`,
      );
    }
    return n;
  };
  const expired = onOff('expired', 'off');
  const params = {
    prompts: number('prompts', 10),
    // Prompts in the organisation that the entity does not name.
    extra: nonNegative('extra', 0),
    ttlSeconds: number('ttl', 60, { integer: false }),
    peakPerHour: number('peak', 120, { integer: false }),
    trafficDays: number('days', 3, { integer: false }),
    // Also wait out the TTL and view the page once more (cold again).
    expired,
    timeoutSeconds: number('timeout', 120, { integer: false }),
    out: repoPath('out', 'bench/results/metrics-calls.json'),
  };
  if (params.prompts > 100) {
    // One listing page holds 100 prompts; the metrics route takes 100 ids.
    throw new Error('--prompts must be at most 100');
  }
  if (params.expired) {
    params.timeoutSeconds = Math.max(
      params.timeoutSeconds,
      params.ttlSeconds + 60,
    );
  }
  return params;
}

// ------------------------------------------------------------------- helpers

const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const log = line => process.stdout.write(`${line}\n`);

/** The emulator's request log since the last clear, by route. */
function upstreamCalls(emulator) {
  const { counts, entries } = emulator.requestLog();
  const byRoute = {};
  let upstream = 0;
  let token = 0;
  let non2xx = 0;
  for (const [route, byStatus] of Object.entries(counts)) {
    const n = Object.values(byStatus).reduce((a, b) => a + b, 0);
    for (const [status, k] of Object.entries(byStatus)) {
      if (!status.startsWith('2')) non2xx += k;
    }
    byRoute[route] = n;
    if (route === TOKEN_ROUTE) token += n;
    else upstream += n;
  }
  return {
    upstream,
    token,
    non2xx,
    byRoute,
    byStatus: counts,
    requests: entries.map(e => ({
      route: e.route,
      status: e.status,
      query: e.query,
    })),
  };
}

// --------------------------------------------------------------------- setup

/**
 * The 5 seeded demo prompts plus created ones (through a separate client, so
 * a separate token: the measured gateway starts cold), all on one entity's
 * annotation, with traffic that started `--days` ago.
 */
async function prepare(emulator, params) {
  const setupClient = new LlmGatewayClient(
    gatewayConnection(emulator.url, REQUEST_TIMEOUT_MS),
    readResilienceConfig(new ConfigReader({})),
  );
  const names = DEMO_PROMPT_NAMES.slice(0, params.prompts);
  const ids = names.map(name => demoPromptId(name));
  const templates = [];
  for (const id of ids)
    templates.push(definitionOf(await setupClient.getPrompt(id)));
  for (let i = names.length; i < params.prompts; i++) {
    const created = await setupClient.createPrompt({
      ...templates[i % templates.length],
      name: `bench-insights-${String(i + 1).padStart(3, '0')}`,
    });
    names.push(created.name);
    ids.push(created.id);
  }
  // Organisation prompts the entity does not name: the catalogue lists them too.
  for (let i = 0; i < params.extra; i++) {
    await setupClient.createPrompt({
      ...templates[i % templates.length],
      name: `bench-insights-org-${String(i + 1).padStart(4, '0')}`,
    });
  }
  const orgPrompts = (await setupClient.listPrompts()).length;
  const startsAt = new Date(
    Date.now() - params.trafficDays * 86_400_000,
  ).toISOString();
  // The demo prompts keep their seeded traffic (since 2025); the created ones
  // get a daily curve from `startsAt`, so every row of the card has numbers.
  emulator.mergeTraffic({
    prompts: Object.fromEntries(
      ids
        .slice(Math.min(DEMO_PROMPT_NAMES.length, params.prompts))
        .map(id => [id, { peakPerHour: params.peakPerHour, startsAt }]),
    ),
  });
  const setup = upstreamCalls(emulator);
  emulator.clearRequestLog();
  return {
    names,
    ids,
    startsAt,
    setup: {
      demoPrompts: Math.min(DEMO_PROMPT_NAMES.length, params.prompts),
      createdPrompts: Math.max(0, params.prompts - DEMO_PROMPT_NAMES.length),
      orgOnlyPromptsCreated: params.extra,
      orgPrompts,
      listingPagesPerRead: Math.max(1, Math.ceil(orgPrompts / 100)),
      upstreamRequests: setup.upstream + setup.token,
      byRoute: setup.byRoute,
    },
  };
}

/** The services as plugin.ts wires them, over a real Backstage cache and an in-memory database. */
async function buildServices(emulator, params) {
  const config = new ConfigReader({
    genesysPrompts: { cache: { ttlSeconds: params.ttlSeconds } },
  });
  const cacheTtlMs = readCacheTtlMs(config);
  const cache = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
    'genesys-prompts',
  );
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await knex.migrate.latest({ directory: MIGRATIONS });
  const { logger, lines } = collectingLogger();
  const gateway = new LlmGatewayClient(
    gatewayConnection(emulator.url, REQUEST_TIMEOUT_MS),
    readResilienceConfig(config),
    logger,
  );
  const versions = new VersionStore(knex);
  const validator = PromptValidator.fromConfig(config);
  const catalogue = new PromptCatalogue(gateway, cache, cacheTtlMs);
  const metricsService = new MetricsService({
    gateway,
    catalogue,
    cache,
    cacheTtlMs,
    versions,
    experiments: new ExperimentStore(knex),
    guard: new GuardStore(knex),
  });
  const promptService = new PromptService(
    gateway,
    catalogue,
    versions,
    validator,
  );
  return {
    knex,
    gateway,
    cacheTtlMs,
    promptService,
    metricsService,
    loggerLines: lines,
  };
}

// -------------------------------------------------------------------- phases

/**
 * One page view: the Prompts tab and the metric card requested concurrently
 * (the range resolved per request, as the router does), then the upstream
 * requests they caused.
 */
async function pageView(emulator, services, entity, label, rangeQuery) {
  emulator.clearRequestLog();
  const started = performance.now();
  const range = resolveMetricsRange(rangeQuery);
  const [tab, card] = await Promise.all([
    services.promptService.listEntityPrompts(entity),
    services.metricsService.entityMetrics(entity, range),
  ]);
  const ms = round(performance.now() - started, 1);
  const calls = upstreamCalls(emulator);
  const requestsOnCard = card.items.reduce(
    (a, item) => a + item.totals.requests,
    0,
  );
  return {
    phase: label,
    rangeQuery,
    range: {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      granularity: range.granularity,
    },
    milliseconds: ms,
    tab: {
      rows: tab.items.length,
      found: tab.items.filter(item => !item.notFound).length,
    },
    card: {
      rows: card.items.length,
      rowsWithTraffic: card.items.filter(item => item.totals.requests > 0)
        .length,
      conversations: requestsOnCard,
      buckets: card.items[0]?.series.length ?? 0,
    },
    upstreamCalls: calls.upstream,
    tokenCalls: calls.token,
    non2xx: calls.non2xx,
    byRoute: calls.byRoute,
    byStatus: calls.byStatus,
    requests: calls.requests,
  };
}

function verdicts(phases, params, setup) {
  const [cold, warm, newRange, newRangeWarm, afterTtl] = phases;
  const metricsOnly = p => p.upstreamCalls === (p.byRoute[METRICS_ROUTE] ?? 0);
  const complete = p =>
    p.tab.found === params.prompts && p.card.rows === params.prompts;
  return {
    cold: {
      target: `upstream calls (token excluded) <= ${TARGET_COLD}`,
      value: cold.upstreamCalls,
      verdict:
        cold.upstreamCalls <= TARGET_COLD && complete(cold) ? 'PASS' : 'FAIL',
    },
    warm: {
      target: `upstream calls within the TTL = ${TARGET_WARM}`,
      value: warm.upstreamCalls,
      sameRangeAsCold: warm.range.to === cold.range.to,
      verdict:
        warm.upstreamCalls === TARGET_WARM && complete(warm) ? 'PASS' : 'FAIL',
    },
    newCardRange: {
      target: `a 7-day P1D card range costs exactly ${TARGET_NEW_RANGE} more call, a metrics call`,
      value: newRange.upstreamCalls,
      byRoute: newRange.byRoute,
      verdict:
        newRange.upstreamCalls === TARGET_NEW_RANGE &&
        metricsOnly(newRange) &&
        complete(newRange)
          ? 'PASS'
          : 'FAIL',
    },
    newCardRangeWarm: {
      target: `that range again within the TTL = ${TARGET_WARM}`,
      value: newRangeWarm.upstreamCalls,
      verdict: newRangeWarm.upstreamCalls === TARGET_WARM ? 'PASS' : 'FAIL',
    },
    ...(afterTtl
      ? {
          afterTtl: {
            target: `after the TTL the cache has expired: as cold (${
              setup.listingPagesPerRead
            } listing + 1 metrics = ${setup.listingPagesPerRead + 1})`,
            value: afterTtl.upstreamCalls,
            verdict:
              afterTtl.upstreamCalls === setup.listingPagesPerRead + 1
                ? 'PASS'
                : 'FAIL',
          },
        }
      : {}),
  };
}

function printTable(report) {
  const phases = report.phases;
  const routes = [...new Set(phases.flatMap(p => Object.keys(p.byRoute)))].sort(
    (a, b) => (a === TOKEN_ROUTE) - (b === TOKEN_ROUTE) || a.localeCompare(b),
  );
  const rows = [
    ['card range', p => `${p.range.granularity} ${p.card.buckets} buckets`],
    ['upstream calls (no token)', p => p.upstreamCalls],
    ...routes.map(route => [`  ${route}`, p => p.byRoute[route] ?? 0]),
    ['non-2xx answers', p => p.non2xx],
    ['tab rows found / shown', p => `${p.tab.found}/${p.tab.rows}`],
    ['card rows with traffic', p => `${p.card.rowsWithTraffic}/${p.card.rows}`],
    ['card conversations', p => p.card.conversations],
    ['ms (tab + card)', p => p.milliseconds],
  ];
  const out = [
    '',
    ...labelledTable(
      rows,
      phases.map(p => p.phase),
      phases,
    ),
  ];
  out.push('');
  out.push(...verdictLines(report.verdict));
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------- main

async function main() {
  const params = readParams(process.argv.slice(2), process.env);
  const cleanups = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `bench:metrics-calls: still running after ${params.timeoutSeconds} s, giving up\n`,
    );
    const hardStop = setTimeout(() => process.exit(2), 10_000);
    hardStop.unref();
    cleanup().finally(() => process.exit(2));
  }, params.timeoutSeconds * 1000);
  watchdog.unref();

  const startedAt = performance.now();
  const emulator = await startEmulator({ seed: true });
  cleanups.push(() => emulator.close());
  try {
    const prepared = await prepare(emulator, params);
    const services = await buildServices(emulator, params);
    cleanups.push(() => services.knex.destroy());
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'bench-insights',
        namespace: 'default',
        annotations: { [ANNOTATION]: prepared.names.join(', ') },
      },
      spec: { type: 'service', owner: 'group:default/bench' },
    };

    // What the card sends (presetRange in the frontend): from/to computed
    // when the range is chosen, PT1H for 24 hours, P1D for 7 days.
    const preset = (hours, granularity) => () => {
      const now = Date.now();
      return {
        from: new Date(now - hours * 3_600_000).toISOString(),
        to: new Date(now).toISOString(),
        granularity,
      };
    };
    const day = preset(24, 'PT1H');
    const week = preset(7 * 24, 'P1D');
    const phases = [];
    const phaseStarted = Date.now();
    phases.push(await pageView(emulator, services, entity, 'cold', day()));
    phases.push(await pageView(emulator, services, entity, 'warm', day()));
    phases.push(await pageView(emulator, services, entity, '7d P1D', week()));
    phases.push(
      await pageView(emulator, services, entity, '7d P1D warm', week()),
    );
    const withinTtlMs = Date.now() - phaseStarted;
    if (params.expired) {
      const waitMs = Math.max(
        0,
        phaseStarted + params.ttlSeconds * 1000 + 1000 - Date.now(),
      );
      log(`waiting ${round(waitMs / 1000, 1)} s for the cache TTL to pass`);
      await sleep(waitMs);
      phases.push(
        await pageView(emulator, services, entity, 'after TTL', day()),
      );
    }

    const report = {
      benchmark: 'metrics-calls',
      timestamp: new Date().toISOString(),
      totalSeconds: round((performance.now() - startedAt) / 1000),
      parameters: {
        prompts: params.prompts,
        extraOrgPrompts: params.extra,
        expiredPhase: params.expired,
        cacheTtlSeconds: params.ttlSeconds,
        cacheStore:
          'CacheManager.fromConfig({}) memory store, forPlugin(genesys-prompts)',
        trafficPeakPerHour: params.peakPerHour,
        trafficStartsAt: prepared.startsAt,
        timeoutSeconds: params.timeoutSeconds,
        annotation: entity.metadata.annotations[ANNOTATION],
        promptIds: prepared.ids,
        pageView:
          'Promise.all([PromptService.listEntityPrompts(entity), MetricsService.entityMetrics(entity, resolveMetricsRange(query))])',
        phasesWithinTtl: withinTtlMs < params.ttlSeconds * 1000,
        phasesMilliseconds: withinTtlMs,
      },
      setup: prepared.setup,
      machine: machine('node', 'platform', 'cpus'),
      targets: {
        coldAtMost: TARGET_COLD,
        warm: TARGET_WARM,
        newCardRange: TARGET_NEW_RANGE,
      },
      verdict: verdicts(phases, params, prepared.setup),
      gateway: services.gateway.health().counts,
      loggerWarnings: services.loggerLines.warn,
      loggerErrors: services.loggerLines.error,
      phases,
    };
    printTable(report);
    writeJson(params.out, report);
    log(`\nwrote ${shownPath(params.out)} (${report.totalSeconds} s)`);
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`bench:metrics-calls: ${error?.stack ?? error}\n`);
  process.exit(2);
});
