#!/usr/bin/env node
/*
 * Audit-log benchmark (issue 5, Benchmark), in one run, for SQLite and
 * PostgreSQL each:
 * 1. append rate through AuditStore.appendAlone (each append its own
 *    transaction, as the product does): A appends sequentially, then A more
 *    from C concurrent appenders; appends/s and per-append latency;
 * 2. streamed verification over R rows: the table is filled fast with valid
 *    chained rows (computed in JS with the store's own auditRowHash, bulk
 *    inserted in batches, audit_chain_head kept on the last row), continuing
 *    the chain the appends left; then AuditStore.verify() is timed while
 *    rss and heapUsed are sampled every 250 ms.
 * If verify misses its target (or --profile on), a profiling pass repeats
 * verify's keyset walk and times the SELECTs, the canonical encoding and the
 * SHA-256 separately, plus a fixed-order encoder that yields the same hashes.
 *
 * Prints a table and writes bench/results/audit.json. Figures, not a test:
 * exits 0 whatever the figures say (2 only if the run itself breaks or
 * overruns its time limit).
 *
 *   node bench/audit/run.js [--rows 1000000] [--appends 5000]
 *        [--concurrency 8] [--fill-batch 5000] [--engines sqlite,postgres]
 *        [--sqlite-wal on|off] [--vacuum on|off] [--profile auto|on|off]
 *        [--sample-ms 250] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *        [--timeout 600] [--out bench/results/audit.json]
 *
 * Every flag also reads from the environment: BENCH_AUDIT_ROWS, _APPENDS,
 * _CONCURRENCY, _FILL_BATCH, _ENGINES, _SQLITE_WAL, _VACUUM, _PROFILE,
 * _SAMPLE_MS, _PG, _TIMEOUT, _OUT. Quick trial (~15 s):
 *   node bench/audit/run.js --rows 20000 --appends 300
 */
'use strict';

// Runs the TypeScript sources directly (see bench/pacing/run.js).
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const crypto = require('node:crypto');
const { createHash, randomUUID } = crypto;
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const BetterSqlite3 = require('better-sqlite3');
const { flagReader } = require('../lib/params');
const { machine, loadAverage } = require('../lib/machine');
const {
  writeJson,
  shownPath,
  verdictLines,
  labelledTable,
} = require('../lib/output');

const REPO = path.resolve(__dirname, '..', '..');
const BACKEND = path.join(REPO, 'plugins/genesys-prompts-backend');
const MIGRATIONS = path.join(BACKEND, 'migrations');
const AUDIT_STORE_SOURCE = path.join(BACKEND, 'src/database/AuditStore.ts');
const { AuditStore, auditRowHash, GENESIS_HASH } = require(AUDIT_STORE_SOURCE);
const { canonicalJson } = require(path.join(BACKEND, 'src/lib/canonicalJson'));

const TARGET_SQLITE_APPENDS_PER_SECOND = 2000;
const TARGET_VERIFY_SECONDS = 10;
// "Flat memory", as this benchmark reads it: while verify walks the whole
// table, the peak stays within these bounds above the start (V8 collects
// lazily, so heapUsed saw-tooths by a few batches' worth), and after a forced
// GC at the end verify has retained next to nothing. For scale, the run also
// measures what holding all the rows would take (heldRowsEstimateMb).
const FLAT_HEAP_DELTA_MB = 128;
const FLAT_RSS_DELTA_MB = 128;
const FLAT_RETAINED_MB = 16;

// verify()'s batch size is a private constant of the store; read it from the
// source so the profiling pass walks the table the same way.
const VERIFY_BATCH = (() => {
  const match = /const VERIFY_BATCH = ([\d_]+);/.exec(
    fs.readFileSync(AUDIT_STORE_SOURCE, 'utf8'),
  );
  return match ? Number(match[1].replace(/_/g, '')) : 5000;
})();

// ---------------------------------------------------------------- parameters

function readParams(argv, env) {
  const { value, number, oneOf, list, repoPath } = flagReader(argv, env, {
    envPrefix: 'BENCH_AUDIT_',
    known: [
      'rows',
      'appends',
      'concurrency',
      'fill-batch',
      'engines',
      'sqlite-wal',
      'vacuum',
      'profile',
      'sample-ms',
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
  const params = {
    rows: number('rows', 1_000_000),
    appends: number('appends', 5000),
    concurrency: number('concurrency', 8),
    fillBatch: number('fill-batch', 5000),
    engines,
    sqliteWal: oneOf('sqlite-wal', 'on', ['on', 'off']) === 'on',
    vacuum: oneOf('vacuum', 'on', ['on', 'off']) === 'on',
    profile: oneOf('profile', 'auto', ['auto', 'on', 'off']),
    sampleMs: number('sample-ms', 250),
    pg: String(value('pg', 'postgres://postgres@127.0.0.1:5432/postgres')),
    timeoutSeconds: number('timeout', 600, { integer: false }),
    out: repoPath('out', 'bench/results/audit.json'),
  };
  if (params.rows < 2 * params.appends) {
    throw new Error(
      `--rows (${
        params.rows
      }) must be at least the rows the append phase writes (2 × --appends = ${
        2 * params.appends
      })`,
    );
  }
  return params;
}

// ------------------------------------------------------------------- helpers

const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = bytes => round(bytes / 2 ** 20, 1);
const log = line => process.stdout.write(`${line}\n`);

/**
 * The longest stretch the event loop stood still: a 5 ms ticker notes the
 * gaps between its ticks, and stop() counts the stretch still running (a
 * walk that never yields shows as one gap as long as the walk).
 */
function loopStallMeter() {
  let lastTick = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - lastTick);
    lastTick = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return round(Math.max(maxGap, performance.now() - lastTick), 1);
    },
  };
}

/** A forced GC before a measurement, so its baseline is not the fill's garbage. */
const gc = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return undefined;
  }
})();

function percentiles(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = q =>
    sorted.length
      ? round(
          sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))],
        )
      : null;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/** Cleanups run at the end, and by the watchdog if the run overruns. */
const cleanups = [];
async function runCleanups() {
  while (cleanups.length) {
    const cleanup = cleanups.pop();
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(
        `bench:audit: cleanup failed: ${error?.message ?? error}\n`,
      );
    }
  }
}

// -------------------------------------------------------- realistic content

// A stable cast: 50 prompts owned by 10 teams' components, 12 actors.
const PROMPTS = Array.from({ length: 50 }, (_, i) => ({
  id: randomUUID(),
  entityRef: `component:default/support-bot-${String(i + 1).padStart(2, '0')}`,
}));
const ACTORS = Array.from(
  { length: 12 },
  (_, i) => `user:default/agent-${String(i + 1).padStart(2, '0')}`,
);
const ACTIONS = ['update', 'update', 'update', 'create', 'rollback', 'drift'];

/** The i-th audit entry, as the routes would append it. */
function entryFor(i) {
  const prompt = PROMPTS[i % PROMPTS.length];
  const action = ACTIONS[i % ACTIONS.length];
  const failed = i % 20 === 19;
  const details = failed
    ? {
        error: `Genesys answered 409: revision ${i} is stale`,
        expectedRevision: i,
        promptName: `greeter-${i % PROMPTS.length}`,
      }
    : {
        promptName: `greeter-${i % PROMPTS.length}`,
        reason:
          action === 'rollback'
            ? 'Customers complained about the new greeting'
            : 'Tighten the wording of the greeting and the closing line',
        revision: i + 2,
        versionLabel: `1.${Math.floor(i / 50)}.${i % 50}`,
        versionNo: Math.floor(i / PROMPTS.length) + 1,
      };
  return {
    action,
    outcome: failed ? 'failure' : 'success',
    promptId: prompt.id,
    entityRef: prompt.entityRef,
    actor: action === 'drift' ? 'genesys:external' : ACTORS[i % ACTORS.length],
    details,
  };
}

// ------------------------------------------------------------------ engines

const AUDIT_COLUMNS = [
  'seq',
  'id',
  'action',
  'outcome',
  'prompt_id',
  'entity_ref',
  'actor',
  'details',
  'created_at',
  'prev_hash',
  'hash',
];

/**
 * SQLite as Backstage's database service opens it: better-sqlite3, a file,
 * useNullAsDefault, foreign_keys on for every connection, no other pragma (so
 * journal_mode=DELETE, synchronous=FULL). `wal: true` switches the file to
 * WAL for a variant (better-sqlite3's build then defaults to
 * synchronous=NORMAL). The settings are read back after the append phase:
 * knex may replace the connection, so what was set is not always what ran.
 */
async function openSqlite(label, { wal, memory = false }) {
  const filename = path.join(
    os.tmpdir(),
    `genesys-bench-audit-${label}-${process.pid}-${Date.now()}.sqlite`,
  );
  const remove = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) {
      fs.rmSync(`${filename}${suffix}`, { force: true });
    }
  };
  const knex = knexFactory({
    client: 'better-sqlite3',
    // In memory: what app-config.yaml (the local default) runs.
    connection: { filename: memory ? ':memory:' : filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection, done) {
        connection.pragma('foreign_keys = ON');
        if (wal) connection.pragma('journal_mode = WAL');
        done(null, connection);
      },
    },
  });
  let destroyed = false;
  const close = async () => {
    if (!destroyed) {
      destroyed = true;
      await knex.destroy();
    }
    remove();
  };
  cleanups.push(close);
  const settings = {
    file: filename,
    client: 'better-sqlite3',
    pool: 'min 1, max 1 (as knex defaults for SQLite)',
    tmpdirFilesystem: filesystemOf(os.tmpdir()),
  };
  const db = { knex, settings, close, kind: 'sqlite' };
  db.readSettings = async () => {
    const pragma = async name =>
      Object.values((await knex.raw(`PRAGMA ${name}`))[0] ?? {})[0];
    Object.assign(settings, {
      sqliteVersion: (await knex.raw('select sqlite_version() as v'))[0].v,
      journalMode: await pragma('journal_mode'),
      synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][
        await pragma('synchronous')
      ],
      foreignKeys: (await pragma('foreign_keys')) === 1,
    });
  };
  return db;
}

async function openPostgres(params) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const database = `genesys_bench_audit_${stamp}_${process.pid}`;
  const admin = knexFactory({
    client: 'pg',
    connection: params.pg,
    pool: { min: 0, max: 1 },
  });
  await admin.raw(`CREATE DATABASE ${database}`);
  const url = new URL(params.pg);
  url.pathname = `/${database}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await knex.destroy().catch(() => {});
    try {
      await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } catch {
      await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    }
    await admin.destroy();
  };
  cleanups.push(close);
  const show = async name => (await knex.raw(`SHOW ${name}`)).rows[0][name];
  const settings = {
    database,
    client: 'pg',
    serverVersion: await show('server_version'),
    synchronousCommit: await show('synchronous_commit'),
    fsync: await show('fsync'),
    sharedBuffers: await show('shared_buffers'),
    autovacuum: await show('autovacuum'),
    pool: 'min 2, max 10 (knex default)',
  };
  return { knex, settings, close, kind: 'postgres' };
}

function filesystemOf(dir) {
  try {
    const { execFileSync } = require('node:child_process');
    const out = execFileSync('df', ['-T', dir], { encoding: 'utf8' });
    return out.trim().split('\n').pop().split(/\s+/)[1];
  } catch {
    return 'unknown';
  }
}

async function migrate(knex) {
  await knex.migrate.latest({ directory: MIGRATIONS });
}

// ------------------------------------------------------------------ appends

/** A sequential appends, then A from C concurrent appenders. */
async function measureAppends(db, params) {
  const store = new AuditStore(db.knex);
  let next = 0;
  const one = async latencies => {
    const i = next++;
    const t = performance.now();
    await store.appendAlone(entryFor(i));
    latencies.push(performance.now() - t);
  };

  const sequentialLatencies = [];
  let started = performance.now();
  for (let k = 0; k < params.appends; k++) await one(sequentialLatencies);
  const sequentialSeconds = (performance.now() - started) / 1000;

  const concurrentLatencies = [];
  const perWorker = Array.from(
    { length: params.concurrency },
    (_, w) =>
      Math.floor(params.appends / params.concurrency) +
      (w < params.appends % params.concurrency ? 1 : 0),
  );
  started = performance.now();
  await Promise.all(
    perWorker.map(async count => {
      for (let k = 0; k < count; k++) await one(concurrentLatencies);
    }),
  );
  const concurrentSeconds = (performance.now() - started) / 1000;

  // The chain the appends built must hold before the fill continues it.
  started = performance.now();
  const check = await store.verify();
  const checkSeconds = (performance.now() - started) / 1000;
  return {
    sequential: {
      appends: params.appends,
      seconds: round(sequentialSeconds),
      appendsPerSecond: round(params.appends / sequentialSeconds, 1),
      latencyMs: percentiles(sequentialLatencies),
    },
    concurrent: {
      appenders: params.concurrency,
      appends: params.appends,
      seconds: round(concurrentSeconds),
      appendsPerSecond: round(params.appends / concurrentSeconds, 1),
      latencyMs: percentiles(concurrentLatencies),
    },
    chainAfterAppends: { ...check, verifySeconds: round(checkSeconds) },
  };
}

// --------------------------------------------------------------------- fill

/**
 * Builds `count` valid rows continuing the chain at `head`, as AuditStore
 * would have written them (canonical details, ISO times, auditRowHash).
 */
function buildBatch(head, count, clock) {
  const rows = new Array(count);
  let prevHash = head.hash;
  for (let k = 0; k < count; k++) {
    const seq = head.seq + k + 1;
    const entry = entryFor(seq);
    clock.ms += 250;
    const unhashed = {
      seq,
      id: randomUUID(),
      action: entry.action,
      outcome: entry.outcome,
      prompt_id: entry.promptId ?? null,
      entity_ref: entry.entityRef ?? null,
      actor: entry.actor,
      details: canonicalJson(entry.details),
      created_at: new Date(clock.ms).toISOString(),
      prev_hash: prevHash,
    };
    const row = { ...unhashed, hash: auditRowHash(unhashed) };
    rows[k] = row;
    prevHash = row.hash;
  }
  return rows;
}

function sqliteInserter(db) {
  // A connection of its own (closed after the fill, so nothing it sets leaks
  // into the measured one): one prepared statement, one transaction a batch,
  // a big page cache and synchronous=OFF because this is setup, not a figure.
  let connection;
  let insertBatch;
  return {
    async open() {
      connection = new BetterSqlite3(db.settings.file);
      connection.pragma('cache_size = -65536');
      connection.pragma('synchronous = OFF');
      const insert = connection.prepare(
        `INSERT INTO audit_log (${AUDIT_COLUMNS.join(
          ', ',
        )}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`,
      );
      const moveHead = connection.prepare(
        'UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1',
      );
      insertBatch = connection.transaction(rows => {
        for (const row of rows) insert.run(AUDIT_COLUMNS.map(c => row[c]));
        const last = rows[rows.length - 1];
        moveHead.run(last.seq, last.hash);
      });
    },
    async insert(rows) {
      insertBatch(rows);
    },
    async close() {
      if (connection) connection.close();
    },
  };
}

function postgresInserter(db) {
  // One multi-row INSERT … SELECT FROM unnest(arrays) a batch: 11 parameters
  // whatever the batch size.
  const types = {
    seq: 'bigint',
    id: 'varchar',
    action: 'varchar',
    outcome: 'varchar',
    prompt_id: 'varchar',
    entity_ref: 'varchar',
    actor: 'varchar',
    details: 'text',
    created_at: 'varchar',
    prev_hash: 'varchar',
    hash: 'varchar',
  };
  const sql = `INSERT INTO audit_log (${AUDIT_COLUMNS.join(
    ', ',
  )}) SELECT * FROM unnest(${AUDIT_COLUMNS.map(c => `?::${types[c]}[]`).join(
    ', ',
  )})`;
  return {
    async open() {},
    async insert(rows) {
      const columns = AUDIT_COLUMNS.map(c => rows.map(r => r[c]));
      const last = rows[rows.length - 1];
      await db.knex.transaction(async tx => {
        await tx.raw(sql, columns);
        await tx('audit_chain_head')
          .where({ id: 1 })
          .update({ seq: last.seq, hash: last.hash });
      });
    },
    async close() {},
  };
}

/** Fills audit_log up to `params.rows` rows, continuing the current chain. */
async function fill(db, params) {
  const headRow = await db.knex('audit_chain_head').where({ id: 1 }).first();
  const head = { seq: Number(headRow.seq), hash: headRow.hash };
  const last = head.seq
    ? await db.knex('audit_log').where({ seq: head.seq }).first()
    : undefined;
  const clock = { ms: last ? Date.parse(last.created_at) : Date.now() };
  const toInsert = params.rows - head.seq;
  const inserter =
    db.kind === 'sqlite' ? sqliteInserter(db) : postgresInserter(db);
  await inserter.open();
  const started = performance.now();
  let buildMs = 0;
  let databaseMs = 0;
  let inserted = 0;
  let nextReport = 0.1;
  let inFlight;
  try {
    while (inserted < toInsert) {
      const count = Math.min(params.fillBatch, toInsert - inserted);
      let t = performance.now();
      const rows = buildBatch(head, count, clock);
      buildMs += performance.now() - t;
      head.seq = rows[rows.length - 1].seq;
      head.hash = rows[rows.length - 1].hash;
      // The next batch is built while the previous one is being written.
      t = performance.now();
      await inFlight;
      inFlight = inserter.insert(rows);
      databaseMs += performance.now() - t;
      inserted += count;
      if (inserted / toInsert >= nextReport) {
        process.stdout.write(
          `  fill ${Math.round((100 * inserted) / toInsert)}% (${(
            (performance.now() - started) /
            1000
          ).toFixed(1)} s)\r`,
        );
        nextReport += 0.1;
      }
    }
    const t = performance.now();
    await inFlight;
    databaseMs += performance.now() - t;
  } finally {
    await inserter.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write('\n');

  let vacuumSeconds = null;
  if (db.kind === 'postgres' && params.vacuum) {
    const t = performance.now();
    await db.knex.raw('VACUUM (ANALYZE) audit_log');
    vacuumSeconds = round((performance.now() - t) / 1000);
  }
  const finalHead = await db.knex('audit_chain_head').where({ id: 1 }).first();
  const count = Number(
    Object.values(await db.knex('audit_log').count({ n: '*' }).first())[0],
  );
  return {
    rowsInserted: toInsert,
    batchSize: params.fillBatch,
    method:
      db.kind === 'sqlite'
        ? 'better-sqlite3 prepared INSERT on a separate connection (cache_size 64 MB, synchronous OFF, closed after the fill), one transaction per batch (head updated in it)'
        : 'INSERT … SELECT FROM unnest(arrays), one transaction per batch (head updated in it)',
    seconds: round(seconds),
    rowsPerSecond: round(toInsert / seconds, 0),
    buildAndHashSeconds: round(buildMs / 1000),
    // Time the JS side spent inserting or waiting for the previous batch's
    // insert (on PostgreSQL the next batch is built while one is in flight).
    databaseSeconds: round(databaseMs / 1000),
    vacuumAnalyzeSeconds: vacuumSeconds,
    tableRows: count,
    head: {
      seq: Number(finalHead.seq),
      matchesLastRow: finalHead.hash === head.hash,
    },
  };
}

// ------------------------------------------------------------------- verify

/**
 * Samples rss and heapUsed every `intervalMs`: from a timer, and also from
 * knex's per-query event, because on SQLite the driver is synchronous and
 * verify() never yields to the event loop, so no timer fires until it ends.
 */
function memorySampler(knex, intervalMs) {
  const started = performance.now();
  const samples = [];
  let last = -Infinity;
  const take = force => {
    const t = performance.now() - started;
    if (!force && t - last < intervalMs) return;
    last = t;
    const m = process.memoryUsage();
    samples.push([Math.round(t), mb(m.rss), mb(m.heapUsed)]);
  };
  const onQuery = () => take(false);
  knex.on('query-response', onQuery);
  take(true);
  const timer = setInterval(() => take(false), Math.max(1, intervalMs / 5));
  const stall = loopStallMeter();
  return {
    stop() {
      clearInterval(timer);
      knex.off('query-response', onQuery);
      const longestStallMs = stall.stop();
      take(true);
      const summary = index => {
        const values = samples.map(s => s[index]);
        return {
          start: values[0],
          peak: Math.max(...values),
          end: values[values.length - 1],
          peakMinusStart: round(Math.max(...values) - values[0], 1),
        };
      };
      return {
        intervalMs,
        samples: samples.length,
        rssMb: summary(1),
        heapUsedMb: summary(2),
        // How long the event loop stood still at a time while verify ran:
        // the rest of the backend answers nothing meanwhile.
        eventLoopLongestStallMs: longestStallMs,
        // One sample a line: ms since start, rss MB, heapUsed MB.
        timeline: samples.map(
          ([t, r, h]) => `${t} ms: rss ${r} MB, heapUsed ${h} MB`,
        ),
      };
    },
  };
}

/** What holding every row at once would take: one batch, measured, scaled. */
async function heldRowsEstimate(db, rows) {
  if (!gc) return null;
  gc();
  const before = process.memoryUsage().heapUsed;
  const batch = await db
    .knex('audit_log')
    .where('seq', '>=', 1)
    .orderBy('seq', 'asc')
    .limit(VERIFY_BATCH);
  gc();
  const after = process.memoryUsage().heapUsed;
  const perRow = (after - before) / batch.length;
  return {
    heapBytesPerRow: Math.round(perRow),
    heldRowsEstimateMb: mb(perRow * rows),
  };
}

async function measureVerify(db, params) {
  const store = new AuditStore(db.knex);
  if (gc) gc();
  const sampler = memorySampler(db.knex, params.sampleMs);
  const started = performance.now();
  const result = await store.verify();
  const seconds = (performance.now() - started) / 1000;
  const memory = sampler.stop();
  if (gc) {
    gc();
    memory.heapUsedAfterGcMb = mb(process.memoryUsage().heapUsed);
    memory.retainedAfterGcMb = round(
      memory.heapUsedAfterGcMb - memory.heapUsedMb.start,
      1,
    );
  }
  Object.assign(memory, await heldRowsEstimate(db, params.rows));
  return {
    result,
    expected: { ok: true, checked: params.rows },
    correct: result.ok === true && result.checked === params.rows,
    seconds: round(seconds),
    rowsPerSecond: round(result.checked / seconds, 0),
    batch: VERIFY_BATCH,
    gcBeforeStart: Boolean(gc),
    memory,
  };
}

// ---------------------------------------------------------------- profiling

/** The row content auditRowHash encodes (a mirror; checked against the hashes). */
function rowContent(row) {
  return canonicalJson({
    seq: Number(row.seq),
    id: row.id,
    action: row.action,
    outcome: row.outcome,
    promptId: row.prompt_id,
    entityRef: row.entity_ref,
    actor: row.actor,
    details: row.details,
    createdAt: row.created_at,
  });
}

const str = v => (v === null || v === undefined ? 'null' : JSON.stringify(v));

/**
 * Suggested fix, part 1: the same canonical string auditRowHash hashes,
 * written in its fixed (already sorted) key order instead of canonicalJson's
 * Object.entries + sort + recursion. Byte-identical, so existing chains stay
 * valid; the profile checks it against every row's stored hash.
 */
function fixedOrderContent(row) {
  return (
    `{"action":${str(row.action)},"actor":${str(row.actor)},` +
    `"createdAt":${str(row.created_at)},"details":${str(row.details)},` +
    `"entityRef":${str(row.entity_ref)},"id":${str(row.id)},` +
    `"outcome":${str(row.outcome)},"promptId":${str(row.prompt_id)},` +
    `"seq":${Number(row.seq)}}`
  );
}

/** Suggested fix, part 2: crypto.hash (Node >= 20.12), no Hash object a row. */
const oneShotSha256 = crypto.hash
  ? text => crypto.hash('sha256', text, 'hex')
  : text => createHash('sha256').update(text).digest('hex');

const fastRowHash = row =>
  oneShotSha256(`${row.prev_hash}\n${fixedOrderContent(row)}`);

const selectBatch = (knex, fromSeq, toSeq) => {
  let query = knex('audit_log')
    .where('seq', '>=', fromSeq)
    .orderBy('seq', 'asc')
    .limit(VERIFY_BATCH);
  if (toSeq !== undefined) query = query.where('seq', '<=', toSeq);
  return query;
};

/** verify()'s keyset walk, with each part timed on its own. */
async function profileParts(db) {
  const ms = {
    select: 0,
    auditRowHash: 0,
    canonicalEncode: 0,
    sha256: 0,
    fixedOrderEncode: 0,
    oneShotSha256: 0,
  };
  let expectedSeq = 1;
  let rows = 0;
  let mirrorMatches = true;
  let fastMatches = true;
  const time = (key, fn) => {
    const t = performance.now();
    const out = fn();
    ms[key] += performance.now() - t;
    return out;
  };
  for (;;) {
    let t = performance.now();
    const batch = await selectBatch(db.knex, expectedSeq);
    ms.select += performance.now() - t;
    time('auditRowHash', () => batch.forEach(row => auditRowHash(row)));
    const contents = time('canonicalEncode', () => batch.map(rowContent));
    const hashes = time('sha256', () =>
      batch.map((row, k) =>
        createHash('sha256')
          .update(`${row.prev_hash}\n${contents[k]}`)
          .digest('hex'),
      ),
    );
    const fixed = time('fixedOrderEncode', () => batch.map(fixedOrderContent));
    const fast = time('oneShotSha256', () =>
      batch.map((row, k) => oneShotSha256(`${row.prev_hash}\n${fixed[k]}`)),
    );
    for (let k = 0; k < batch.length; k++) {
      if (hashes[k] !== batch[k].hash) mirrorMatches = false;
      if (fast[k] !== batch[k].hash) fastMatches = false;
    }
    rows += batch.length;
    expectedSeq += batch.length;
    if (batch.length < VERIFY_BATCH) break;
  }
  const seconds = {};
  const microsecondsPerRow = {};
  for (const [key, value] of Object.entries(ms)) {
    seconds[key] = round(value / 1000);
    microsecondsPerRow[key] = round((value * 1000) / rows, 2);
  }
  return {
    rows,
    seconds,
    microsecondsPerRow,
    // The encode/sha256 split mirrors auditRowHash; it means something only
    // while the mirror still yields the stored hashes.
    mirrorOfAuditRowHashMatches: mirrorMatches,
    fixedOrderOneShotHashMatchesEveryRow: fastMatches,
  };
}

/**
 * A prototype of verify() with the suggested fixes, timed for real (the
 * store is not changed): the head is read first and the walk stops at it
 * (a consistent end point under live appends), the next batch is fetched
 * while this one is hashed, rows are hashed by fastRowHash, and the event
 * loop gets a turn between batches.
 */
async function prototypeVerify(db) {
  const stall = loopStallMeter();
  const started = performance.now();
  const head = await db.knex('audit_chain_head').where({ id: 1 }).first();
  const headSeq = Number(head.seq);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let broken;
  let next = selectBatch(db.knex, 1, headSeq).then(r => r);
  while (!broken) {
    const batch = await next;
    const last = batch.length ? Number(batch[batch.length - 1].seq) : 0;
    if (batch.length === VERIFY_BATCH && last < headSeq) {
      next = selectBatch(db.knex, last + 1, headSeq).then(r => r);
    } else {
      next = undefined;
    }
    for (const row of batch) {
      if (Number(row.seq) !== expectedSeq) {
        broken = { seq: expectedSeq, reason: 'missing row' };
        break;
      }
      if (row.prev_hash !== prevHash || fastRowHash(row) !== row.hash) {
        broken = { seq: expectedSeq, reason: 'bad link or hash' };
        break;
      }
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (!next) break;
    await new Promise(resolve => setImmediate(resolve));
  }
  if (next) await next.catch(() => {});
  const checked = expectedSeq - 1;
  if (!broken && checked !== headSeq) {
    broken = { seq: checked + 1, reason: 'fewer rows than the head says' };
  }
  const seconds = (performance.now() - started) / 1000;
  const longestStallMs = stall.stop();
  return {
    result: broken
      ? { ok: false, checked, firstBroken: broken }
      : { ok: true, checked },
    seconds: round(seconds),
    eventLoopLongestStallMs: longestStallMs,
  };
}

async function profileVerify(db) {
  const parts = await profileParts(db);
  const prototype = await prototypeVerify(db);
  return { ...parts, prototypeVerify: prototype };
}

// ------------------------------------------------------------------ engines

async function runEngine(name, params) {
  log(`\n${name}`);
  const db =
    name === 'sqlite'
      ? await openSqlite('main', { wal: false })
      : await openPostgres(params);
  try {
    await migrate(db.knex);
    log(
      `  ${params.appends} sequential appends, then ${params.appends} from ${params.concurrency} concurrent appenders ...`,
    );
    const appends = await measureAppends(db, params);
    if (db.readSettings) await db.readSettings();
    log(
      `  appends/s: sequential ${appends.sequential.appendsPerSecond}, concurrent ${appends.concurrent.appendsPerSecond}`,
    );
    log(`  filling audit_log to ${params.rows} rows ...`);
    const filled = await fill(db, params);
    log(
      `  filled ${filled.rowsInserted} rows in ${filled.seconds} s${
        filled.vacuumAnalyzeSeconds !== null
          ? ` (+ VACUUM ANALYZE ${filled.vacuumAnalyzeSeconds} s)`
          : ''
      }`,
    );
    log(`  verify() over ${params.rows} rows ...`);
    const verify = await measureVerify(db, params);
    log(
      `  verify: ${JSON.stringify(verify.result)} in ${
        verify.seconds
      } s, heapUsed +${verify.memory.heapUsedMb.peakMinusStart} MB, rss +${
        verify.memory.rssMb.peakMinusStart
      } MB`,
    );
    let profile = null;
    if (
      params.profile === 'on' ||
      (params.profile === 'auto' && verify.seconds >= TARGET_VERIFY_SECONDS)
    ) {
      log('  profiling verify (same walk, parts timed separately) ...');
      profile = await profileVerify(db);
      log(
        `  selects ${profile.seconds.select} s, auditRowHash ${profile.seconds.auditRowHash} s (encode ${profile.seconds.canonicalEncode} s, sha256 ${profile.seconds.sha256} s); fixed-order encode ${profile.seconds.fixedOrderEncode} s + one-shot sha256 ${profile.seconds.oneShotSha256} s`,
      );
      log(
        `  prototype verify with the suggested fixes: ${JSON.stringify(
          profile.prototypeVerify.result,
        )} in ${profile.prototypeVerify.seconds} s`,
      );
    }
    return { settings: db.settings, appends, fill: filled, verify, profile };
  } finally {
    await db.close();
  }
}

/** The same append phase on a WAL-mode SQLite file: what the journal costs. */
async function runSqliteWalAppends(params) {
  log('\nsqlite, journal_mode=WAL (append variant)');
  const db = await openSqlite('wal', { wal: true });
  try {
    await migrate(db.knex);
    const appends = await measureAppends(db, params);
    await db.readSettings();
    log(
      `  appends/s: sequential ${appends.sequential.appendsPerSecond}, concurrent ${appends.concurrent.appendsPerSecond}`,
    );
    return { settings: db.settings, appends };
  } finally {
    await db.close();
  }
}

/** The same append phase on in-memory SQLite, the local default config. */
async function runSqliteMemoryAppends(params) {
  log('\nsqlite, in memory (append variant: the default app-config.yaml)');
  const db = await openSqlite('memory', { wal: false, memory: true });
  try {
    await migrate(db.knex);
    const appends = await measureAppends(db, params);
    log(
      `  appends/s: sequential ${appends.sequential.appendsPerSecond}, concurrent ${appends.concurrent.appendsPerSecond}`,
    );
    return { settings: { ...db.settings, file: ':memory:' }, appends };
  } finally {
    await db.close();
  }
}

// -------------------------------------------------------------------- output

function verdicts(results) {
  const v = {};
  const sqlite = results.sqlite;
  if (sqlite && !sqlite.error) {
    v.sqliteAppendsPerSecond = {
      target: `>= ${TARGET_SQLITE_APPENDS_PER_SECOND} appends/s (sequential appendAlone, Backstage's SQLite settings)`,
      value: sqlite.appends.sequential.appendsPerSecond,
      verdict:
        sqlite.appends.sequential.appendsPerSecond >=
        TARGET_SQLITE_APPENDS_PER_SECOND
          ? 'PASS'
          : 'FAIL',
    };
  }
  const memory = results.sqliteMemory;
  if (memory && !memory.error) {
    v.sqliteMemoryAppendsPerSecond = {
      target: `>= ${TARGET_SQLITE_APPENDS_PER_SECOND} appends/s (sequential appendAlone, in-memory SQLite: the app-config.yaml default)`,
      value: memory.appends.sequential.appendsPerSecond,
      verdict:
        memory.appends.sequential.appendsPerSecond >=
        TARGET_SQLITE_APPENDS_PER_SECOND
          ? 'PASS'
          : 'FAIL',
    };
  }
  for (const engine of ['sqlite', 'postgres']) {
    const r = results[engine];
    if (!r || r.error) continue;
    v[`${engine}VerifyTime`] = {
      target: `verify() returns { ok: true, checked: rows } in < ${TARGET_VERIFY_SECONDS} s`,
      value: r.verify.seconds,
      correct: r.verify.correct,
      verdict:
        r.verify.correct && r.verify.seconds < TARGET_VERIFY_SECONDS
          ? 'PASS'
          : 'FAIL',
    };
    const m = r.verify.memory;
    v[`${engine}VerifyMemoryFlat`] = {
      target: `peak − start: heapUsed <= ${FLAT_HEAP_DELTA_MB} MB and rss <= ${FLAT_RSS_DELTA_MB} MB; retained after GC <= ${FLAT_RETAINED_MB} MB`,
      value: {
        heapUsedMb: m.heapUsedMb.peakMinusStart,
        rssMb: m.rssMb.peakMinusStart,
        retainedAfterGcMb: m.retainedAfterGcMb ?? null,
        samples: m.samples,
      },
      verdict:
        m.heapUsedMb.peakMinusStart <= FLAT_HEAP_DELTA_MB &&
        m.rssMb.peakMinusStart <= FLAT_RSS_DELTA_MB &&
        (m.retainedAfterGcMb ?? 0) <= FLAT_RETAINED_MB
          ? 'PASS'
          : 'FAIL',
    };
  }
  return v;
}

function printTable(report) {
  const engines = ['sqlite', 'postgres'].filter(
    e => report.results[e] && !report.results[e].error,
  );
  const rows = [
    ['sequential appends/s', r => r.appends.sequential.appendsPerSecond],
    [
      '  latency p50 / p99 ms',
      r =>
        `${r.appends.sequential.latencyMs.p50} / ${r.appends.sequential.latencyMs.p99}`,
    ],
    [
      `${report.parameters.concurrency} concurrent: appends/s`,
      r => r.appends.concurrent.appendsPerSecond,
    ],
    [
      '  latency p50 / p99 ms',
      r =>
        `${r.appends.concurrent.latencyMs.p50} / ${r.appends.concurrent.latencyMs.p99}`,
    ],
    [
      'chain after appends',
      r =>
        `${r.appends.chainAfterAppends.ok ? 'ok' : 'BROKEN'} ${
          r.appends.chainAfterAppends.checked
        }`,
    ],
    [
      'fill seconds (rows/s)',
      r => `${r.fill.seconds} (${r.fill.rowsPerSecond})`,
    ],
    [
      'verify result',
      r => `${r.verify.result.ok ? 'ok' : 'BROKEN'} ${r.verify.result.checked}`,
    ],
    ['verify seconds', r => r.verify.seconds],
    ['verify rows/s', r => r.verify.rowsPerSecond],
    [
      'heapUsed MB start/peak/end',
      r => {
        const m = r.verify.memory.heapUsedMb;
        return `${m.start}/${m.peak}/${m.end}`;
      },
    ],
    [
      'rss MB start/peak/end',
      r => {
        const m = r.verify.memory.rssMb;
        return `${m.start}/${m.peak}/${m.end}`;
      },
    ],
    [
      'longest event-loop stall ms',
      r => r.verify.memory.eventLoopLongestStallMs,
    ],
    [
      'heap if all rows held, MB',
      r => r.verify.memory.heldRowsEstimateMb ?? '-',
    ],
    ['profile: SELECTs s', r => r.profile?.seconds.select ?? '-'],
    ['profile: auditRowHash s', r => r.profile?.seconds.auditRowHash ?? '-'],
    [
      '  canonicalJson encode s',
      r => r.profile?.seconds.canonicalEncode ?? '-',
    ],
    ['  createHash sha256 s', r => r.profile?.seconds.sha256 ?? '-'],
    [
      'fix: fixed-order encode s',
      r => r.profile?.seconds.fixedOrderEncode ?? '-',
    ],
    ['fix: crypto.hash sha256 s', r => r.profile?.seconds.oneShotSha256 ?? '-'],
    ['fix: prototype verify s', r => r.profile?.prototypeVerify.seconds ?? '-'],
    [
      '  its longest stall ms',
      r => r.profile?.prototypeVerify.eventLoopLongestStallMs ?? '-',
    ],
  ];
  const records = engines.map(e => report.results[e]);
  const out = ['', ...labelledTable(rows, engines, records)];
  if (report.results.sqliteWal && !report.results.sqliteWal.error) {
    const a = report.results.sqliteWal.appends;
    out.push(
      '',
      `  sqlite with journal_mode=WAL: sequential ${a.sequential.appendsPerSecond} appends/s, ${report.parameters.concurrency} concurrent ${a.concurrent.appendsPerSecond} appends/s`,
    );
  }
  for (const engine of ['sqlite', 'sqliteWal', 'postgres']) {
    if (report.results[engine]?.error) {
      out.push(`  ${engine}: ERROR ${report.results[engine].error}`);
    }
  }
  out.push('');
  out.push(...verdictLines(report.verdict));
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------- main

async function main() {
  const params = readParams(process.argv.slice(2), process.env);
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `bench:audit: still running after ${params.timeoutSeconds} s, giving up\n`,
    );
    const hardStop = setTimeout(() => process.exit(2), 15_000);
    hardStop.unref();
    runCleanups().finally(() => process.exit(2));
  }, params.timeoutSeconds * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      runCleanups().finally(() => process.exit(130));
    });
  }

  const startedAt = performance.now();
  // Other work on the machine skews every figure here; the load shows it.
  const loadAtStart = loadAverage();
  const results = {};
  let broken = false;
  for (const engine of params.engines) {
    try {
      results[engine] = await runEngine(engine, params);
    } catch (error) {
      broken = true;
      results[engine] = { error: String(error?.stack ?? error) };
      process.stderr.write(
        `bench:audit: ${engine}: ${error?.stack ?? error}\n`,
      );
    }
    if (engine === 'sqlite') {
      try {
        results.sqliteMemory = await runSqliteMemoryAppends(params);
      } catch (error) {
        results.sqliteMemory = { error: String(error?.stack ?? error) };
      }
    }
    if (engine === 'sqlite' && params.sqliteWal) {
      try {
        results.sqliteWal = await runSqliteWalAppends(params);
      } catch (error) {
        broken = true;
        results.sqliteWal = { error: String(error?.stack ?? error) };
      }
    }
  }
  await runCleanups();
  clearTimeout(watchdog);

  const report = {
    benchmark: 'audit',
    timestamp: new Date().toISOString(),
    totalSeconds: round((performance.now() - startedAt) / 1000),
    parameters: {
      rows: params.rows,
      appends: params.appends,
      concurrency: params.concurrency,
      fillBatch: params.fillBatch,
      verifyBatch: VERIFY_BATCH,
      engines: params.engines,
      sqliteWalVariant: params.sqliteWal,
      postgresVacuumAnalyzeAfterFill: params.vacuum,
      profile: params.profile,
      memorySampleMs: params.sampleMs,
      timeoutSeconds: params.timeoutSeconds,
      appendPath: 'AuditStore.appendAlone (one transaction per append)',
      fillContinuesAppendedChain: true,
    },
    machine: {
      ...machine('node', 'platform', 'cpus', 'cpuModel', 'memoryGb'),
      loadAverage1m5m15m: { atStart: loadAtStart, atEnd: loadAverage() },
    },
    targets: {
      sqliteAppendsPerSecondAtLeast: TARGET_SQLITE_APPENDS_PER_SECOND,
      verifySecondsBelow: TARGET_VERIFY_SECONDS,
      flatMemory: {
        heapUsedPeakMinusStartMbAtMost: FLAT_HEAP_DELTA_MB,
        rssPeakMinusStartMbAtMost: FLAT_RSS_DELTA_MB,
        retainedAfterGcMbAtMost: FLAT_RETAINED_MB,
      },
    },
    verdict: verdicts(results),
    results,
  };
  printTable(report);
  writeJson(params.out, report);
  log(`\nwrote ${shownPath(params.out)} (${report.totalSeconds} s)`);
  process.exit(broken ? 2 : 0);
}

main().catch(error => {
  process.stderr.write(`bench:audit: ${error?.stack ?? error}\n`);
  runCleanups().finally(() => process.exit(2));
});
