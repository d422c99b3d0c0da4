/*
 * Seeding the Genesys emulator for the load benchmarks (bench/api,
 * bench/browser): an emulator on an ephemeral port, demo seed, rate limit
 * lifted — in this process, or (`ownProcess`) in a child process of its own,
 * so that serving upstream calls does not share an event loop with the load
 * generator (real Genesys is elsewhere); a client-credentials token; then
 * prompts created through its HTTP API, `concurrency` at a time. The emulator
 * runs from its TypeScript sources: the caller registers Backstage's
 * nodeTransform first.
 */
'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const REPO = path.resolve(__dirname, '..', '..');
const emulatorPackage = () =>
  require(path.join(REPO, 'packages/genesys-emulator/src'));

/** An access token from the emulator's client-credentials grant. */
async function emulatorToken(url) {
  const { DEFAULT_EMULATOR_CLIENT_ID, DEFAULT_EMULATOR_CLIENT_SECRET } =
    emulatorPackage();
  const basic = Buffer.from(
    `${DEFAULT_EMULATOR_CLIENT_ID}:${DEFAULT_EMULATOR_CLIENT_SECRET}`,
  ).toString('base64');
  const tokenResponse = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!tokenResponse.ok) {
    throw new Error(`emulator token request answered ${tokenResponse.status}`);
  }
  return (await tokenResponse.json()).access_token;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    },
  );
  await Promise.all(workers);
}

/**
 * Starts the emulator and creates `count` prompts, the i-th (from 1) with
 * the body `bodyOf(i)`. `onStarted(emulator)` runs as soon as it listens (to
 * register its cleanup). Returns the emulator, the created prompts in order
 * and the seconds the creates took (the token not included).
 */
async function seedEmulator({
  count,
  bodyOf,
  concurrency = 1,
  onStarted,
  ownProcess = false,
}) {
  const emulator = ownProcess
    ? await startEmulatorProcess()
    : await emulatorPackage().startEmulator({
        port: 0,
        seed: true,
        rateLimit: { allowed: 1e9, windowSeconds: 60 },
      });
  onStarted?.(emulator);
  const token = await emulatorToken(emulator.url);
  const started = performance.now();
  const prompts = new Array(count);
  const indexes = Array.from({ length: count }, (_, i) => i + 1);
  await pool(indexes, concurrency, async i => {
    const body = bodyOf(i);
    const response = await fetch(`${emulator.url}/api/v2/ai/llm/prompts`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(
        `creating ${body.name}: ${response.status} ${await response.text()}`,
      );
    }
    prompts[i - 1] = await response.json();
  });
  return {
    emulator,
    prompts,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The emulator's CLI in a child process. The handle mirrors the in-process
 * one where the benches use it, except that the request log is read over the
 * control endpoint (so `requestLog()` returns a promise).
 */
async function startEmulatorProcess() {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO, 'packages/genesys-emulator/bin/genesys-emulator'),
      '--port',
      '0',
      '--rate-limit',
      '1000000000',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const onData = chunk => {
      seen += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(seen);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('exit', code =>
      reject(new Error(`the emulator exited (code ${code}) before listening`)),
    );
  });
  const control = async (method, route) => {
    const response = await fetch(`${url}/__emulator${route}`, { method });
    if (!response.ok) {
      throw new Error(`emulator ${method} ${route} answered ${response.status}`);
    }
    return response.json();
  };
  return {
    url,
    clearRequestLog: () => control('DELETE', '/requests'),
    requestLog: () => control('GET', '/requests'),
    close: () =>
      new Promise(resolve => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { seedEmulator, emulatorToken, pool };
