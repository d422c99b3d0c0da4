/*
 * What the benchmarks hand to the plugin's LlmGatewayClient when it talks to
 * the Genesys emulator: the connection (the emulator's URL for the API and
 * the login, its default client credentials, a request timeout), and a
 * logger that keeps the warnings and errors so the report can count them.
 * The emulator's constants come from its TypeScript sources: the caller
 * registers Backstage's nodeTransform first.
 */
'use strict';

const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

function gatewayConnection(emulatorUrl, requestTimeoutMs) {
  const {
    DEFAULT_EMULATOR_CLIENT_ID,
    DEFAULT_EMULATOR_CLIENT_SECRET,
  } = require(path.join(REPO, 'packages/genesys-emulator/src'));
  return {
    apiBaseUrl: emulatorUrl,
    loginBaseUrl: emulatorUrl,
    clientId: DEFAULT_EMULATOR_CLIENT_ID,
    clientSecret: DEFAULT_EMULATOR_CLIENT_SECRET,
    requestTimeoutMs,
  };
}

/** A logger that keeps warn and error messages in `lines`; drops the rest. */
function collectingLogger() {
  const lines = { warn: [], error: [] };
  const logger = {
    warn: message => lines.warn.push(String(message)),
    error: message => lines.error.push(String(message)),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return { logger, lines };
}

module.exports = { gatewayConnection, collectingLogger };
