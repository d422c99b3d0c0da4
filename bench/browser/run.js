#!/usr/bin/env node
/*
 * Browser timing benchmark (issue 8: "Prompts tab time-to-content ≤ 1.0 × the
 * catalog entity page"). In one Chromium session, with P prompts (50) on one
 * entity, it times
 *   (a) the catalog's own entity page, /catalog/default/component/<name>: the
 *       About card showing the entity's description, and
 *   (b) our Prompts tab, /catalog/default/component/<name>/genesys-prompts
 *       (the route packages/app mounts EntityGenesysPromptsContent on): the
 *       prompt table with its rows, every name on the page a link from our
 *       list and the pager counting all P (the table pages at 20 rows when it
 *       has more than 20; with 20 or fewer, all P names must be there),
 * as full page loads (navigation to the URL, warm HTTP cache after warm-up)
 * and as in-app navigation (clicking the Prompts tab from the overview,
 * clicking the Overview tab from the Prompts tab), over R rounds whose order
 * alternates. Times come from the page: a MutationObserver installed before
 * any page script (addInitScript) checks the condition after every DOM
 * change; the figure is performance.now() in the animation frame after the
 * condition first held (the frame that paints it), relative to navigation
 * start for full loads and to the click for in-app navigation. The browser's
 * resource timing entries are kept per sample, so the report can say what
 * each page waited on (median start/end of every
 * API request and of every chunk loaded on demand, labelled from its source
 * map), and main-thread long tasks (> 50 ms) up to the content. With
 * --profile on (default), one more click each way, not timed, runs under
 * Chromium's sampling profiler: self and inclusive time by package through
 * the build's source maps.
 *
 * Setup, all on ports away from the dev portal (3000/7007), its emulator
 * (7099) and bench:api (7311):
 *  - a Genesys emulator in this process (ephemeral port, rate limit lifted,
 *    demo seed) gets P prompts `browser-prompt-01`… through its HTTP API;
 *  - the real demo backend (packages/backend/src/index.ts from source,
 *    NODE_ENV=production, as bench/api/run.js starts it) on --port (7317),
 *    with app-config.yaml plus a generated override: baseUrls, listen port,
 *    CORS origin, in-memory SQLite, the plugin pointed at the bench emulator
 *    (its own emulator, fixed at 7099 by app-config.yaml, disabled), guest
 *    sign-in, drift/guard schedules pushed out of the run, no export targets,
 *    and a fourth catalog location: `browser-bench-service`, whose
 *    genesys.cloud/llm-prompts names the P prompts;
 *  - the frontend as a production build of packages/app (rspack, minified,
 *    what `backstage-cli package build` produces; bench/browser/build-app.js
 *    writes it into the work dir, not packages/app/dist), served statically
 *    from this process on --app-port (3317) the way the app-backend serves
 *    it: gzip, /static/* cacheable for 14 days, index.html `no-store`. Not the
 *    webpack dev server: its unminified, eval-source-mapped bundle and
 *    on-the-fly serving would time the dev tooling, not the app. The build
 *    takes about 15–25 s here; `--app-dist <dir>` reuses an earlier one (the
 *    served index.html gets this run's base URLs appended to its config).
 *  - Debian's Chromium through playwright-core with e2e/run.js's flags and a
 *    fresh --user-data-dir (launchPersistentContext), signed in as guest.
 *
 * Prints a table and writes bench/results/browser.json. Figures, not a test:
 * exits 0 whatever the figures say, 2 if the run itself breaks or overruns.
 *
 *   node bench/browser/run.js [--prompts 50] [--rounds 10] [--warmup 2]
 *        [--port 7317] [--app-port 3317] [--inapp on] [--settle-ms 500]
 *        [--profile on] [--app-dist <dir>] [--keep-work off] [--timeout 900]
 *        [--out bench/results/browser.json]
 *
 * Every flag also reads from the environment: BENCH_BROWSER_<FLAG> (dashes as
 * underscores), e.g. BENCH_BROWSER_ROUNDS=3.
 */
'use strict';

// The emulator runs from its TypeScript sources (see bench/api/run.js).
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { flagReader } = require('../lib/params');
const { median } = require('../lib/stats');
const { machine, loadAverage } = require('../lib/machine');
const { writeJson } = require('../lib/output');
const { seedEmulator: seedPrompts } = require('../lib/emulator');
const { spawnLogged, waitFor } = require('../lib/child');
const {
  startDemoBackend,
  entityYaml,
  backendOverride,
} = require('../lib/backend');

const REPO = path.resolve(__dirname, '..', '..');
const TARGET_RATIO = 1.0;
const ENTITY_NAME = 'browser-bench-service';
const ENTITY_DESCRIPTION =
  'Browser benchmark service: owns the benchmark prompts.';
const FORBIDDEN_PORTS = [3000, 7007, 7099, 7311];
const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// ---------------------------------------------------------------- parameters

function readParams(argv, env) {
  const { value, number, onOff, repoPath } = flagReader(argv, env, {
    envPrefix: 'BENCH_BROWSER_',
    known: [
      'prompts',
      'rounds',
      'warmup',
      'port',
      'app-port',
      'inapp',
      'settle-ms',
      'profile',
      'app-dist',
      'keep-work',
      'timeout',
      'out',
    ],
  });
  const appDist = value('app-dist', undefined);
  const params = {
    prompts: number('prompts', 50),
    rounds: number('rounds', 10),
    warmup: number('warmup', 2, { zero: true }),
    port: number('port', 7317),
    appPort: number('app-port', 3317),
    inApp: onOff('inapp', 'on'),
    settleMs: number('settle-ms', 500, { zero: true }),
    profile: onOff('profile', 'on'),
    appDist: appDist ? path.resolve(appDist) : undefined,
    keepWork: onOff('keep-work', 'off'),
    timeoutSeconds: number('timeout', 900, { integer: false }),
    out: repoPath('out', 'bench/results/browser.json'),
  };
  for (const key of ['port', 'appPort']) {
    if (FORBIDDEN_PORTS.includes(params[key]) || params[key] > 65535) {
      throw new Error(
        `--${key === 'port' ? 'port' : 'app-port'} ${
          params[key]
        }: ${FORBIDDEN_PORTS.join(
          '/',
        )} belong to the dev portal, its emulator and bench:api; pick another`,
      );
    }
  }
  if (params.port === params.appPort) {
    throw new Error('--port and --app-port must differ');
  }
  if (
    params.appDist &&
    !fs.existsSync(path.join(params.appDist, 'index.html'))
  ) {
    throw new Error(`--app-dist ${params.appDist} has no index.html`);
  }
  return params;
}

// ------------------------------------------------------------------- helpers

const round = (x, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x)
    ? null
    : Math.round(x * 10 ** digits) / 10 ** digits;
const log = line => process.stdout.write(`${line}\n`);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const promptName = (i, total) =>
  `browser-prompt-${String(i).padStart(
    Math.max(2, String(total).length),
    '0',
  )}`;

/** The median at q = 0.5, else the nearest rank; non-numbers ignored. */
function quantile(xs, q) {
  const s = xs.filter(x => typeof x === 'number').sort((a, b) => a - b);
  if (s.length === 0) return null;
  if (q === 0.5) return median(s);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

function stats(xs) {
  const s = xs.filter(x => typeof x === 'number');
  return {
    n: s.length,
    medianMs: round(quantile(s, 0.5)),
    p90Ms: round(quantile(s, 0.9)),
    minMs: round(s.length ? Math.min(...s) : null),
    maxMs: round(s.length ? Math.max(...s) : null),
  };
}

/** Resolves whether something already listens on 127.0.0.1:port. */
function portInUse(port) {
  return new Promise(resolve => {
    const server = http.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

// ------------------------------------------------------- children and cleanup

const cleanups = [];
let cleaningUp;
/** Runs the registered cleanups once, newest first; never throws. */
function cleanupAll() {
  if (!cleaningUp) {
    cleaningUp = (async () => {
      while (cleanups.length) {
        const fn = cleanups.pop();
        try {
          await fn();
        } catch (error) {
          log(`cleanup: ${error.message ?? error}`);
        }
      }
    })();
  }
  return cleaningUp;
}

/** A child in its own process group (see bench/lib/child.js), stopped at cleanup. */
function spawnChild(what, args, options, logFile) {
  const child = spawnLogged(what, args, options, logFile, { group: true });
  cleanups.push(() => child.stop());
  return child;
}

// ------------------------------------------------------------------ emulator

async function seedEmulator(params) {
  const { emulator, prompts, seconds } = await seedPrompts({
    count: params.prompts,
    onStarted: started => cleanups.push(() => started.close()),
    bodyOf: i => ({
      name: promptName(i, params.prompts),
      version: '1.0.0',
      template: `You are browser benchmark prompt ${i}. Answer the customer briefly and politely.`,
      variables: [],
      contextRules: [],
      modelId: 'openai-gpt-4o-mini',
      maxTokens: 512,
    }),
  });
  return {
    emulator,
    prompts,
    seedSeconds: round(seconds, 2),
  };
}

// ------------------------------------------------------------------- config

function writeConfig(workDir, seeded, params) {
  const names = seeded.prompts.map(p => p.name);
  const entityFile = path.join(workDir, 'entities.yaml');
  fs.writeFileSync(
    entityFile,
    entityYaml({
      name: ENTITY_NAME,
      description: ENTITY_DESCRIPTION,
      promptNames: names,
    }),
  );
  const appUrl = `http://127.0.0.1:${params.appPort}`;
  const backendUrl = `http://127.0.0.1:${params.port}`;
  const override = backendOverride({
    appUrl,
    backendUrl,
    port: params.port,
    database: { client: 'better-sqlite3', connection: ':memory:' },
    entityFile,
    emulatorUrl: seeded.emulator.url,
  });
  const file = path.join(workDir, 'app-config.bench.yaml');
  // JSON is YAML.
  fs.writeFileSync(file, JSON.stringify(override, null, 2));
  return { file, appUrl, backendUrl, names };
}

// ------------------------------------------------------------------ frontend

async function buildApp(workDir, configFile) {
  const dist = path.join(workDir, 'dist');
  const started = performance.now();
  const child = spawnChild(
    'the app build',
    [
      path.join(__dirname, 'build-app.js'),
      '--dist',
      dist,
      '--config',
      path.join(REPO, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(REPO, 'packages/app'),
      env: { ...process.env, NODE_ENV: 'production' },
    },
    path.join(workDir, 'build.log'),
  );
  const code = await child.exited;
  await child.stop();
  if (code !== 0) {
    throw new Error(
      `the app build failed (exit ${code}); see ${child.logFile}`,
    );
  }
  return { dist, buildSeconds: round((performance.now() - started) / 1000) };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * Serves the built app as @backstage/plugin-app-backend does: index.html for
 * every path that is not a file (`no-store`), /static/* for 14 days, gzip
 * (the backend's compression middleware). The app's config is appended to
 * the one the build injected, so a reused build points at this run's ports.
 */
async function serveApp(dist, params, urls) {
  const indexRaw = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const configPattern =
    /(<script type="backstage.io\/config">)([\s\S]*?)(<\/script>)/;
  const match = configPattern.exec(indexRaw);
  if (!match) throw new Error(`no injected config in ${dist}/index.html`);
  const configs = JSON.parse(match[2]);
  configs.push({
    context: 'bench-browser',
    data: {
      app: { baseUrl: urls.appUrl },
      backend: { baseUrl: urls.backendUrl },
    },
  });
  const index = Buffer.from(
    indexRaw.replace(
      configPattern,
      (_, open, __, close) => `${open}\n${JSON.stringify(configs)}\n${close}`,
    ),
  );
  const gz = new Map();
  const gzipped = (key, body) => {
    if (!gz.has(key)) gz.set(key, zlib.gzipSync(body));
    return gz.get(key);
  };
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, urls.appUrl);
    let file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    let cacheControl;
    let type;
    try {
      if (
        !fs.statSync(file).isFile() ||
        file === path.join(root, 'index.html')
      ) {
        throw new Error('not a file');
      }
      body = fs.readFileSync(file);
      type = MIME[path.extname(file)] ?? 'application/octet-stream';
      cacheControl = url.pathname.startsWith('/static/')
        ? 'public, max-age=1209600'
        : 'no-cache';
    } catch {
      if (url.pathname.startsWith('/static/')) {
        res.writeHead(404).end();
        return;
      }
      file = 'index.html';
      body = index;
      type = MIME['.html'];
      cacheControl = 'no-store, max-age=0';
    }
    const headers = { 'Content-Type': type, 'Cache-Control': cacheControl };
    if (
      /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') &&
      body.length > 1024 &&
      /text|javascript|json|svg/.test(type)
    ) {
      body = gzipped(file, body);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(params.appPort, '127.0.0.1', resolve);
  });
  cleanups.push(
    () =>
      new Promise(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return server;
}

// ------------------------------------------------------------------- backend

function startBackend(workDir, configFile) {
  const backend = startDemoBackend(
    'the backend',
    configFile,
    path.join(workDir, 'backend.log'),
    { group: true },
  );
  cleanups.push(() => backend.stop());
  return backend;
}

async function guestToken(backendUrl) {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(`guest refresh answered ${response.status}`);
  }
  return (await response.json()).backstageIdentity.token;
}

// ------------------------------------------------------------ in the page

/**
 * Installed with addInitScript: runs in every document before its scripts.
 * `window.__bench` watches the DOM for one condition at a time and records
 * when it first holds (`domMs`) and the animation frame after (`frameMs`),
 * as performance.now() (milliseconds since navigation start).
 */
function pageInstrumentation(cfg) {
  if (window.__bench) return;
  try {
    performance.setResourceTimingBufferSize(10000);
  } catch {
    // older browsers
  }
  // Main-thread tasks over 50 ms, to tell waiting from working.
  const longTasks = [];
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // not supported
  }
  const names = new Set(cfg.names);
  const visible = el =>
    typeof el.checkVisibility === 'function' ? el.checkVisibility() : true;

  // (a) The About card of the entity page shows the entity's description.
  const overviewReady = () => {
    for (const p of document.getElementsByTagName('p')) {
      if (p.textContent.trim() !== cfg.description) continue;
      // The card around it is headed "About" (MUI's InfoCard or BUI's Card:
      // production class names are suffixed, so no class selectors).
      for (
        let el = p.parentElement, up = 0;
        el && up < 12;
        el = el.parentElement, up++
      ) {
        if (el.tagName === 'MAIN') break;
        const about = [...el.querySelectorAll('h2,h3,h4,h5,h6')].some(
          h => h.textContent.trim() === 'About',
        );
        if (about)
          return visible(p) ? { card: 'About', levelsUp: up + 1 } : null;
      }
    }
    return null;
  };

  // (b) The Prompts table: every row on its page a name from the list, and
  // either all names there or the pager counting all of them.
  const promptsReady = () => {
    for (const table of document.getElementsByTagName('table')) {
      const head = table.tHead ? table.tHead.textContent : '';
      if (!/Name/.test(head) || !/Model/.test(head) || !/Revision/.test(head)) {
        continue;
      }
      const body = table.tBodies[0];
      if (!body) continue;
      const seen = new Set();
      for (const a of body.getElementsByTagName('a')) {
        const text = a.textContent.trim();
        if (names.has(text)) seen.add(text);
      }
      if (seen.size === 0 || !visible(table)) continue;
      if (seen.size === names.size) {
        return { rowsShown: seen.size, paged: false };
      }
      // The pager sits beside the table, in the same Paper.
      const container =
        table.closest('[class*="MuiPaper-root"]') || table.parentElement;
      let pager = null;
      for (const caption of container.getElementsByTagName('p')) {
        pager = /^(\d+)\s*[-–]\s*(\d+)\s+of\s+(\d+)$/.exec(
          caption.textContent.trim(),
        );
        if (pager) break;
      }
      if (
        pager &&
        Number(pager[3]) === names.size &&
        Number(pager[2]) - Number(pager[1]) + 1 === seen.size
      ) {
        return {
          rowsShown: seen.size,
          paged: true,
          pager: `${pager[1]}-${pager[2]} of ${pager[3]}`,
        };
      }
    }
    return null;
  };
  const conditions = { overview: overviewReady, prompts: promptsReady };

  const state = {
    kind: null,
    t0: 0,
    result: null,
    checks: 0,
    checkMs: 0,
  };
  const check = () => {
    if (!state.kind || state.result || state.pending) return;
    const t = performance.now();
    const detail = conditions[state.kind]();
    state.checks += 1;
    state.checkMs += performance.now() - t;
    if (!detail) return;
    state.pending = true;
    const domMs = performance.now();
    requestAnimationFrame(() => {
      const frameMs = performance.now();
      state.result = {
        kind: state.kind,
        t0: state.t0,
        domMs: domMs - state.t0,
        frameMs: frameMs - state.t0,
        detail,
        checks: state.checks,
        checkMs: state.checkMs,
      };
      state.pending = false;
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: false,
  });
  const arm = (kind, t0) => {
    Object.assign(state, {
      kind,
      t0,
      result: null,
      pending: false,
      checks: 0,
      checkMs: 0,
    });
  };

  // A full load of one of the two pages is watched from navigation start.
  const p = location.pathname.replace(/\/$/, '');
  if (p === cfg.overviewPath) arm('overview', 0);
  else if (p === cfg.promptsPath) arm('prompts', 0);

  // Backend API requests and the app's own files (chunks loaded on demand).
  const requestEntries = t0 =>
    performance
      .getEntriesByType('resource')
      .filter(
        e =>
          (e.name.startsWith(cfg.backendUrl) ||
            e.name.startsWith(cfg.appUrl)) &&
          e.startTime >= t0 - 1,
      )
      .map(e => {
        const api = e.name.startsWith(cfg.backendUrl);
        return {
          path: e.name.slice((api ? cfg.backendUrl : cfg.appUrl).length),
          kind: api ? 'api' : 'app',
          startMs: e.startTime - t0,
          endMs: e.responseEnd - t0,
          // Same origin only: 0 means the HTTP cache answered.
          transferSize: api ? undefined : e.transferSize,
        };
      });

  window.__bench = {
    result: () => state.result,
    /** Arms a condition, checks it is not met yet, clicks the tab; in one task. */
    clickTab(kind, tabName) {
      if (conditions[kind]()) {
        return {
          error: `${kind} content is already on the page before the click`,
        };
      }
      const tab = [...document.querySelectorAll('[role="tab"]')].find(
        el => el.textContent.trim() === tabName,
      );
      if (!tab) return { error: `no tab '${tabName}'` };
      performance.clearResourceTimings();
      arm(kind, performance.now());
      // Spin 1 ms, so that a CPU profile samples clickTab (see profileClick).
      const spinUntil = state.t0 + 1;
      while (performance.now() < spinUntil) {
        // spin
      }
      tab.click();
      check();
      return { ok: true };
    },
    /** What the sample waited on: backend requests and, for full loads, paint and navigation timing. */
    report() {
      const r = state.result;
      if (!r) return null;
      const out = { requests: requestEntries(r.t0) };
      const end = r.t0 + r.frameMs;
      const inWindow = longTasks.filter(
        t => t.start + t.duration > r.t0 && t.start < end,
      );
      out.longTasks = {
        count: inWindow.length,
        totalMs: inWindow.reduce(
          (sum, t) =>
            sum + Math.min(end, t.start + t.duration) - Math.max(r.t0, t.start),
          0,
        ),
        longestMs: Math.max(0, ...inWindow.map(t => t.duration)),
      };
      if (r.t0 === 0) {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance
          .getEntriesByType('paint')
          .find(e => e.name === 'first-contentful-paint');
        out.navigation = nav && {
          responseEndMs: nav.responseEnd,
          domContentLoadedMs: nav.domContentLoadedEventEnd,
          loadEventMs: nav.loadEventEnd,
        };
        out.firstContentfulPaintMs = fcp ? fcp.startTime : null;
        const scripts = performance
          .getEntriesByType('resource')
          .filter(e => e.name.startsWith(cfg.appUrl));
        out.appResources = {
          count: scripts.length,
          fromCache: scripts.filter(e => e.transferSize === 0).length,
          lastEndMs: Math.max(0, ...scripts.map(e => e.responseEnd)),
        };
      }
      return out;
    },
    promptsReady,
    debug: () => ({
      state: { ...state },
      path: location.pathname,
      overview: overviewReady(),
      prompts: promptsReady(),
    }),
  };
}

// ---------------------------------------------------------------- measuring

/** Tracks the page's in-flight requests, to wait for a quiet page. */
function trackRequests(page) {
  let inflight = 0;
  let lastChange = Date.now();
  const change = d => {
    inflight = Math.max(0, inflight + d);
    lastChange = Date.now();
  };
  page.on('request', () => change(1));
  page.on('requestfinished', () => change(-1));
  page.on('requestfailed', () => change(-1));
  return {
    reset() {
      inflight = 0;
      lastChange = Date.now();
    },
    async quiet(ms, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (inflight === 0 && Date.now() - lastChange >= ms) return true;
        await sleep(Math.min(100, ms || 100));
      }
      return false;
    },
  };
}

/** Where a failed wait leaves the page's HTML and a screenshot. */
let dumpDir;

async function sampleResult(page, what, timeoutMs = 60_000) {
  let handle;
  try {
    handle = await page.waitForFunction(
      () => window.__bench && window.__bench.result(),
      undefined,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (error) {
    if (dumpDir) {
      const base = path.join(dumpDir, `failed-${Date.now()}`);
      await page
        .screenshot({ path: `${base}.png`, fullPage: true })
        .catch(() => {});
      fs.writeFileSync(`${base}.html`, await page.content().catch(() => ''));
      const state = await page
        .evaluate(() => window.__bench && window.__bench.debug())
        .catch(e => String(e));
      fs.writeFileSync(`${base}.json`, JSON.stringify(state, null, 2));
      error.message += ` (waiting for ${what}; page saved as ${base}.html/.png)`;
    }
    throw error;
  }
  const result = await handle.jsonValue();
  await handle.dispose();
  const report = await page.evaluate(() => window.__bench.report());
  if (!result) throw new Error(`no result for ${what}`);
  return { ...result, ...report };
}

async function fullLoad(page, requests, url, kind) {
  requests.reset();
  await page.goto(url, { waitUntil: 'commit' });
  const sample = await sampleResult(page, `full load of ${url}`);
  if (sample.kind !== kind) {
    throw new Error(
      `full load of ${url} measured '${sample.kind}', not '${kind}'`,
    );
  }
  return sample;
}

async function inAppClick(page, kind, tabName) {
  const started = await page.evaluate(
    ([k, t]) => window.__bench.clickTab(k, t),
    [kind, tabName],
  );
  if (!started?.ok) {
    throw new Error(`clicking ${tabName}: ${started?.error ?? 'failed'}`);
  }
  return sampleResult(page, `clicking ${tabName}`);
}

/** Pages through the Prompts table once (not timed): every name must show up. */
async function checkAllNames(page, names) {
  const seen = new Set();
  for (let i = 0; i < 20; i++) {
    const onPage = await page.evaluate(
      list =>
        [...document.querySelectorAll('table tbody a')]
          .map(a => a.textContent.trim())
          .filter(t => list.includes(t)),
      names,
    );
    onPage.forEach(n => seen.add(n));
    if (seen.size === names.length) break;
    const next = page.getByRole('button', { name: /next page/i }).first();
    if ((await next.count()) === 0 || !(await next.isEnabled())) break;
    await next.click();
    await sleep(300);
  }
  return {
    seen: seen.size,
    of: names.length,
    missing: names.filter(n => !seen.has(n)),
  };
}

/** The package (or workspace folder) a source path belongs to. */
function ownerOf(source) {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = source.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /(plugins|packages)\/([^/]+)/.exec(source);
  return m ? `${m[1]}/${m[2]}` : 'other';
}

/**
 * One more in-app click (not timed) under Chromium's sampling profiler
 * (CDP Profiler, main thread), from just before the click to the content:
 * self time by package and by source file, through the build's source maps.
 */
async function profileClick(
  context,
  page,
  requests,
  params,
  kind,
  tabName,
  dist,
  appUrl,
) {
  let SourceMapConsumer;
  try {
    ({ SourceMapConsumer } = require('source-map-js'));
  } catch {
    SourceMapConsumer = undefined;
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  // The sampler takes a moment to begin: do not click before it has.
  await sleep(250);
  const sample = await inAppClick(page, kind, tabName);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  await requests.quiet(params.settleMs);

  const consumers = new Map();
  const consumerFor = url => {
    if (!SourceMapConsumer || !dist || !url.startsWith(`${appUrl}/static/`))
      return null;
    if (!consumers.has(url)) {
      let consumer = null;
      try {
        const file = path.join(dist, new URL(url).pathname);
        consumer = new SourceMapConsumer(
          JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')),
        );
      } catch {
        consumer = null;
      }
      consumers.set(url, consumer);
    }
    return consumers.get(url);
  };
  const placeOf = new Map();
  for (const node of profile.nodes) {
    const { url, functionName, lineNumber, columnNumber } = node.callFrame;
    let place;
    if (!url) {
      const name = /^\(.*\)$/.test(functionName)
        ? functionName
        : `(${functionName || 'native'})`;
      place = { owner: name, file: name };
    } else {
      const consumer = lineNumber >= 0 ? consumerFor(url) : null;
      let pos;
      try {
        pos = consumer?.originalPositionFor({
          line: lineNumber + 1,
          column: Math.max(0, columnNumber),
        });
      } catch {
        pos = undefined;
      }
      if (pos?.source) {
        const file = pos.source
          .replace(/^.*node_modules\//, '')
          .replace(/^.*?\/((plugins|packages)\/)/, '$1');
        place = {
          owner: ownerOf(pos.source),
          file: `${file}${pos.name ? ` ${pos.name}` : ''}`,
        };
      } else {
        place = {
          owner: url.replace(appUrl, ''),
          file: `${url.replace(appUrl, '')} ${functionName}`,
        };
      }
    }
    placeOf.set(node.id, place);
  }
  // Inclusive: the packages anywhere on a sample's stack.
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const stackOwners = new Map();
  const ownersOf = id => {
    if (stackOwners.has(id)) return stackOwners.get(id);
    const up = parent.has(id) ? ownersOf(parent.get(id)) : new Set();
    const mine = new Set(up);
    const owner = placeOf.get(id).owner;
    if (!owner.startsWith('(')) mine.add(owner);
    stackOwners.set(id, mine);
    return mine;
  };
  const byOwner = new Map();
  const byFile = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  // Only the samples from the click to the content. The page's clickTab
  // (which arms the clock, spins 1 ms so that it is sampled, and clicks)
  // begins within about a millisecond of the click's time zero.
  const nodeById = new Map(profile.nodes.map(n => [n.id, n]));
  const inClickTab = new Set();
  const mark = (node, marked) => {
    const mine = marked || node.callFrame.functionName === 'clickTab';
    if (mine) inClickTab.add(node.id);
    for (const child of node.children ?? []) mark(nodeById.get(child), mine);
  };
  mark(profile.nodes[0], false);
  let fromUs;
  {
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length && fromUs === undefined; i++) {
      t += profile.timeDeltas[i] ?? 0;
      if (inClickTab.has(profile.samples[i])) fromUs = t;
    }
  }
  if (fromUs === undefined) {
    return {
      click: `${tabName} tab (${kind})`,
      error: 'the click is not in the profile',
    };
  }
  const toUs = fromUs + sample.frameMs * 1000;
  let at = profile.startTime;
  let afterContentBusy = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    if (at < fromUs) return;
    if (at > toUs) {
      if (placeOf.get(id).owner !== '(idle)') afterContentBusy += dt;
      return;
    }
    total += dt;
    const place = placeOf.get(id);
    if (place.owner === '(idle)') {
      idle += dt;
      return;
    }
    byOwner.set(place.owner, (byOwner.get(place.owner) ?? 0) + dt);
    byFile.set(place.file, (byFile.get(place.file) ?? 0) + dt);
    for (const owner of ownersOf(id)) {
      inclusive.set(owner, (inclusive.get(owner) ?? 0) + dt);
    }
  });
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: round(ms) }));
  return {
    click: `${tabName} tab (${kind})`,
    contentMs: round(sample.frameMs),
    longTasks: sample.longTasks && {
      count: sample.longTasks.count,
      totalMs: round(sample.longTasks.totalMs),
    },
    profiledMs: round(total),
    busyMs: round(total - idle),
    busyAfterContentMs: round(afterContentBusy),
    sourceMaps: Boolean(SourceMapConsumer),
    selfByPackage: top(byOwner, 12),
    inclusiveByPackage: top(inclusive, 12),
    selfBySource: top(byFile, 15),
  };
}

const CASES = {
  fullOverview: 'full load, catalog entity page (About card)',
  fullPrompts: 'full load, Prompts tab (table)',
  inAppOverview: 'in-app, Prompts → Overview tab (About card)',
  inAppPrompts: 'in-app, Overview → Prompts tab (table)',
};

async function runRounds(page, requests, urls, params) {
  const samples = Object.fromEntries(Object.keys(CASES).map(k => [k, []]));
  const settle = async () => {
    await requests.quiet(params.settleMs);
  };
  // Sequence A starts from a full load of the overview, B from the tab; each
  // then clicks to the other page and back.
  const sequenceA = async record => {
    record(
      'fullOverview',
      await fullLoad(page, requests, urls.overview, 'overview'),
    );
    await settle();
    if (!params.inApp) return;
    record('inAppPrompts', await inAppClick(page, 'prompts', 'Prompts'));
    await settle();
    record('inAppOverview', await inAppClick(page, 'overview', 'Overview'));
    await settle();
  };
  const sequenceB = async record => {
    record(
      'fullPrompts',
      await fullLoad(page, requests, urls.prompts, 'prompts'),
    );
    await settle();
    if (!params.inApp) return;
    record('inAppOverview', await inAppClick(page, 'overview', 'Overview'));
    await settle();
    record('inAppPrompts', await inAppClick(page, 'prompts', 'Prompts'));
    await settle();
  };
  for (let w = 0; w < params.warmup; w++) {
    await sequenceA(() => {});
    await sequenceB(() => {});
  }
  const rounds = [];
  for (let r = 0; r < params.rounds; r++) {
    const order = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const got = [];
    const record = (name, sample) => {
      samples[name].push({ round: r + 1, ...sample });
      got.push(`${name} ${round(sample.frameMs)}`);
    };
    for (const s of order) {
      await (s === 'A' ? sequenceA : sequenceB)(record);
    }
    rounds.push({ order, loadAverage: loadAverage() });
    log(`  round ${r + 1} (${order.join('')}): ${got.join(', ')} ms`);
  }
  return { samples, rounds };
}

/** A request's key: ids, names and content hashes taken out. */
function requestKey(e) {
  if (e.kind === 'app') {
    return e.path
      .replace(/\?.*$/, '')
      .replace(/\.[0-9a-f]{8,}\./, '.')
      .replace(/^\/catalog\/.*/, '(document)');
  }
  return e.path
    .replace(/\?.*$/, '')
    .replace(new RegExp(`/${ENTITY_NAME}(?=/|$)`), '/<entity>')
    .replace(/\/prompts\/[^/]+/, '/prompts/<id>');
}

/**
 * What a chunk holds, from its source map: the packages (or workspace
 * folders) with the most sources in it.
 */
function chunkLabeler(dist) {
  const cache = new Map();
  return pathname => {
    if (
      !dist ||
      !pathname.startsWith('/static/') ||
      !pathname.endsWith('.js')
    ) {
      return undefined;
    }
    if (cache.has(pathname)) return cache.get(pathname);
    let label;
    try {
      const map = JSON.parse(
        fs.readFileSync(
          path.join(dist, `${pathname.replace(/\?.*$/, '')}.map`),
          'utf8',
        ),
      );
      const counts = new Map();
      for (const source of map.sources ?? []) {
        const nm = source.lastIndexOf('node_modules/');
        let owner;
        if (nm >= 0) {
          const rest = source.slice(nm + 'node_modules/'.length).split('/');
          owner = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
        } else {
          const m = /(plugins|packages)\/([^/]+)/.exec(source);
          owner = m ? `${m[1]}/${m[2]}` : 'other';
        }
        counts.set(owner, (counts.get(owner) ?? 0) + 1);
      }
      label = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([owner, n]) => `${owner} ${n}`)
        .join(', ');
    } catch {
      label = undefined;
    }
    cache.set(pathname, label);
    return label;
  };
}

/** Median start/end of each request (first of its key per sample) over the samples. */
function networkSummary(samples, labelChunk) {
  const byKey = new Map();
  for (const s of samples) {
    const firstOfKey = new Map();
    // Full loads: the entry bundle (before the first API call) is the same
    // for every page; only chunks loaded on demand are kept.
    for (const e of s.t0 === 0
      ? onDemand(s.requests ?? [])
      : s.requests ?? []) {
      const key = requestKey(e);
      if (!firstOfKey.has(key)) firstOfKey.set(key, []);
      firstOfKey.get(key).push(e);
    }
    for (const [key, list] of firstOfKey) {
      if (!byKey.has(key)) {
        byKey.set(key, {
          kind: list[0].kind,
          path: list[0].path,
          starts: [],
          ends: [],
          counts: [],
          cached: 0,
        });
      }
      const agg = byKey.get(key);
      agg.starts.push(list[0].startMs);
      agg.ends.push(list[0].endMs);
      agg.counts.push(list.length);
      if (list[0].transferSize === 0) agg.cached += 1;
    }
  }
  return [...byKey.entries()]
    .map(([key, agg]) => ({
      path: key,
      kind: agg.kind,
      holds: agg.kind === 'app' ? labelChunk(agg.path) : undefined,
      seenIn: agg.starts.length,
      fromHttpCache: agg.kind === 'app' ? agg.cached : undefined,
      perSample: quantile(agg.counts, 0.5),
      medianStartMs: round(quantile(agg.starts, 0.5)),
      medianEndMs: round(quantile(agg.ends, 0.5)),
      medianDurationMs: round(
        quantile(
          agg.ends.map((e, i) => e - agg.starts[i]),
          0.5,
        ),
      ),
    }))
    .sort((a, b) => a.medianStartMs - b.medianStartMs);
}

function onDemand(requests) {
  const firstApi = Math.min(
    ...requests.filter(e => e.kind === 'api').map(e => e.startMs),
  );
  return requests.filter(e => e.kind === 'api' || e.startMs >= firstApi);
}

function summarizeCase(list, labelChunk) {
  const frame = stats(list.map(s => s.frameMs));
  return {
    ...frame,
    dom: stats(list.map(s => s.domMs)),
    firstContentfulPaintMedianMs: round(
      quantile(
        list.map(s => s.firstContentfulPaintMs),
        0.5,
      ),
    ),
    instrumentationMedianMs: round(
      quantile(
        list.map(s => s.checkMs),
        0.5,
      ),
      2,
    ),
    longTasksMedianMs: round(
      quantile(
        list.map(s => s.longTasks?.totalMs),
        0.5,
      ),
    ),
    detail: list[0]?.detail,
    network: networkSummary(list, labelChunk),
    samples: list.map(s => ({
      round: s.round,
      frameMs: round(s.frameMs),
      domMs: round(s.domMs),
      checks: s.checks,
      checkMs: round(s.checkMs, 2),
      firstContentfulPaintMs: round(s.firstContentfulPaintMs),
      navigation: s.navigation && {
        responseEndMs: round(s.navigation.responseEndMs),
        domContentLoadedMs: round(s.navigation.domContentLoadedMs),
      },
      appResources: s.appResources,
      longTasks: s.longTasks && {
        count: s.longTasks.count,
        totalMs: round(s.longTasks.totalMs),
        longestMs: round(s.longTasks.longestMs),
      },
    })),
  };
}

function comparison(ours, catalog) {
  const ratio =
    ours.medianMs && catalog.medianMs
      ? round(ours.medianMs / catalog.medianMs, 3)
      : null;
  // Paired by round (each round measures both): steadier than the medians
  // when the machine's load drifts.
  const perRound = [];
  for (const o of ours.samples) {
    const c = catalog.samples.filter(x => x.round === o.round);
    const theirs = quantile(
      c.map(x => x.frameMs),
      0.5,
    );
    if (theirs) perRound.push(o.frameMs / theirs);
  }
  return {
    oursMedianMs: ours.medianMs,
    catalogMedianMs: catalog.medianMs,
    ratioOfMedians: ratio,
    ratioOfP90:
      ours.p90Ms && catalog.p90Ms ? round(ours.p90Ms / catalog.p90Ms, 3) : null,
    medianOfPairedRatios: round(quantile(perRound, 0.5), 3),
    pass: ratio !== null && ratio <= TARGET_RATIO,
  };
}

// --------------------------------------------------------------------- main

async function main() {
  const params = readParams(process.argv.slice(2), process.env);
  const runStarted = performance.now();
  const watchdog = setTimeout(async () => {
    log(`\nbench/browser: gave up after ${params.timeoutSeconds} s`);
    await cleanupAll();
    process.exit(2);
  }, params.timeoutSeconds * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, async () => {
      log(`\nbench/browser: ${signal}, cleaning up`);
      await cleanupAll();
      process.exit(2);
    });
  }
  const executablePath = CHROMIUM_CANDIDATES.find(p => fs.existsSync(p));
  if (!executablePath) {
    throw new Error(
      `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(
        ', ',
      )}); install Debian's chromium package or set CHROMIUM_PATH`,
    );
  }
  for (const port of [params.port, params.appPort]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is taken; pick another with --port/--app-port`,
      );
    }
  }
  const loadAverageAtStart = loadAverage();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-browser-'));
  dumpDir = workDir;
  log(
    `bench/browser: ${params.prompts} prompts on ${ENTITY_NAME}; ${params.rounds} rounds after ${params.warmup} warm-up; backend :${params.port}, app :${params.appPort}; work dir ${workDir}`,
  );

  const seeded = await seedEmulator(params);
  log(
    `emulator: ${params.prompts} prompts created in ${seeded.seedSeconds} s at ${seeded.emulator.url}`,
  );
  const config = writeConfig(workDir, seeded, params);

  // The backend starts while the app builds (both take a while).
  const backendStarted = performance.now();
  const backend = startBackend(workDir, config.file);
  let build;
  if (params.appDist) {
    build = { dist: params.appDist, buildSeconds: null, reused: true };
    log(`app: reusing the build in ${params.appDist}`);
  } else {
    log('app: production build (rspack) into the work dir…');
    build = await buildApp(workDir, config.file);
    log(`app: built in ${build.buildSeconds} s`);
  }
  await serveApp(build.dist, params, config);

  await waitFor(
    'the backend',
    async () =>
      (
        await fetch(`${config.backendUrl}/.backstage/health/v1/readiness`)
      ).ok,
    240_000,
    backend,
  );
  const backendReadySeconds = round(
    (performance.now() - backendStarted) / 1000,
  );
  const token = await waitFor(
    'a guest token',
    () => guestToken(config.backendUrl),
    60_000,
    backend,
  );
  const headers = { Authorization: `Bearer ${token}` };
  await waitFor(
    'the catalog entity',
    async () =>
      (
        await fetch(
          `${config.backendUrl}/api/catalog/entities/by-name/component/default/${ENTITY_NAME}`,
          { headers },
        )
      ).ok,
    180_000,
    backend,
  );
  // A check outside the browser that the list route answers all P prompts.
  const listStarted = performance.now();
  const list = await (
    await fetch(
      `${config.backendUrl}/api/genesys-prompts/entities/default/component/${ENTITY_NAME}/prompts`,
      { headers },
    )
  ).json();
  const coldListMs = round(performance.now() - listStarted);
  const found = (list.items ?? []).filter(i => !i.notFound).length;
  if (found !== params.prompts) {
    throw new Error(
      `the list route found ${found} of ${
        params.prompts
      } prompts: ${JSON.stringify(list).slice(0, 300)}`,
    );
  }
  log(
    `backend: ready in ${backendReadySeconds} s; list route ${found}/${params.prompts} found (first call ${coldListMs} ms)`,
  );

  // ------------------------------------------------------------- browser
  const { chromium } = require('playwright-core');
  const profileDir = path.join(workDir, 'chromium-profile');
  fs.mkdirSync(profileDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    // Our own handlers clean up (backend, server, browser) on a signal.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push(async () => {
    await Promise.race([context.close().catch(() => {}), sleep(15_000)]);
    killProfileProcesses(profileDir);
  });
  const browserVersion =
    context.browser()?.version() ?? chromiumVersion(executablePath);
  const overviewPath = `/catalog/default/component/${ENTITY_NAME}`;
  const urls = {
    overview: `${config.appUrl}${overviewPath}`,
    prompts: `${config.appUrl}${overviewPath}/genesys-prompts`,
  };
  await context.addInitScript(pageInstrumentation, {
    names: config.names,
    description: ENTITY_DESCRIPTION,
    overviewPath,
    promptsPath: `${overviewPath}/genesys-prompts`,
    backendUrl: config.backendUrl,
    appUrl: config.appUrl,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));
  const requests = trackRequests(page);

  log('browser: signing in as guest…');
  await page.goto(config.appUrl);
  await page.getByRole('button', { name: /enter/i }).click();
  await page.getByText('support-bot').first().waitFor();

  log(
    `browser: ${params.warmup} warm-up round(s), then ${params.rounds} measured`,
  );
  const { samples, rounds } = await runRounds(page, requests, urls, params);

  // Not timed: where the main thread goes during each in-app click.
  const profiles = [];
  if (params.profile && params.inApp) {
    log('browser: profiling one more click each way (not timed)…');
    await fullLoad(page, requests, urls.overview, 'overview');
    await requests.quiet(params.settleMs);
    profiles.push(
      await profileClick(
        context,
        page,
        requests,
        params,
        'prompts',
        'Prompts',
        build.dist,
        config.appUrl,
      ),
    );
    profiles.push(
      await profileClick(
        context,
        page,
        requests,
        params,
        'overview',
        'Overview',
        build.dist,
        config.appUrl,
      ),
    );
  }

  // Not timed: the table really holds every prompt (paging through it).
  await page.goto(urls.prompts);
  await page.waitForFunction(() => window.__bench && window.__bench.result());
  const allNames = await checkAllNames(page, config.names);

  // ------------------------------------------------------------- report
  const labelChunk = chunkLabeler(build.dist);
  const cases = {};
  for (const [name, list] of Object.entries(samples)) {
    if (list.length) {
      cases[name] = { label: CASES[name], ...summarizeCase(list, labelChunk) };
    }
  }
  const figures = {
    cases,
    fullLoad: comparison(cases.fullPrompts, cases.fullOverview),
    inApp: params.inApp
      ? comparison(cases.inAppPrompts, cases.inAppOverview)
      : null,
  };
  const passes = {
    fullLoad: figures.fullLoad.pass,
    inApp: figures.inApp ? figures.inApp.pass : null,
    allNamesInTable: allNames.seen === allNames.of,
    noPageErrors: pageErrors.length === 0,
  };

  log(
    '\ncase                                              n   median ms   p90 ms   min    max   long tasks ms (median)',
  );
  for (const c of Object.values(cases)) {
    log(
      [
        c.label.padEnd(48),
        String(c.n).padStart(3),
        String(c.medianMs).padStart(11),
        String(c.p90Ms).padStart(8),
        String(c.minMs).padStart(6),
        String(c.maxMs).padStart(6),
        String(c.longTasksMedianMs).padStart(8),
      ].join(' '),
    );
  }
  const verdict = cmp =>
    `${cmp.ratioOfMedians} (p90 ratio ${
      cmp.ratioOfP90
    }, median of per-round ratios ${
      cmp.medianOfPairedRatios
    })  target ≤ ${TARGET_RATIO}  ${cmp.pass ? 'PASS' : 'FAIL'}`;
  log(
    `\nfull load: Prompts tab ÷ entity page, medians: ${verdict(
      figures.fullLoad,
    )}`,
  );
  if (figures.inApp) {
    log(
      `in-app:    Prompts tab ÷ Overview tab, medians: ${verdict(
        figures.inApp,
      )}`,
    );
  }
  for (const name of [
    'fullOverview',
    'fullPrompts',
    'inAppPrompts',
    'inAppOverview',
  ]) {
    const c = cases[name];
    if (!c) continue;
    log(
      `\nrequests, ${c.label} (median start → end, ms from ${
        name.startsWith('full') ? 'navigation start' : 'the click'
      }; content at ${c.medianMs}):`,
    );
    for (const n of c.network) {
      if (n.kind === 'app' && !n.holds) continue;
      log(
        `  ${String(n.medianStartMs).padStart(7)} → ${String(
          n.medianEndMs,
        ).padStart(7)}  ${n.path}${n.perSample > 1 ? ` ×${n.perSample}` : ''}${
          n.seenIn < c.n ? ` (in ${n.seenIn}/${c.n})` : ''
        }${n.holds ? `  [${n.holds}]` : ''}`,
      );
    }
  }
  for (const p of profiles) {
    if (p.error) {
      log(`\nprofile, in-app click on the ${p.click}: ${p.error}`);
      continue;
    }
    log(
      `\nprofile, in-app click on the ${p.click}: content at ${p.contentMs} ms; main thread busy ${p.busyMs} of the ${p.profiledMs} ms from click to content (${p.busyAfterContentMs} ms more before the profiler stopped); self time by package:`,
    );
    log(
      `  ${p.selfByPackage
        .slice(0, 8)
        .map(x => `${x.name} ${x.ms}`)
        .join(', ')}`,
    );
    log(
      `  inclusive (on the stack): ${p.inclusiveByPackage
        .slice(0, 8)
        .map(x => `${x.name} ${x.ms}`)
        .join(', ')}`,
    );
  }
  log(
    `\ntable check: ${allNames.seen}/${allNames.of} names found paging through the table; page errors: ${pageErrors.length}`,
  );

  const output = {
    benchmark: 'browser',
    timestamp: new Date().toISOString(),
    params: { ...params, out: path.relative(REPO, params.out) },
    targets: {
      promptsTabToEntityPageRatio: TARGET_RATIO,
      note: 'ratio of medians of time to content; full load and in-app judged separately',
    },
    machine: {
      ...machine('node', 'cpus', 'cpuModel', 'totalMemMb'),
      chromium: browserVersion,
      loadAverageAtStart,
      loadAverageAtEnd: loadAverage(),
    },
    setup: {
      frontend: build.reused
        ? 'production build reused (--app-dist), served statically'
        : 'production build (build-app.js: rspack, minified), served statically with gzip and the app-backend cache headers',
      buildSeconds: build.buildSeconds,
      seedSeconds: seeded.seedSeconds,
      backendReadySeconds,
      coldListMs,
      entity: `component:default/${ENTITY_NAME}`,
      measurement:
        'performance.now() in the animation frame after a MutationObserver (installed before page scripts) first saw the content; full loads from navigation start, in-app from the click',
      contentConditions: {
        overview: `a <p> with the entity description inside the card headed "About", visible`,
        prompts:
          'the table headed Name/Model/Revision with every row on its page a link named after one of the entity prompts, visible, and either all names present or the pager reading "1-k of P"',
      },
    },
    rounds,
    figures,
    profiles,
    tableCheck: allNames,
    pageErrors,
    pass: passes,
    runSeconds: round((performance.now() - runStarted) / 1000),
    workDir: params.keepWork ? workDir : undefined,
  };
  writeJson(params.out, output);
  log(
    `\nwrote ${path.relative(REPO, params.out)} (run took ${
      output.runSeconds
    } s)`,
  );
  clearTimeout(watchdog);
  if (!params.keepWork) {
    cleanups.unshift(() =>
      fs.rmSync(workDir, { recursive: true, force: true }),
    );
  } else {
    log(`work dir kept: ${workDir}`);
  }
}

/** Chromium processes of this run: the ones started with our profile dir. */
function killProfileProcesses(profileDir) {
  for (const pid of fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    let cmdline;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(profileDir)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

function chromiumVersion(executablePath) {
  try {
    return execFileSync(executablePath, ['--version'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return null;
  }
}

main().then(
  async () => {
    await cleanupAll();
    process.exit(0);
  },
  async error => {
    log(`bench/browser: ${error.stack ?? error}`);
    await cleanupAll();
    process.exit(2);
  },
);
