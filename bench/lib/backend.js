/*
 * The demo backend as the load benchmarks run it (bench/api, bench/browser):
 * packages/backend/src/index.ts from source under NODE_ENV=production and
 * LOG_LEVEL=warn, with app-config.yaml plus a generated override: ports and
 * URLs, the database, guest sign-in outside development, the catalog's three
 * locations plus the benchmark's entity file, and the plugin pointed at the
 * benchmark's emulator (its own emulator off), drift and guard schedules
 * pushed 24 h out (neither belongs in a measurement), no export targets.
 */
'use strict';

const path = require('node:path');
const { spawnLogged } = require('./child');

const REPO = path.resolve(__dirname, '..', '..');
const BACKEND_PKG = path.join(REPO, 'packages/backend');

/** Starts the backend (see child.js); `nodeArgs` go before the script. */
function startDemoBackend(
  what,
  configFile,
  logFile,
  { nodeArgs = [], group = false } = {},
) {
  return spawnLogged(
    what,
    [
      ...nodeArgs,
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(BACKEND_PKG, 'src/index.ts'),
      '--config',
      path.join(REPO, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_PKG,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    },
    logFile,
    { group },
  );
}

/** The catalog entity whose genesys.cloud/llm-prompts names `promptNames`. */
function entityYaml({ name, description, promptNames }) {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    ...(description === undefined ? [] : [`  description: '${description}'`]),
    '  annotations:',
    `    genesys.cloud/llm-prompts: ${promptNames.join(', ')}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: group:default/contact-centre-ai',
    '',
  ].join('\n');
}

/**
 * The app-config override. `genesysPrompts` adds settings of the plugin's
 * own (placed before the schedule); the emulator's default client
 * credentials are used.
 */
function backendOverride({
  appUrl,
  backendUrl,
  port,
  database,
  entityFile,
  emulatorUrl,
  genesysPrompts = {},
}) {
  const {
    DEFAULT_EMULATOR_CLIENT_ID,
    DEFAULT_EMULATOR_CLIENT_SECRET,
  } = require(path.join(REPO, 'packages/genesys-emulator/src'));
  const farAway = {
    frequency: { hours: 24 },
    timeout: { minutes: 4 },
    initialDelay: { hours: 24 },
  };
  return {
    app: { baseUrl: appUrl },
    backend: {
      baseUrl: backendUrl,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: appUrl },
      database,
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    catalog: {
      locations: [
        { type: 'file', target: path.join(REPO, 'catalog-info.yaml') },
        { type: 'file', target: path.join(REPO, 'examples/entities.yaml') },
        { type: 'file', target: path.join(REPO, 'examples/org.yaml') },
        { type: 'file', target: entityFile },
      ],
    },
    genesysPrompts: {
      // The plugin's own emulator (fixed at 7099 by app-config.yaml) stays off.
      emulator: { enabled: false },
      apiBaseUrl: emulatorUrl,
      loginBaseUrl: emulatorUrl,
      clientId: DEFAULT_EMULATOR_CLIENT_ID,
      clientSecret: DEFAULT_EMULATOR_CLIENT_SECRET,
      ...genesysPrompts,
      schedule: { drift: farAway, guard: farAway },
      exportTargets: [],
    },
  };
}

module.exports = { startDemoBackend, entityYaml, backendOverride };
