#!/usr/bin/env node
/*
 * API load benchmark (issue 8, Load). For SQLite and PostgreSQL each, in one
 * run:
 * 1. a Genesys emulator (its own process, rate limit lifted) gets P prompts
 *    `load-prompt-00001`… through its HTTP API (small definitions, created
 *    with some concurrency);
 * 2. the plugin's database is prepared before the backend starts: the plugin
 *    migrations, then V versions of every prompt bulk-inserted into
 *    prompt_versions (the newest matching upstream: same content hash and
 *    revision, so nothing looks drifted); no audit rows;
 * 3. the real demo backend (packages/backend/src/index.ts, run from source)
 *    starts as a child process with app-config.yaml plus a generated override:
 *    a free port, that database, the plugin pointed at the emulator, drift
 *    and guard schedules pushed out of the run, and one extra catalog entity
 *    (`load-bench-service`) whose genesys.cloud/llm-prompts annotation names
 *    A of the prompts;
 * 4. a guest user token (what the browser sends) is fetched, the catalog is
 *    waited for, the first (cold) list request is timed, every target is
 *    warmed up, then autocannon measures, in the same backend, alternating
 *    the order each round:
 *      - ours, list:     GET /api/genesys-prompts/entities/default/component/<name>/prompts
 *      - ours, versions: GET /api/genesys-prompts/entities/default/component/<name>/prompts/<id>/versions
 *      - catalog:        GET /api/catalog/entities/by-name/component/default/<name>
 *    plus, for the breakdown, the permission backend's POST /api/permission/authorize
 *    (one resource decision, as our routes make).
 * With --cpu-prof on, the backend runs under node's --cpu-prof and each
 * measured window is summarized: busy CPU per request and where it went.
 * Then, in this process, the parts of the list route that do not need HTTP
 * are timed: the cache's (de)serialization of the whole prompt catalogue,
 * the name scan, and the validator's budget for A prompts.
 *
 * Prints a table and writes bench/results/api.json. Figures, not a test:
 * exits 0 whatever the figures say (2 only if the run itself breaks or
 * overruns its time limit).
 *
 *   node bench/api/run.js [--prompts 10000] [--versions 50] [--annotated 20]
 *        [--duration 10] [--warmup 3] [--connections 10] [--rounds 2]
 *        [--engines sqlite,postgres] [--port 7311] [--cache-ttl default|<s>]
 *        [--grant-ttl default|<s>]
 *        [--client-rpm 300] [--concurrency 32] [--keep-db off] [--cpu-prof off]
 *        [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *        [--timeout 1500] [--out bench/results/api.json]
 *
 * Every flag also reads from the environment: BENCH_API_<FLAG> (dashes as
 * underscores). Quick trial (~1–2 min):
 *   node bench/api/run.js --prompts 500 --versions 10 --duration 3 --warmup 1
 */
'use strict';

// Runs the TypeScript sources directly (see bench/pacing/run.js).
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const BetterSqlite3 = require('better-sqlite3');
const autocannon = require('autocannon');

const REPO = path.resolve(__dirname, '..', '..');
const PLUGIN = path.join(REPO, 'plugins/genesys-prompts-backend');
const MIGRATIONS = path.join(PLUGIN, 'migrations');
const { contentHash, definitionOf } = require(path.join(
  PLUGIN,
  'src/services/GenesysClient/definitions',
));
const { PromptValidator } = require(path.join(
  PLUGIN,
  'src/services/PromptValidator/PromptValidator',
));
const { ConfigReader } = require('@backstage/config');
const { flagReader } = require('../lib/params');
const { median } = require('../lib/stats');
const { machine, loadAverage } = require('../lib/machine');
const { writeJson } = require('../lib/output');
const { seedEmulator: seedPrompts } = require('../lib/emulator');
const { waitFor } = require('../lib/child');
const {
  startDemoBackend,
  entityYaml,
  backendOverride,
} = require('../lib/backend');

const TARGET_RATIO = 1.0;
const TARGET_P99_MS = 50;
const ENTITY_NAME = 'load-bench-service';
const PLUGIN_ID = 'genesys-prompts';

// ---------------------------------------------------------------- parameters

function readParams(argv, env) {
  const { value, number, list, repoPath } = flagReader(argv, env, {
    envPrefix: 'BENCH_API_',
    known: [
      'prompts',
      'versions',
      'annotated',
      'duration',
      'warmup',
      'connections',
      'rounds',
      'engines',
      'port',
      'cache-ttl',
      'grant-ttl',
      'client-rpm',
      'concurrency',
      'keep-db',
      'cpu-prof',
      'pg',
      'timeout',
      'out',
    ],
  });
  const engines = list(
    'engines',
    'sqlite,postgres',
    ['sqlite', 'postgres'],
    'engine',
  );
  const seconds = key => {
    const raw = String(value(key, 'default'));
    if (raw !== 'default' && !(Number(raw) >= 0)) {
      throw new Error(`--${key} must be 'default' or seconds >= 0, got '${raw}'`);
    }
    return raw === 'default' ? undefined : Number(raw);
  };
  const params = {
    prompts: number('prompts', 10_000),
    versions: number('versions', 50),
    annotated: number('annotated', 20),
    durationSeconds: number('duration', 10),
    warmupSeconds: number('warmup', 3),
    connections: number('connections', 10),
    rounds: number('rounds', 2),
    engines,
    port: number('port', 7311),
    cacheTtlSeconds: seconds('cache-ttl'),
    grantTtlSeconds: seconds('grant-ttl'),
    clientRequestsPerMinute: number('client-rpm', 300),
    concurrency: number('concurrency', 32),
    keepDb: String(value('keep-db', 'off')) === 'on',
    cpuProf: String(value('cpu-prof', 'off')) === 'on',
    pg: String(value('pg', 'postgres://postgres@127.0.0.1:5432/postgres')),
    timeoutSeconds: number('timeout', 1500, { integer: false }),
    out: repoPath('out', 'bench/results/api.json'),
  };
  if (params.annotated > params.prompts) {
    throw new Error('--annotated cannot exceed --prompts');
  }
  if ([3000, 7007].includes(params.port)) {
    throw new Error(
      '--port: 3000 and 7007 belong to the dev portal; pick another',
    );
  }
  return params;
}

// ------------------------------------------------------------------- helpers

const round = (x, digits = 2) =>
  x === null || x === undefined || Number.isNaN(x)
    ? null
    : Math.round(x * 10 ** digits) / 10 ** digits;
const log = line => process.stdout.write(`${line}\n`);
const promptName = i => `load-prompt-${String(i).padStart(5, '0')}`;

// ------------------------------------------------------------------ emulator

async function seedEmulator(params) {
  const { emulator, prompts, seconds } = await seedPrompts({
    count: params.prompts,
    concurrency: params.concurrency,
    ownProcess: true,
    bodyOf: i => ({
      name: promptName(i),
      version: `1.0.${params.versions}`,
      template: templateOf(i, params.versions),
      variables: [],
      contextRules: [],
      modelId: 'openai-gpt-4o-mini',
      maxTokens: 512,
    }),
  });
  return { emulator, prompts, seedSeconds: round(seconds) };
}

/** A small template; version v of prompt i. */
function templateOf(i, v) {
  return `You are load prompt ${i}, version ${v}. Answer the customer briefly and politely.`;
}

// ------------------------------------------------------------------ database

function versionRows(prompt, index, versions, entityRef) {
  const rows = [];
  const base = Date.parse('2026-01-01T00:00:00.000Z') + index * 1000;
  for (let v = 1; v <= versions; v++) {
    const latest = v === versions;
    const definition = latest
      ? definitionOf(prompt)
      : {
          ...definitionOf(prompt),
          version: `1.0.${v}`,
          template: templateOf(index, v),
        };
    rows.push({
      prompt_id: prompt.id,
      version_no: v,
      prompt_name: prompt.name,
      entity_ref: entityRef,
      definition: JSON.stringify(definition),
      content_hash: latest ? contentHash(prompt) : contentHash(definition),
      revision: latest ? prompt.revision : v,
      version_label: definition.version,
      action: v === 1 ? 'create' : 'update',
      actor: 'user:default/guest',
      reason: latest ? null : `bench change ${v}`,
      source_version_no: null,
      operation_id: null,
      created_at: new Date(base + v * 60_000).toISOString(),
    });
  }
  return rows;
}

const VERSION_COLUMNS = [
  'prompt_id',
  'version_no',
  'prompt_name',
  'entity_ref',
  'definition',
  'content_hash',
  'revision',
  'version_label',
  'action',
  'actor',
  'reason',
  'source_version_no',
  'operation_id',
  'created_at',
];
const ENTITY_REF = `component:default/${ENTITY_NAME}`;

/** Fills prompt_versions on PostgreSQL: multi-row inserts through knex. */
async function fillPostgres(knex, prompts, params) {
  const started = performance.now();
  await knex.migrate.latest({ directory: MIGRATIONS });
  let buffer = [];
  for (let i = 0; i < prompts.length; i++) {
    buffer.push(...versionRows(prompts[i], i + 1, params.versions, ENTITY_REF));
    // 14 columns a row: stay under PostgreSQL's 65535 bind parameters.
    if (buffer.length >= 4000 || i === prompts.length - 1) {
      await knex('prompt_versions').insert(buffer);
      buffer = [];
    }
  }
  await knex.raw('VACUUM ANALYZE prompt_versions');
  const count = Number(
    (await knex('prompt_versions').count({ n: '*' }).first()).n,
  );
  return {
    rows: count,
    fillSeconds: round((performance.now() - started) / 1000),
  };
}

/**
 * Fills prompt_versions on SQLite: migrations through knex, then one prepared
 * INSERT in one transaction (knex's multi-row SQLite insert is a compound
 * SELECT, capped at 500 terms).
 */
async function fillSqlite(filename, prompts, params) {
  const started = performance.now();
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  try {
    await knex.migrate.latest({ directory: MIGRATIONS });
  } finally {
    await knex.destroy();
  }
  const db = new BetterSqlite3(filename);
  try {
    const insert = db.prepare(
      `INSERT INTO prompt_versions (${VERSION_COLUMNS.join(
        ', ',
      )}) VALUES (${VERSION_COLUMNS.map(c => `@${c}`).join(', ')})`,
    );
    db.transaction(() => {
      for (let i = 0; i < prompts.length; i++) {
        for (const row of versionRows(
          prompts[i],
          i + 1,
          params.versions,
          ENTITY_REF,
        )) {
          insert.run(row);
        }
      }
    })();
    db.exec('ANALYZE');
    const count = db
      .prepare('SELECT count(*) AS n FROM prompt_versions')
      .get().n;
    return {
      rows: count,
      fillSeconds: round((performance.now() - started) / 1000),
    };
  } finally {
    db.close();
  }
}

async function prepareSqlite(workDir, prompts, params) {
  const dir = path.join(workDir, 'sqlite');
  fs.mkdirSync(dir, { recursive: true });
  const fill = await fillSqlite(
    path.join(dir, `${PLUGIN_ID}.sqlite`),
    prompts,
    params,
  );
  return {
    fill,
    database: { client: 'better-sqlite3', connection: { directory: dir } },
    cleanup: async () => {},
  };
}

async function preparePostgres(prompts, params) {
  const url = new URL(params.pg);
  const prefix = `bench_api_${Date.now()}_${process.pid}_`;
  const admin = knexFactory({ client: 'pg', connection: params.pg });
  const pluginDb = `${prefix}${PLUGIN_ID}`;
  await admin.raw('CREATE DATABASE ??', [pluginDb]);
  const pluginUrl = new URL(params.pg);
  pluginUrl.pathname = `/${pluginDb}`;
  const knex = knexFactory({ client: 'pg', connection: pluginUrl.toString() });
  let fill;
  try {
    fill = await fillPostgres(knex, prompts, params);
  } finally {
    await knex.destroy();
  }
  const connection = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
  };
  if (url.password) connection.password = decodeURIComponent(url.password);
  return {
    fill,
    database: { client: 'pg', connection, prefix },
    cleanup: async () => {
      if (params.keepDb) return;
      const { rows } = await admin.raw(
        'SELECT datname FROM pg_database WHERE datname LIKE ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
      }
      await admin.destroy();
    },
  };
}

// ------------------------------------------------------------------- backend

function writeBackendConfig(
  workDir,
  engine,
  database,
  emulator,
  prompts,
  params,
) {
  const names = prompts.slice(0, params.annotated).map(p => p.name);
  const entityFile = path.join(workDir, `${engine}-entities.yaml`);
  fs.writeFileSync(
    entityFile,
    entityYaml({ name: ENTITY_NAME, promptNames: names }),
  );
  const baseUrl = `http://127.0.0.1:${params.port}`;
  // Drift sync lists every prompt (P/100 upstream calls) and the guard
  // polls: their schedules are pushed out of the read-latency measurement.
  const override = backendOverride({
    appUrl: baseUrl,
    backendUrl: baseUrl,
    port: params.port,
    database,
    entityFile,
    emulatorUrl: emulator.url,
    genesysPrompts: {
      rateLimit: { requestsPerMinute: params.clientRequestsPerMinute },
    },
  });
  override.genesysPrompts.cache = {
    ttlSeconds: params.cacheTtlSeconds,
    grantTtlSeconds: params.grantTtlSeconds,
  };
  const file = path.join(workDir, `${engine}-app-config.yaml`);
  // JSON is YAML.
  fs.writeFileSync(file, JSON.stringify(override, null, 2));
  return { file, baseUrl };
}

function startBackend(configFile, workDir, engine, cpuProf) {
  const profDir = path.join(workDir, `${engine}-cpu-prof`);
  const backend = startDemoBackend(
    'backend',
    configFile,
    path.join(workDir, `${engine}-backend.log`),
    { nodeArgs: cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [] },
  );
  backend.profDir = profDir;
  return backend;
}

async function guestToken(baseUrl) {
  const response = await fetch(
    `${baseUrl}/api/auth/guest/refresh?env=production`,
    {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  if (!response.ok) {
    throw new Error(
      `guest refresh answered ${response.status}: ${await response.text()}`,
    );
  }
  const body = await response.json();
  return body.backstageIdentity.token;
}

// -------------------------------------------------------------------- load

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function summarize(result) {
  return {
    rps: round(result.requests.average, 1),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    meanMs: round(result.latency.average),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function measureEngine(engine, ctx, params) {
  const { emulator, prompts, workDir } = ctx;
  log(
    `\n[${engine}] preparing the database (${params.prompts} × ${params.versions} versions)…`,
  );
  const db =
    engine === 'sqlite'
      ? await prepareSqlite(workDir, prompts, params)
      : await preparePostgres(prompts, params);
  log(`[${engine}] ${db.fill.rows} version rows in ${db.fill.fillSeconds} s`);
  const { file, baseUrl } = writeBackendConfig(
    workDir,
    engine,
    db.database,
    emulator,
    prompts,
    params,
  );
  const backend = startBackend(file, workDir, engine, params.cpuProf);
  const result = { engine, fill: db.fill };
  try {
    const startMs = performance.now();
    await waitFor(
      'the backend',
      async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
      180_000,
      backend,
    );
    result.startSeconds = round((performance.now() - startMs) / 1000);
    const token = await waitFor(
      'a guest token',
      () => guestToken(baseUrl),
      60_000,
      backend,
    );
    const headers = { Authorization: `Bearer ${token}` };
    const catalogPath = `/api/catalog/entities/by-name/component/default/${ENTITY_NAME}`;
    await waitFor(
      'the catalog entity',
      async () => (await fetch(`${baseUrl}${catalogPath}`, { headers })).ok,
      180_000,
      backend,
    );
    const listPath = `/api/genesys-prompts/entities/default/component/${ENTITY_NAME}/prompts`;
    const versionsPath = `${listPath}/${prompts[0].id}/versions`;

    // The first list request loads the whole catalogue from upstream.
    await emulator.clearRequestLog();
    const coldStart = performance.now();
    const cold = await fetch(`${baseUrl}${listPath}`, { headers });
    const coldBody = await cold.json();
    result.coldList = {
      status: cold.status,
      ms: round(performance.now() - coldStart, 1),
      upstreamRequests: Object.values((await emulator.requestLog()).counts).reduce(
        (sum, byStatus) =>
          sum + Object.values(byStatus).reduce((a, b) => a + b, 0),
        0,
      ),
      items: coldBody.items?.length,
      found: coldBody.items?.filter(i => !i.notFound).length,
      latestVersionNos: [
        ...new Set(coldBody.items?.map(i => i.latestVersionNo)),
      ],
    };
    const versionsCheck = await (
      await fetch(`${baseUrl}${versionsPath}`, { headers })
    ).json();
    result.versionsCheck = {
      items: versionsCheck.items?.length,
      newest: versionsCheck.items?.[0]?.versionNo,
      nextCursor: versionsCheck.nextCursor ?? null,
    };
    log(
      `[${engine}] backend up in ${result.startSeconds} s; cold list ${result.coldList.ms} ms (${result.coldList.upstreamRequests} upstream requests, ${result.coldList.found}/${result.coldList.items} found)`,
    );

    const targets = {
      ours_list: { method: 'GET', path: listPath },
      ours_versions: { method: 'GET', path: versionsPath },
      catalog_by_name: { method: 'GET', path: catalogPath },
      permission_authorize: {
        method: 'POST',
        path: '/api/permission/authorize',
        body: JSON.stringify({
          items: [
            {
              id: 'bench',
              permission: {
                type: 'resource',
                name: 'genesys-prompts.prompt.read',
                attributes: { action: 'read' },
                resourceType: 'catalog-entity',
              },
              resourceRef: `component:default/${ENTITY_NAME}`,
            },
          ],
        }),
        extraHeaders: { 'content-type': 'application/json' },
      },
    };
    const monoUs = () => Number(process.hrtime.bigint() / 1000n);
    const run = (name, seconds) =>
      cannon({
        url: `${baseUrl}${targets[name].path}`,
        method: targets[name].method,
        body: targets[name].body,
        headers: { ...headers, ...(targets[name].extraHeaders ?? {}) },
        connections: params.connections,
        duration: seconds,
      });
    for (const name of Object.keys(targets)) {
      await run(name, params.warmupSeconds);
    }
    const order = [
      'ours_list',
      'ours_versions',
      'catalog_by_name',
      'permission_authorize',
    ];
    result.rounds = [];
    for (let r = 0; r < params.rounds; r++) {
      const names = r % 2 === 0 ? order : [...order].reverse();
      const figures = {};
      for (const name of names) {
        const fromUs = monoUs();
        figures[name] = summarize(await run(name, params.durationSeconds));
        // CLOCK_MONOTONIC, as the backend's --cpu-prof timestamps.
        figures[name].window = { fromUs, toUs: monoUs() };
        const f = figures[name];
        log(
          `[${engine}] round ${r + 1} ${name.padEnd(21)} ${String(
            f.rps,
          ).padStart(7)} rps  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  non2xx ${
            f.non2xx
          } errors ${f.errors}`,
        );
      }
      result.rounds.push({ order: names, figures });
    }
    result.summary = summarizeRounds(result.rounds);
    result.backendRssMb = await rssMb(backend.pid);
    result.loadAverage = loadAverage();
  } finally {
    await backend.stop();
    await db.cleanup();
  }
  result.backendLog = backend.logFile;
  if (params.cpuProf) {
    result.cpuProfile = summarizeCpuProfile(
      backend.profDir,
      result.rounds ?? [],
    );
  }
  return result;
}

async function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return round(kb / 1024, 1);
  } catch {
    return null;
  }
}

function summarizeRounds(rounds) {
  const names = Object.keys(rounds[0].figures);
  const summary = {};
  for (const name of names) {
    const all = rounds.map(r => r.figures[name]);
    summary[name] = {
      rps: round(all.reduce((s, f) => s + f.rps, 0) / all.length, 1),
      p50Ms: median(all.map(f => f.p50Ms)),
      p99Ms: Math.max(...all.map(f => f.p99Ms)),
      non2xx: all.reduce((s, f) => s + f.non2xx, 0),
      errors: all.reduce((s, f) => s + f.errors + f.timeouts, 0),
    };
  }
  const catalog = summary.catalog_by_name.rps;
  for (const name of ['ours_list', 'ours_versions']) {
    const s = summary[name];
    s.ratioToCatalog = round(s.rps / catalog, 3);
    s.pass =
      s.ratioToCatalog >= TARGET_RATIO &&
      s.p99Ms <= TARGET_P99_MS &&
      s.non2xx === 0 &&
      s.errors === 0;
  }
  return summary;
}

// --------------------------------------------------------------- breakdown

/** Inclusive shares reported per measured window (matched on package or path). */
const PROFILE_GROUPS = {
  keyvDeserialize: n => n.place === '@keyv/serialize',
  jose: n => n.place === 'jose',
  crypto: n => n.place.startsWith('node:internal/crypto'),
  permissionBackend: n => n.place === '@backstage/plugin-permission-backend',
  catalogBackend: n => n.place === '@backstage/plugin-catalog-backend',
  ourPlugin: n => n.place.startsWith('plugins/genesys-prompts-backend/src'),
  entityAccess: n => n.place.includes('services/EntityAccess'),
  knex: n => n.place === 'knex',
  driver: n =>
    n.place === 'better-sqlite3' ||
    n.place === 'pg' ||
    n.place === 'pg-protocol',
  zod: n => n.place === 'zod',
  outgoingHttp: n =>
    n.place === 'node-fetch' || n.place === 'node:_http_client',
  gc: n => n.place === '((garbage collector))',
};

/**
 * The backend's CPU profile (--cpu-prof, main thread): for each measured
 * window, busy CPU per request, self time by place (a node_modules package,
 * a workspace file, node's own) and inclusive shares of PROFILE_GROUPS.
 */
function summarizeCpuProfile(dir, rounds) {
  let files;
  try {
    files = fs
      .readdirSync(dir)
      .filter(f => f.endsWith('.cpuprofile'))
      .sort();
  } catch {
    return { error: `no profile in ${dir}` };
  }
  if (files.length === 0) return { error: `no profile in ${dir}` };
  // The largest is the main thread.
  const file = files
    .map(f => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const placeOf = node => {
    const url = node.callFrame.url || '';
    const fn = node.callFrame.functionName || '(anonymous)';
    if (!url) return `(${fn})`;
    const nm = url.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = url.slice(nm + 'node_modules/'.length).split('/');
      return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    }
    if (url.startsWith('node:')) return url;
    return path.relative(REPO, url.replace(/^file:\/\//, ''));
  };
  for (const n of profile.nodes) n.place = placeOf(n);
  // Groups each node's stack belongs to, computed once per node.
  const groupsOf = new Map();
  const stackGroups = id => {
    if (groupsOf.has(id)) return groupsOf.get(id);
    const node = byId.get(id);
    const up = parent.has(id) ? stackGroups(parent.get(id)) : new Set();
    const mine = new Set(up);
    for (const [group, test] of Object.entries(PROFILE_GROUPS)) {
      if (test(node)) mine.add(group);
    }
    groupsOf.set(id, mine);
    return mine;
  };
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const windowSummary = (fromUs, toUs, requests) => {
    const self = new Map();
    const groups = Object.fromEntries(
      Object.keys(PROFILE_GROUPS).map(g => [g, 0]),
    );
    let busy = 0;
    let all = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] < fromUs || times[i] >= toUs) continue;
      const dt = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i];
      const node = byId.get(profile.samples[i]);
      all += dt;
      if (node.place === '((idle))') continue;
      busy += dt;
      self.set(node.place, (self.get(node.place) ?? 0) + dt);
      for (const g of stackGroups(node.id)) groups[g] += dt;
    }
    if (all === 0) return null;
    return {
      busyPct: round((100 * busy) / all, 1),
      busyMsPerRequest: requests ? round(busy / 1000 / requests, 2) : null,
      topSelf: [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([name, us]) => `${name} ${round((100 * us) / busy, 1)}%`),
      inclusivePct: Object.fromEntries(
        Object.entries(groups).map(([g, us]) => [
          g,
          round((100 * us) / busy, 1),
        ]),
      ),
    };
  };
  const windows = [];
  rounds.forEach((r, i) => {
    for (const [name, f] of Object.entries(r.figures)) {
      if (!f.window) continue;
      windows.push({
        round: i + 1,
        target: name,
        ...windowSummary(f.window.fromUs, f.window.toUs, f.requests),
      });
    }
  });
  return { file, windows };
}

/**
 * The list route's in-process work, timed here on the same data: the memory
 * cache (Keyv) stores values serialized, so every warm read of the catalogue
 * deserializes all P prompts; then the name scan and the validator's budget.
 */
async function inProcessBreakdown(prompts, params) {
  const { defaultSerialize, defaultDeserialize } = require(require.resolve(
    '@keyv/serialize',
    { paths: [path.dirname(require.resolve('keyv'))] },
  ));
  // What the catalogue holds: the emulator's listing (our created prompts).
  const stored = defaultSerialize({
    value: prompts,
    expires: Date.now() + 60_000,
  });
  const time = (n, fn) => {
    for (let i = 0; i < Math.min(3, n); i++) fn();
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    return round((performance.now() - t) / n, 3);
  };
  const names = new Set(prompts.slice(0, params.annotated).map(p => p.name));
  const validator = PromptValidator.fromConfig(new ConfigReader({}));
  const annotated = prompts.slice(0, params.annotated);
  const validateOnce = async () => {
    const t = performance.now();
    await Promise.all(annotated.map(p => validator.validate(definitionOf(p))));
    return performance.now() - t;
  };
  await validateOnce();
  const validateMs = [];
  for (let i = 0; i < 20; i++) validateMs.push(await validateOnce());
  return {
    catalogueSerializedKb: round(stored.length / 1024, 1),
    keyvDeserializeMs: time(20, () => defaultDeserialize(stored)),
    keyvSerializeMs: time(5, () =>
      defaultSerialize({ value: prompts, expires: Date.now() + 60_000 }),
    ),
    nameScanMs: time(50, () => {
      const found = new Map();
      for (const p of prompts) if (names.has(p.name)) found.set(p.name, p);
      return found;
    }),
    validateAnnotatedMs: round(median(validateMs), 3),
  };
}

// ------------------------------------------------------------------- main

async function main() {
  const params = readParams(process.argv.slice(2), process.env);
  const watchdog = setTimeout(() => {
    log(`\nbench/api: gave up after ${params.timeoutSeconds} s`);
    process.exit(2);
  }, params.timeoutSeconds * 1000);
  watchdog.unref();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  log(
    `bench/api: ${params.prompts} prompts × ${params.versions} versions, ${params.annotated} annotated; ${params.rounds} rounds × ${params.durationSeconds} s, ${params.connections} connections; work dir ${workDir}`,
  );

  const seeded = await seedEmulator(params);
  log(
    `emulator: ${params.prompts} prompts created in ${seeded.seedSeconds} s at ${seeded.emulator.url}`,
  );
  const ctx = { emulator: seeded.emulator, prompts: seeded.prompts, workDir };
  const engines = {};
  try {
    for (const engine of params.engines) {
      try {
        engines[engine] = await measureEngine(engine, ctx, params);
      } catch (error) {
        log(
          `[${engine}] failed: ${String(error.stack ?? error).slice(0, 2000)}`,
        );
        engines[engine] = { engine, error: String(error.message ?? error) };
      }
    }
  } finally {
    await seeded.emulator.close();
    // The SQLite file is large (about 270 MB at the defaults); logs, configs
    // and profiles stay in the work dir.
    if (!params.keepDb) {
      fs.rmSync(path.join(workDir, 'sqlite'), { recursive: true, force: true });
    }
  }
  const breakdown = await inProcessBreakdown(seeded.prompts, params);

  // ------------------------------------------------------------ report
  log(
    '\nengine    route            rps      p50 ms  p99 ms  ratio   non2xx errors  target',
  );
  for (const [engine, r] of Object.entries(engines)) {
    if (!r.summary) {
      log(`${engine.padEnd(9)} (failed: ${r.error})`);
      continue;
    }
    for (const [name, s] of Object.entries(r.summary)) {
      log(
        [
          engine.padEnd(9),
          name.padEnd(16),
          String(s.rps).padStart(7),
          String(s.p50Ms).padStart(8),
          String(s.p99Ms).padStart(7),
          String(s.ratioToCatalog ?? '').padStart(6),
          String(s.non2xx).padStart(7),
          String(s.errors).padStart(6),
          s.pass === undefined ? '' : s.pass ? ' PASS' : ' FAIL',
        ].join(' '),
      );
    }
  }
  for (const [engine, r] of Object.entries(engines)) {
    const windows = r.cpuProfile?.windows;
    if (!windows) continue;
    log(
      `\n${engine}: backend CPU per measured window (--cpu-prof, main thread)`,
    );
    for (const w of windows) {
      if (w.busyPct === undefined) continue;
      const shares = Object.entries(w.inclusivePct)
        .filter(([, pct]) => pct >= 3)
        .sort((a, b) => b[1] - a[1])
        .map(([g, pct]) => `${g} ${pct}%`)
        .join(', ');
      log(
        `  r${w.round} ${w.target.padEnd(21)} busy ${w.busyPct}%  ${
          w.busyMsPerRequest
        } ms CPU/request  ${shares}`,
      );
    }
  }
  log(
    `\nin-process (P=${params.prompts}): catalogue in the cache ${breakdown.catalogueSerializedKb} kB; ` +
      `Keyv deserialize ${breakdown.keyvDeserializeMs} ms per read, serialize ${breakdown.keyvSerializeMs} ms; ` +
      `name scan ${breakdown.nameScanMs} ms; validate ${params.annotated} prompts ${breakdown.validateAnnotatedMs} ms`,
  );
  log(
    `targets: ratio to the catalog ≥ ${TARGET_RATIO}, p99 ≤ ${TARGET_P99_MS} ms, no errors`,
  );

  const output = {
    benchmark: 'api',
    timestamp: new Date().toISOString(),
    params,
    targets: { ratioToCatalog: TARGET_RATIO, p99Ms: TARGET_P99_MS },
    machine: {
      ...machine('node', 'cpus', 'cpuModel', 'totalMemMb'),
      loadAverageAtEnd: loadAverage(),
    },
    seed: { emulatorSeconds: seeded.seedSeconds },
    engines,
    inProcessBreakdown: breakdown,
  };
  writeJson(params.out, output);
  log(`wrote ${path.relative(REPO, params.out)}`);
  clearTimeout(watchdog);
}

main().then(
  () => process.exit(0),
  error => {
    log(`bench/api: ${error.stack ?? error}`);
    process.exit(2);
  },
);
