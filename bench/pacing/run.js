#!/usr/bin/env node
/*
 * Pacing benchmark (issue 3): N prompt updates against the Genesys emulator
 * at a limit of L requests per W-second window, through our LlmGatewayClient
 * and, in the same run, through a naive client (the tutorial's approach:
 * retry a 429 up to three times, honouring Retry-After). Prints a table and
 * writes bench/results/pacing.json. Figures, not a test: exits 0 whatever the
 * figures say (2 only if the run itself breaks or overruns its time limit).
 *
 *   node bench/pacing/run.js [--n 600] [--limit 100] [--window 10]
 *                            [--concurrency 20] [--ceiling 100000]
 *                            [--timeout 300] [--out bench/results/pacing.json]
 *
 * Every flag also reads from the environment: BENCH_PACING_N, _LIMIT,
 * _WINDOW, _CONCURRENCY, _CEILING, _TIMEOUT, _OUT. Quick trial:
 *   node bench/pacing/run.js --n 60 --limit 20 --window 2
 */
'use strict';

// Runs the TypeScript sources directly, as packages/genesys-emulator/bin does.
require('@backstage/cli/config/nodeTransform.cjs');

const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { ConfigReader } = require('@backstage/config');
const { flagReader } = require('../lib/params');
const { machine } = require('../lib/machine');
const { writeJson, shownPath } = require('../lib/output');
const { gatewayConnection, collectingLogger } = require('../lib/gateway');

const REPO = path.resolve(__dirname, '..', '..');
const {
  startEmulator,
  demoPromptId,
  DEMO_PROMPT_NAMES,
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
} = require(path.join(REPO, 'packages/genesys-emulator/src'));
const { LlmGatewayClient } = require(path.join(
  REPO,
  'plugins/genesys-prompts-backend/src/services/GenesysClient/GenesysClient',
));
const { definitionOf } = require(path.join(
  REPO,
  'plugins/genesys-prompts-backend/src/services/GenesysClient/definitions',
));
const { readResilienceConfig } = require(path.join(
  REPO,
  'plugins/genesys-prompts-backend/src/config',
));

const PUT_ROUTE = 'PUT /api/v2/ai/llm/prompts/{id}';
const TOKEN_ROUTE = 'POST /oauth/token';
const TARGET_RATIO = 1.1;
const TARGET_429_PER_WINDOW = 1;
const NAIVE_MAX_RETRIES = 3;
const REQUEST_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------- parameters

function readParams(argv, env) {
  const { number, repoPath } = flagReader(argv, env, {
    envPrefix: 'BENCH_PACING_',
    known: ['n', 'limit', 'window', 'concurrency', 'ceiling', 'timeout', 'out'],
  });
  return {
    n: number('n', 600),
    limit: number('limit', 100),
    windowSeconds: number('window', 10, { integer: false }),
    concurrency: number('concurrency', 20),
    // The client's own ceiling (genesysPrompts.rateLimit.requestsPerMinute,
    // default 300) is lifted so that only the upstream's headers pace it.
    clientRequestsPerMinute: number('ceiling', 100_000),
    timeoutSeconds: number('timeout', 300, { integer: false }),
    out: repoPath('out', 'bench/results/pacing.json'),
  };
}

// ------------------------------------------------------------------- helpers

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function countsTotal(counts, filter = () => true) {
  let total = 0;
  for (const [route, byStatus] of Object.entries(counts)) {
    for (const [status, n] of Object.entries(byStatus)) {
      if (filter(route, status)) total += n;
    }
  }
  return total;
}

/** Updates per worker: N spread as evenly as possible over C workers. */
function shares(n, workers) {
  return Array.from(
    { length: workers },
    (_, i) => Math.floor(n / workers) + (i < n % workers ? 1 : 0),
  );
}

/**
 * Replays the emulator's fixed windows over the logged API requests of one
 * access token: a window opens at the first request after the previous one
 * closed and lasts W seconds.
 */
function perWindow(entries, windowSeconds, phaseStartMs) {
  const windowMs = windowSeconds * 1000;
  const windows = [];
  let current;
  for (const entry of entries) {
    if (entry.route === TOKEN_ROUTE) continue;
    const t = Date.parse(entry.time);
    if (!current || t >= current.startMs + windowMs) {
      const previousEnd = current ? current.startMs + windowMs : phaseStartMs;
      current = {
        startMs: t,
        idleBeforeMs: t - previousEnd,
        requests: 0,
        ok: 0,
        tooMany: 0,
        other: 0,
        secondMs: undefined,
        lastMs: 0,
      };
      windows.push(current);
    }
    current.requests += 1;
    if (current.requests === 2) current.secondMs = t - current.startMs;
    if (entry.status >= 200 && entry.status < 300) current.ok += 1;
    else if (entry.status === 429) current.tooMany += 1;
    else current.other += 1;
    current.lastMs = t - current.startMs;
  }
  return windows.map((w, index) => ({
    window: index + 1,
    startS: round((w.startMs - phaseStartMs) / 1000),
    idleBeforeMs: w.idleBeforeMs,
    requests: w.requests,
    ok: w.ok,
    tooMany: w.tooMany,
    other: w.other,
    // How long the window's first request stood alone (a cold pacer waits for
    // its answer before sending more).
    secondAfterMs: w.secondMs ?? null,
    burstMs: w.lastMs,
  }));
}

// --------------------------------------------------------------------- setup

/**
 * One prompt per worker, so each worker's revisions stay its own: the seeded
 * demo prompts (read once each) plus created ones. Done by a separate client
 * instance, i.e. a separate access token and so a separate upstream rate
 * window: the timed phase starts cold, as a bulk job would.
 */
async function preparePrompts(emulator, params, resilience) {
  const client = new LlmGatewayClient(
    gatewayConnection(emulator.url, REQUEST_TIMEOUT_MS),
    resilience,
  );
  const prompts = [];
  for (const name of DEMO_PROMPT_NAMES.slice(0, params.concurrency)) {
    const prompt = await client.getPrompt(demoPromptId(name));
    prompts.push({
      id: prompt.id,
      revision: prompt.revision,
      definition: definitionOf(prompt),
    });
  }
  for (let i = prompts.length; i < params.concurrency; i++) {
    const template = prompts[i % DEMO_PROMPT_NAMES.length].definition;
    const created = await client.createPrompt({
      ...template,
      name: `bench-pacing-${String(i + 1).padStart(3, '0')}`,
    });
    prompts.push({
      id: created.id,
      revision: created.revision,
      definition: definitionOf(created),
    });
  }
  const log = emulator.requestLog();
  const setup = {
    demoPromptsRead: Math.min(DEMO_PROMPT_NAMES.length, params.concurrency),
    promptsCreated: Math.max(0, params.concurrency - DEMO_PROMPT_NAMES.length),
    upstreamRequests: log.entries.length,
    counts: log.counts,
  };
  emulator.clearRequestLog();
  return { client, prompts, setup };
}

/** After the timed phase: what the upstream holds matches what we were told. */
async function verify(client, prompts, initial) {
  let appliedUpdates = 0;
  const mismatches = [];
  for (const [i, prompt] of prompts.entries()) {
    const upstream = await client.getPrompt(prompt.id);
    appliedUpdates += upstream.revision - initial[i];
    if (upstream.revision !== prompt.revision) {
      mismatches.push({
        id: prompt.id,
        known: prompt.revision,
        upstream: upstream.revision,
      });
    }
  }
  return { appliedUpdates, revisionMismatches: mismatches };
}

// ------------------------------------------------------------- the two runs

/** C workers, each updating its own prompt sequentially. */
async function runWorkers(prompts, counts, update) {
  let sequence = 0;
  const outcome = { succeeded: 0, failed: 0, errors: {} };
  await Promise.all(
    prompts.map(async (prompt, worker) => {
      for (let k = 0; k < counts[worker]; k++) {
        const seq = ++sequence;
        const definition = { ...prompt.definition, version: `bench-${seq}` };
        try {
          prompt.revision = await update(prompt, definition);
          prompt.definition = definition;
          outcome.succeeded += 1;
        } catch (error) {
          outcome.failed += 1;
          const key = String(error?.message ?? error).slice(0, 200);
          outcome.errors[key] = (outcome.errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  return outcome;
}

async function runOurs(emulator, prompts, params, resilience) {
  const { logger, lines } = collectingLogger();
  const client = new LlmGatewayClient(
    gatewayConnection(emulator.url, REQUEST_TIMEOUT_MS),
    resilience,
    logger,
  );
  const phaseStartMs = Date.now();
  const started = performance.now();
  const outcome = await runWorkers(
    prompts,
    shares(params.n, prompts.length),
    async (prompt, definition) => {
      const updated = await client.updatePrompt(
        prompt.id,
        definition,
        prompt.revision,
      );
      return updated.revision;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    phaseStartMs,
    outcome,
    log: emulator.requestLog(),
    clientReported: {
      tooManyRequests: client.health().counts.tooManyRequests,
      health: client.health(),
      warnings: lines.warn.length,
      errors: lines.error.length,
    },
  };
}

/**
 * The tutorial's client: one token, fetch each PUT, on 429 wait Retry-After
 * seconds and retry, at most three retries; then the update has failed.
 */
async function runNaive(emulator, prompts, params) {
  const phaseStartMs = Date.now();
  const started = performance.now();
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
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!tokenResponse.ok)
    throw new Error(`naive: token request answered ${tokenResponse.status}`);
  const token = (await tokenResponse.json()).access_token;
  let tooManyRequests = 0;
  let retries = 0;

  const outcome = await runWorkers(
    prompts,
    shares(params.n, prompts.length),
    async (prompt, definition) => {
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(
          `${emulator.url}/api/v2/ai/llm/prompts/${prompt.id}`,
          {
            method: 'PUT',
            headers: {
              Authorization: `Bearer ${token}`,
              'Content-Type': 'application/json',
              Accept: 'application/json',
            },
            body: JSON.stringify({ ...definition, revision: prompt.revision }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          },
        );
        const text = await response.text();
        if (response.ok) return JSON.parse(text).revision;
        if (response.status === 429) {
          tooManyRequests += 1;
          if (attempt < NAIVE_MAX_RETRIES) {
            retries += 1;
            await sleep(
              Number(response.headers.get('retry-after') ?? 1) * 1000,
            );
            continue;
          }
        }
        throw new Error(
          `naive: ${response.status} after ${attempt + 1} attempt(s)`,
        );
      }
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    phaseStartMs,
    outcome,
    log: emulator.requestLog(),
    clientReported: { tooManyRequests, retries },
  };
}

/** A fresh emulator per client: no token, window or data carries over. */
async function phase(name, params, resilience, run) {
  const emulator = await startEmulator({
    seed: true,
    rateLimit: { allowed: params.limit, windowSeconds: params.windowSeconds },
  });
  try {
    const {
      client: setupClient,
      prompts,
      setup,
    } = await preparePrompts(emulator, params, resilience);
    const initial = prompts.map(p => p.revision);
    process.stdout.write(
      `${name}: ${params.n} updates over ${prompts.length} prompts, concurrency ${prompts.length} ...\n`,
    );
    const result = await run(emulator, prompts);
    const verification = await verify(setupClient, prompts, initial);
    return summarise(name, params, setup, result, verification);
  } finally {
    await emulator.close();
  }
}

function summarise(name, params, setup, result, verification) {
  const { counts, entries } = result.log;
  const minimum = (params.n / params.limit) * params.windowSeconds;
  const windowsElapsed = Math.max(
    1,
    Math.ceil(result.seconds / params.windowSeconds),
  );
  const tooMany = countsTotal(counts, (_, status) => status === '429');
  const windows = perWindow(entries, params.windowSeconds, result.phaseStartMs);
  return {
    client: name,
    totalSeconds: round(result.seconds),
    ratio: round(result.seconds / minimum),
    tooManyRequests: tooMany,
    tooManyRequestsOnPut: counts[PUT_ROUTE]?.['429'] ?? 0,
    windowsElapsed,
    tooManyPerWindow: round(tooMany / windowsElapsed),
    updatesSucceeded: result.outcome.succeeded,
    failedUpdates: result.outcome.failed,
    failureReasons: result.outcome.errors,
    upstreamRequests: countsTotal(counts),
    upstreamApiRequests: countsTotal(counts, route => route !== TOKEN_ROUTE),
    requestCounts: counts,
    clientReported: result.clientReported,
    setup,
    verification,
    perWindow: windows,
  };
}

// -------------------------------------------------------------------- output

function printTable(report) {
  const { ours, naive } = report.results;
  const rows = [
    ['total seconds', r => r.totalSeconds.toFixed(2)],
    [
      `ratio (÷ ${report.physicalMinimumSeconds} s minimum)`,
      r => r.ratio.toFixed(3),
    ],
    ['429s received (emulator log)', r => r.tooManyRequests],
    ['429s counted by the client', r => r.clientReported.tooManyRequests],
    ['windows elapsed', r => r.windowsElapsed],
    ['429s per window', r => r.tooManyPerWindow.toFixed(2)],
    ['updates succeeded', r => r.updatesSucceeded],
    ['failed updates', r => r.failedUpdates],
    ['upstream requests (incl. token)', r => r.upstreamRequests],
    ['setup requests (not timed)', r => r.setup.upstreamRequests],
    ['applied upstream (verified)', r => r.verification.appliedUpdates],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const line = (a, b, c) =>
    `  ${a.padEnd(width)}  ${String(b).padStart(10)}  ${String(c).padStart(
      10,
    )}`;
  const out = [
    '',
    line('', 'ours', 'naive'),
    line('-'.repeat(width), '-'.repeat(10), '-'.repeat(10)),
  ];
  for (const [label, get] of rows) out.push(line(label, get(ours), get(naive)));
  out.push('');
  for (const r of [ours, naive]) {
    out.push(
      `  ${r.client}: per window (start s, idle before ms, requests, 2xx, 429, 2nd request after ms, last request after ms)`,
    );
    for (const w of r.perWindow) {
      out.push(
        `    #${String(w.window).padEnd(3)} ${w.startS
          .toFixed(3)
          .padStart(8)}  ${String(w.idleBeforeMs).padStart(6)}  ${String(
          w.requests,
        ).padStart(4)}  ${String(w.ok).padStart(4)}  ${String(
          w.tooMany,
        ).padStart(4)}  ${String(w.secondAfterMs ?? '-').padStart(5)}  ${String(
          w.burstMs,
        ).padStart(6)}`,
      );
    }
  }
  out.push('');
  out.push(
    `  target ratio ≤ ${TARGET_RATIO}: ${report.verdict.ratio}   target ≤ ${TARGET_429_PER_WINDOW} 429 per window: ${report.verdict.tooManyPerWindow}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------- main

async function main() {
  const params = readParams(process.argv.slice(2), process.env);
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `bench:pacing: still running after ${params.timeoutSeconds} s, giving up\n`,
    );
    process.exit(2);
  }, params.timeoutSeconds * 1000);
  watchdog.unref();

  const resilience = readResilienceConfig(
    new ConfigReader({
      genesysPrompts: {
        rateLimit: { requestsPerMinute: params.clientRequestsPerMinute },
      },
    }),
  );
  const ours = await phase('ours', params, resilience, (emulator, prompts) =>
    runOurs(emulator, prompts, params, resilience),
  );
  const naive = await phase('naive', params, resilience, (emulator, prompts) =>
    runNaive(emulator, prompts, params),
  );
  clearTimeout(watchdog);

  const minimum = (params.n / params.limit) * params.windowSeconds;
  const report = {
    benchmark: 'pacing',
    timestamp: new Date().toISOString(),
    parameters: {
      updates: params.n,
      rateLimit: { allowed: params.limit, windowSeconds: params.windowSeconds },
      concurrency: params.concurrency,
      promptsPerWorker: 1,
      clientRequestsPerMinuteCeiling: params.clientRequestsPerMinute,
      clientResilience: resilience,
      naiveMaxRetries: NAIVE_MAX_RETRIES,
      emulator: 'fresh instance per client, seed: true',
    },
    machine: machine('node', 'platform', 'cpus', 'cpuModel', 'memoryGb'),
    physicalMinimumSeconds: minimum,
    // A fixed window opens at its first request, so the last window's batch
    // needs only its own latency: the real floor is one window lower.
    lowerBoundSeconds:
      (Math.ceil(params.n / params.limit) - 1) * params.windowSeconds,
    targets: {
      ratioAtMost: TARGET_RATIO,
      tooManyPerWindowAtMost: TARGET_429_PER_WINDOW,
    },
    verdict: {
      ratio: ours.ratio <= TARGET_RATIO ? 'PASS' : 'FAIL',
      tooManyPerWindow:
        ours.tooManyPerWindow <= TARGET_429_PER_WINDOW ? 'PASS' : 'FAIL',
    },
    results: { ours, naive },
  };
  printTable(report);
  writeJson(params.out, report);
  process.stdout.write(`\nwrote ${shownPath(params.out)}\n`);
}

main().catch(error => {
  process.stderr.write(`bench:pacing: ${error?.stack ?? error}\n`);
  process.exit(2);
});
