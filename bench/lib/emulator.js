/*
 * Seeding the Genesys emulator for the load benchmarks (bench/api,
 * bench/browser): an emulator in this process on an ephemeral port, demo
 * seed, rate limit lifted; a client-credentials token; then prompts created
 * through its HTTP API, `concurrency` at a time. The emulator runs from its
 * TypeScript sources: the caller registers Backstage's nodeTransform first.
 */
'use strict';

const path = require('node:path');
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
async function seedEmulator({ count, bodyOf, concurrency = 1, onStarted }) {
  const emulator = await emulatorPackage().startEmulator({
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

module.exports = { seedEmulator, emulatorToken, pool };
