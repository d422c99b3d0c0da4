#!/usr/bin/env node
/*
 * Details analysis benchmark (insights issue: "Details analysis over 100,000
 * conversations (1,000 pages): memory growth < 50 MB and time <= 1.1 x the
 * time to fetch the pages alone").
 *
 * One prompt of the Genesys emulator gets a flat stream of R conversations a
 * second for N / R seconds, ending a few seconds ago (so the set is fixed),
 * and the same details query is walked, alternately:
 * - "fetch": LlmGatewayClient.queryConversationDetails, first page by body,
 *   then each nextPageUri, as the analyzer pages, counting the conversations
 *   and dropping them;
 * - "analyze": analyzeConversationDetails(gateway, { promptIds, start, end }),
 *   while heapUsed is sampled every 50 ms (a forced GC before each pass).
 * A warm-up pass of each comes first (the emulator computes and memoizes the
 * selection; the JIT warms up), then --rounds rounds of fetch/analyze. Then
 * the pages of one more fetch are recorded and replayed from memory to the
 * fetch loop and to the analyzer (--replay repetitions each): the difference
 * is the analyzer's own cost, free of the network's noise.
 *
 * The emulator runs in a child process by default, so its CPU and heap are not
 * counted in this process's figures (--emulator inline to run it here).
 *
 * Prints a table and writes bench/results/details.json. Figures, not a test:
 * exits 0 whatever the figures say (2 only if the run itself breaks or
 * overruns its time limit).
 *
 *   node --expose-gc bench/insights/details.js [--conversations 100000]
 *        [--rate 1000] [--rounds 7] [--sample-ms 50] [--emulator child|inline]
 *        [--replay 5]
 *        [--timeout 900] [--out bench/results/details.json]
 *
 * Every flag also reads from the environment: BENCH_DETAILS_CONVERSATIONS,
 * _RATE, _ROUNDS, _SAMPLE_MS, _EMULATOR, _REPLAY, _TIMEOUT, _OUT. Quick trial (~5 s):
 *   node --expose-gc bench/insights/details.js --conversations 10000
 */
'use strict';

// Runs the TypeScript sources directly (see bench/pacing/run.js).
require('@backstage/cli/config/nodeTransform.cjs');

const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { fork } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { ConfigReader } = require('@backstage/config');
const { flagReader } = require('../lib/params');
const { median } = require('../lib/stats');
const { machine, loadAverage } = require('../lib/machine');
const { writeJson, shownPath, verdictLines } = require('../lib/output');
const { gatewayConnection } = require('../lib/gateway');

const REPO = path.resolve(__dirname, '..', '..');
const BACKEND = path.join(REPO, 'plugins/genesys-prompts-backend');
const fromBackend = file => require(path.join(BACKEND, 'src', file));
const EMULATOR = path.join(REPO, 'packages/genesys-emulator/src');

const CHILD_ENV = 'BENCH_DETAILS_EMULATOR_CHILD';
const DETAILS_ROUTE = 'POST /api/v2/analytics/conversations/details/query';
const TOKEN_ROUTE = 'POST /oauth/token';
const PAGE_SIZE = 100; // the analyzer's page size (ConversationDetailsAnalyzer.ts)
const TARGET_GROWTH_MB = 50;
const TARGET_RATIO = 1.1;
// How far before "now" the interval ends: nothing after it can change.
const END_LAG_MS = 5_000;
const EMULATOR_RATE_LIMIT = { allowed: 1_000_000, windowSeconds: 60 };
const REQUEST_TIMEOUT_MS = 30_000;

// ------------------------------------------------------------ emulator child

/**
 * The emulator in its own process: started with the options in argv[2],
 * answering the parent's messages (traffic, request log, memory, close).
 */
async function runEmulatorChild() {
  const { startEmulator } = require(EMULATOR);
  const emulator = await startEmulator(JSON.parse(process.argv[2] ?? '{}'));
  process.on('message', async message => {
    const reply = body => process.send({ id: message.id, ...body });
    try {
      switch (message.command) {
        case 'mergeTraffic':
          emulator.mergeTraffic(message.traffic);
          return reply({ ok: true });
        case 'counts':
          return reply({ ok: true, value: emulator.requestLog().counts });
        case 'clearRequestLog':
          emulator.clearRequestLog();
          return reply({ ok: true });
        case 'memory':
          return reply({ ok: true, value: process.memoryUsage() });
        case 'close':
          await emulator.close();
          reply({ ok: true });
          return process.disconnect();
        default:
          return reply({ ok: false, error: `unknown ${message.command}` });
      }
    } catch (error) {
      return reply({ ok: false, error: String(error?.stack ?? error) });
    }
  });
  process.on('disconnect', () => {
    emulator.close().finally(() => process.exit(0));
  });
  process.send({ ready: true, url: emulator.url });
}

/** A handle on the emulator, in a child process or in this one. */
async function startBenchEmulator(mode, options) {
  if (mode === 'inline') {
    const { startEmulator } = require(EMULATOR);
    const emulator = await startEmulator(options);
    return {
      url: emulator.url,
      mode,
      mergeTraffic: async traffic => emulator.mergeTraffic(traffic),
      counts: async () => emulator.requestLog().counts,
      clearRequestLog: async () => emulator.clearRequestLog(),
      memory: async () => undefined,
      close: () => emulator.close(),
    };
  }
  const child = fork(__filename, [JSON.stringify(options)], {
    env: { ...process.env, [CHILD_ENV]: '1' },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let nextId = 0;
  let exited = false;
  const url = await new Promise((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`the emulator child exited with ${code}`)),
    );
    child.on('message', message => {
      if (message.ready) resolve(message.url);
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
  });
  child.on('exit', () => {
    exited = true;
    for (const waiter of pending.values()) {
      waiter.reject(new Error('the emulator child exited'));
    }
    pending.clear();
  });
  const call = (command, extra = {}) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('the emulator child exited'));
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, command, ...extra });
    });
  return {
    url,
    mode,
    pid: child.pid,
    mergeTraffic: traffic => call('mergeTraffic', { traffic }),
    counts: () => call('counts'),
    clearRequestLog: () => call('clearRequestLog'),
    memory: () => call('memory'),
    close: async () => {
      if (exited) return;
      const gone = new Promise(resolve => child.once('exit', resolve));
      await Promise.race([
        call('close').catch(() => {}),
        new Promise(resolve => setTimeout(resolve, 5_000)),
      ]);
      if (!exited) child.kill();
      await gone;
    },
  };
}

// ---------------------------------------------------------------- parameters

function readParams(argv, env) {
  const { number, either, repoPath } = flagReader(argv, env, {
    envPrefix: 'BENCH_DETAILS_',
    known: [
      'conversations',
      'rate',
      'rounds',
      'sample-ms',
      'emulator',
      'replay',
      'timeout',
      'out',
    ],
  });
  const emulator = either('emulator', 'child', ['child', 'inline']);
  const params = {
    conversations: number('conversations', 100_000),
    ratePerSecond: number('rate', 1000, { integer: false }),
    rounds: number('rounds', 7),
    replayRepetitions: number('replay', 5),
    sampleMs: number('sample-ms', 50),
    emulator,
    timeoutSeconds: number('timeout', 900, { integer: false }),
    out: repoPath('out', 'bench/results/details.json'),
  };
  if (params.ratePerSecond > 10_000) {
    throw new Error('--rate must be at most 10000 (the emulator maximum)');
  }
  return params;
}

// ------------------------------------------------------------------- helpers

const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = bytes => round(bytes / 2 ** 20, 1);
const log = line => process.stdout.write(`${line}\n`);

/** The global gc (node --expose-gc), or the same enabled at run time. */
const gc = (() => {
  if (typeof global.gc === 'function') return global.gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return undefined;
  }
})();

function fullGc() {
  if (!gc) return;
  // Twice: the first pass may only free what finalizers then release.
  gc();
  gc();
}

/** heapUsed sampled every `intervalMs` from a timer (the walk awaits each page, so timers run). */
function heapSampler(intervalMs) {
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakRss = start.rss;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples += 1;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const end = process.memoryUsage();
      return {
        samples,
        heapUsedStart: start.heapUsed,
        heapUsedPeak: peakHeap,
        heapUsedEnd: end.heapUsed,
        rssStart: start.rss,
        rssPeak: peakRss,
      };
    },
  };
}

function routeTotals(counts) {
  const totals = {};
  for (const [route, byStatus] of Object.entries(counts)) {
    totals[route] = Object.values(byStatus).reduce((a, b) => a + b, 0);
  }
  return totals;
}

// ------------------------------------------------------------------- passes

/**
 * The pages alone: the analyzer's query (same body, same page size), the
 * first page by body and then each nextPageUri, stopping where the analyzer
 * stops; the conversations are counted and dropped.
 */
async function fetchAlone(gateway, request) {
  const query = pageNumber => ({
    query: {
      view: 'ai_llm_gateway',
      interval: `${request.start.toISOString()}/${request.end.toISOString()}`,
      order: 'asc',
      paging: { pageSize: PAGE_SIZE, pageNumber },
      filters: [
        { filterType: 'string', type: 'aiPromptId', values: request.promptIds },
      ],
    },
  });
  let conversations = 0;
  let pages = 0;
  let page = await gateway.queryConversationDetails(query(1));
  const totalHits = page.totalHits;
  for (;;) {
    pages += 1;
    conversations += page.conversations.length;
    const lastPage =
      page.conversations.length === 0 ||
      (!page.nextPageUri && pages * PAGE_SIZE >= page.totalHits) ||
      pages > Math.ceil(page.totalHits / PAGE_SIZE);
    if (lastPage) break;
    page = await gateway.queryConversationDetails(
      page.nextPageUri ? { nextPageUri: page.nextPageUri } : query(pages + 1),
    );
  }
  return { conversations, pages, totalHits };
}

/**
 * The start of the (n + 1)-th conversation of [start, latest) (one request
 * for its page), so that [start, it) holds n; `latest` if there are not more.
 */
async function endAfter(gateway, promptId, start, latest, n) {
  const page = await gateway.queryConversationDetails({
    query: {
      view: 'ai_llm_gateway',
      interval: `${start.toISOString()}/${latest.toISOString()}`,
      order: 'asc',
      paging: {
        pageSize: PAGE_SIZE,
        pageNumber: Math.floor(n / PAGE_SIZE) + 1,
      },
      filters: [
        { filterType: 'string', type: 'aiPromptId', values: [promptId] },
      ],
    },
  });
  const next = page.conversations[n % PAGE_SIZE];
  return next ? new Date(Date.parse(next.conversationStart)) : latest;
}

/** A gateway that records each details page it passes on, by request. */
function recordingGateway(gateway) {
  const pages = new Map();
  return {
    pages,
    queryConversationDetails: async page => {
      const answer = await gateway.queryConversationDetails(page);
      pages.set('nextPageUri' in page ? page.nextPageUri : 'first', answer);
      return answer;
    },
  };
}

/** A gateway that answers from recorded pages, without I/O. */
function replayGateway(pages) {
  return {
    queryConversationDetails: async page => {
      const answer = pages.get(
        'nextPageUri' in page ? page.nextPageUri : 'first',
      );
      if (!answer) throw new Error('replay: a page that was not recorded');
      return answer;
    },
  };
}

/**
 * The analyzer's own cost, without network noise: the recorded pages served
 * from memory to the fetch loop and to the analyzer, alternately; the
 * difference of the medians is what folding the conversations costs.
 */
async function replay(pages, request, analyze, repetitions) {
  const gateway = replayGateway(pages);
  const fetchMs = [];
  const analyzeMs = [];
  for (let i = 0; i < repetitions + 1; i++) {
    fullGc();
    let t = performance.now();
    const fetched = await fetchAlone(gateway, request);
    const f = performance.now() - t;
    fullGc();
    t = performance.now();
    const analysed = await analyze(gateway, request);
    const a = performance.now() - t;
    if (analysed.conversations !== fetched.conversations) {
      throw new Error('replay: the analyzer and the fetch loop disagree');
    }
    if (i === 0) continue; // warm-up
    fetchMs.push(f);
    analyzeMs.push(a);
  }
  const overheadMs = median(analyzeMs) - median(fetchMs);
  return {
    repetitions,
    pages: pages.size,
    fetchLoopMs: fetchMs.map(x => round(x, 2)),
    analyzeMs: analyzeMs.map(x => round(x, 2)),
    medianFetchLoopMs: round(median(fetchMs), 2),
    medianAnalyzeMs: round(median(analyzeMs), 2),
    foldOverheadMs: round(overheadMs, 2),
  };
}

async function timedPass(kind, run, emulator, sampleMs) {
  await emulator.clearRequestLog();
  fullGc();
  const sampler = heapSampler(sampleMs);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const m = sampler.stop();
  // The result is still referenced here: what stays after a GC is what the
  // pass kept (the analysis keeps per-prompt counts and histograms).
  fullGc();
  const retained = process.memoryUsage().heapUsed - m.heapUsedStart;
  const requests = routeTotals(await emulator.counts());
  const conversations = result.conversations;
  return {
    kind,
    seconds: round(seconds),
    // This process only (the client side; the emulator child is not counted).
    cpuSeconds: round((cpu.user + cpu.system) / 1e6),
    pages: result.pages,
    conversations,
    pagesPerSecond: round(result.pages / seconds, 1),
    upstreamDetailsRequests:
      (requests[DETAILS_ROUTE] ?? 0) +
      (requests[DETAILS_ROUTE.replace('POST', 'GET')] ?? 0),
    tokenRequests: requests[TOKEN_ROUTE] ?? 0,
    memory: {
      samples: m.samples,
      heapUsedStartMb: mb(m.heapUsedStart),
      heapUsedPeakMb: mb(m.heapUsedPeak),
      peakMinusStartMb: mb(m.heapUsedPeak - m.heapUsedStart),
      retainedAfterGcMb: mb(retained),
      rssPeakMinusStartMb: mb(m.rssPeak - m.rssStart),
    },
    result,
  };
}

// ---------------------------------------------------------------------- main

let cleanup;

async function main() {
  const params = readParams(process.argv.slice(2), process.env);
  const { LlmGatewayClient } = fromBackend(
    'services/GenesysClient/GenesysClient',
  );
  const { definitionOf } = fromBackend('services/GenesysClient/definitions');
  const { readResilienceConfig } = fromBackend('config');
  const { analyzeConversationDetails } = fromBackend(
    'services/MetricsService/ConversationDetailsAnalyzer',
  );
  const { demoPromptId, DEMO_PROMPT_NAMES } = require(EMULATOR);

  const cleanups = [];
  cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `bench:details: still running after ${params.timeoutSeconds} s, giving up\n`,
    );
    const hardStop = setTimeout(() => process.exit(2), 10_000);
    hardStop.unref();
    cleanup().finally(() => process.exit(2));
  }, params.timeoutSeconds * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      cleanup().finally(() => process.exit(130));
    });
  }

  const startedAt = performance.now();
  const loadAtStart = loadAverage();
  const emulator = await startBenchEmulator(params.emulator, {
    rateLimit: EMULATOR_RATE_LIMIT,
    seed: true,
  });
  cleanups.push(() => emulator.close());

  // Pacing must not dominate: our own ceiling lifted (the upstream allows 1M/min).
  const resilience = {
    ...readResilienceConfig(new ConfigReader({})),
    requestsPerMinute: 1e9,
  };
  const gateway = new LlmGatewayClient(
    gatewayConnection(emulator.url, REQUEST_TIMEOUT_MS),
    resilience,
  );

  // A prompt of its own, so no seeded stream lands in the selection.
  const template = definitionOf(
    await gateway.getPrompt(demoPromptId(DEMO_PROMPT_NAMES[0])),
  );
  const prompt = await gateway.createPrompt({
    ...template,
    name: 'bench-insights-details',
  });
  // The stream is Poisson: configure 15 % more time than N / R needs, then
  // end the interval at the (N + 1)-th conversation, so it holds N (one or
  // two fewer when conversations share that millisecond).
  const durationMs = Math.round(
    (params.conversations / params.ratePerSecond) * 1000,
  );
  const latest = Math.floor((Date.now() - END_LAG_MS) / 1000) * 1000;
  const start = new Date(latest - Math.ceil(durationMs * 1.15));
  await emulator.mergeTraffic({
    prompts: {
      [prompt.id]: {
        ratePerSecond: params.ratePerSecond,
        startsAt: start.toISOString(),
      },
    },
  });
  const end = await endAfter(
    gateway,
    prompt.id,
    start,
    new Date(latest),
    params.conversations,
  );
  const request = { promptIds: [prompt.id], start, end };

  const passes = [];
  const run = async (kind, label) => {
    const pass = await timedPass(
      kind,
      kind === 'fetch'
        ? () => fetchAlone(gateway, request)
        : () => analyzeConversationDetails(gateway, request),
      emulator,
      params.sampleMs,
    );
    pass.label = label;
    passes.push(pass);
    log(
      `  ${label.padEnd(14)} ${String(pass.seconds).padStart(8)} s  ${
        pass.pages
      } pages  ${pass.conversations} conversations  heap +${
        pass.memory.peakMinusStartMb
      } MB peak, ${pass.memory.retainedAfterGcMb} MB retained`,
    );
    return pass;
  };

  log(
    `bench:details: ${params.conversations} conversations at ${
      params.ratePerSecond
    }/s over ${start.toISOString()}/${end.toISOString()}, emulator ${
      params.emulator
    }${gc ? '' : ' (no gc: run with node --expose-gc)'}`,
  );
  await run('fetch', 'warm-up fetch');
  await run('analyze', 'warm-up analyze');
  for (let r = 1; r <= params.rounds; r++) {
    await run('fetch', `fetch ${r}`);
    await run('analyze', `analyze ${r}`);
  }
  let replayed;
  {
    const recorder = recordingGateway(gateway);
    await fetchAlone(recorder, request);
    replayed = await replay(
      recorder.pages,
      request,
      analyzeConversationDetails,
      params.replayRepetitions,
    );
    log(
      `  replay: fetch loop ${replayed.medianFetchLoopMs} ms, analyze ${replayed.medianAnalyzeMs} ms over ${replayed.pages} pages in memory`,
    );
  }
  fullGc();
  const emulatorMemory = await emulator.memory().catch(() => undefined);
  await emulator.close();
  cleanups.length = 0;
  clearTimeout(watchdog);

  const measured = passes.filter(p => !p.label.startsWith('warm-up'));
  const fetches = measured.filter(p => p.kind === 'fetch');
  const analyses = measured.filter(p => p.kind === 'analyze');
  const medianFetch = median(fetches.map(p => p.seconds));
  const medianAnalyze = median(analyses.map(p => p.seconds));
  const ratio = round(medianAnalyze / medianFetch);
  const pairedRatios = analyses.map((a, i) =>
    round(a.seconds / fetches[i].seconds),
  );
  const medianFetchCpu = median(fetches.map(p => p.cpuSeconds));
  const medianAnalyzeCpu = median(analyses.map(p => p.cpuSeconds));
  // The fetch time plus what folding costs, over the fetch time.
  const modeledRatio = round(
    (medianFetch + replayed.foldOverheadMs / 1000) / medianFetch,
  );
  const totalHits = passes[0].result.totalHits;
  const expectedPages = Math.max(1, Math.ceil(totalHits / PAGE_SIZE));
  const worstGrowth = Math.max(...analyses.map(p => p.memory.peakMinusStartMb));
  const worstRetained = Math.max(
    ...analyses.map(p => p.memory.retainedAfterGcMb),
  );
  const complete = analyses.every(
    p =>
      p.result.conversations === totalHits &&
      p.result.pages === expectedPages &&
      [...p.result.samples.values()].reduce((a, s) => a + s.requests, 0) ===
        totalHits,
  );
  const fetchComplete = fetches.every(
    p =>
      p.result.conversations === totalHits && p.result.pages === expectedPages,
  );
  const lastAnalysis = analyses[analyses.length - 1]?.result;
  const sample = lastAnalysis?.samples.get(prompt.id);

  const report = {
    benchmark: 'details',
    timestamp: new Date().toISOString(),
    totalSeconds: round((performance.now() - startedAt) / 1000),
    parameters: {
      conversations: params.conversations,
      ratePerSecond: params.ratePerSecond,
      interval: `${start.toISOString()}/${end.toISOString()}`,
      intervalSeconds: (end.getTime() - start.getTime()) / 1000,
      trafficStartsAt: start.toISOString(),
      promptId: prompt.id,
      pageSize: PAGE_SIZE,
      rounds: params.rounds,
      sampleMs: params.sampleMs,
      emulator: params.emulator,
      emulatorRateLimit: EMULATOR_RATE_LIMIT,
      clientRequestsPerMinute: resilience.requestsPerMinute,
      gcExposed: Boolean(gc),
      timeoutSeconds: params.timeoutSeconds,
    },
    machine: {
      ...machine('node', 'platform', 'cpus', 'cpuModel'),
      loadAverage1m5m15m: { atStart: loadAtStart, atEnd: loadAverage() },
    },
    selection: {
      totalHits,
      expectedPages,
      analysisComplete: complete,
      fetchComplete,
      analyzedSample: sample && {
        requests: sample.requests,
        successes: sample.successes,
        tokens: sample.tokens,
        latencyP50Ms: sample.latency.quantile(0.5),
        latencyP95Ms: sample.latency.quantile(0.95),
      },
    },
    summary: {
      medianFetchSeconds: medianFetch,
      medianAnalyzeSeconds: medianAnalyze,
      ratio,
      pairedRatios,
      medianPairedRatio: median(pairedRatios),
      medianFetchCpuSeconds: medianFetchCpu,
      medianAnalyzeCpuSeconds: medianAnalyzeCpu,
      cpuRatio: round(medianAnalyzeCpu / medianFetchCpu),
      replayFoldOverheadMs: replayed.foldOverheadMs,
      foldNanosecondsPerConversation: round(
        (replayed.foldOverheadMs * 1e6) / Math.max(1, totalHits),
        1,
      ),
      modeledRatio,
      worstPeakMinusStartMb: worstGrowth,
      worstRetainedAfterGcMb: worstRetained,
      medianFetchPeakMinusStartMb: median(
        fetches.map(p => p.memory.peakMinusStartMb),
      ),
    },
    replay: replayed,
    emulatorProcessMemoryMb: emulatorMemory && {
      rss: mb(emulatorMemory.rss),
      heapUsed: mb(emulatorMemory.heapUsed),
    },
    targets: {
      memoryGrowthMbBelow: TARGET_GROWTH_MB,
      ratioAtMost: TARGET_RATIO,
    },
    verdict: {
      complete: {
        target: `each analysis counts totalHits conversations over ceil(totalHits / ${PAGE_SIZE}) pages`,
        value: {
          totalHits,
          pages: expectedPages,
          analyzed: analyses.map(p => p.result.conversations),
          analyzedPages: analyses.map(p => p.result.pages),
        },
        verdict: complete && fetchComplete ? 'PASS' : 'FAIL',
      },
      memory: {
        target: `heapUsed peak - start < ${TARGET_GROWTH_MB} MB during each analysis (gc before)`,
        value: {
          worstPeakMinusStartMb: worstGrowth,
          worstRetainedAfterGcMb: worstRetained,
        },
        verdict: worstGrowth < TARGET_GROWTH_MB ? 'PASS' : 'FAIL',
      },
      time: {
        target: `median analyze / median fetch <= ${TARGET_RATIO}`,
        value: {
          ratio,
          medianAnalyzeSeconds: medianAnalyze,
          medianFetchSeconds: medianFetch,
        },
        verdict: ratio <= TARGET_RATIO ? 'PASS' : 'FAIL',
      },
    },
    passes: passes.map(({ result, ...pass }) => ({
      ...pass,
      totalHits: result.totalHits,
    })),
  };
  printTable(report);
  writeJson(params.out, report);
  log(`\nwrote ${shownPath(params.out)} (${report.totalSeconds} s)`);
  process.exit(0);
}

function printTable(report) {
  const passes = report.passes;
  const header = [
    'pass',
    'seconds',
    'cpu s',
    'pages',
    'conversations',
    'pages/s',
    'heap peak-start MB',
    'retained MB',
    'rss peak-start MB',
    'samples',
  ];
  const rows = passes.map(p => [
    p.label,
    p.seconds,
    p.cpuSeconds,
    p.pages,
    p.conversations,
    p.pagesPerSecond,
    p.memory.peakMinusStartMb,
    p.memory.retainedAfterGcMb,
    p.memory.rssPeakMinusStartMb,
    p.memory.samples,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => String(r[i]).length)),
  );
  const line = cells =>
    `  ${cells
      .map((c, i) =>
        i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]),
      )
      .join('  ')}`;
  const s = report.summary;
  const out = [
    '',
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `  totalHits ${report.selection.totalHits}, pages ${report.selection.expectedPages}; median fetch ${s.medianFetchSeconds} s, median analyze ${s.medianAnalyzeSeconds} s, ratio ${s.ratio}`,
    `  paired ratios (analyze r / fetch r) ${s.pairedRatios.join(
      ', ',
    )}; median ${s.medianPairedRatio}`,
    `  client CPU: median fetch ${s.medianFetchCpuSeconds} s, median analyze ${s.medianAnalyzeCpuSeconds} s, ratio ${s.cpuRatio}`,
    `  replay from memory (${report.replay.repetitions}x): fetch loop ${report.replay.medianFetchLoopMs} ms, analyze ${report.replay.medianAnalyzeMs} ms; folding costs ${s.replayFoldOverheadMs} ms (${s.foldNanosecondsPerConversation} ns a conversation) -> modeled ratio ${s.modeledRatio}`,
    `  load average 1m at start/end: ${report.machine.loadAverage1m5m15m.atStart[0]}/${report.machine.loadAverage1m5m15m.atEnd[0]} on ${report.machine.cpus} CPUs`,
    '',
  ];
  out.push(...verdictLines(report.verdict));
  process.stdout.write(`${out.join('\n')}\n`);
}

// ------------------------------------------------------------------ dispatch

if (process.env[CHILD_ENV] === '1') {
  runEmulatorChild().catch(error => {
    process.stderr.write(`bench:details emulator: ${error?.stack ?? error}\n`);
    process.exit(2);
  });
} else {
  main().catch(error => {
    process.stderr.write(`bench:details: ${error?.stack ?? error}\n`);
    Promise.resolve(cleanup?.()).finally(() => process.exit(2));
  });
}
