#!/usr/bin/env node
/*
 * Production build of packages/app into a directory of our choosing, for
 * bench/browser/run.js. `backstage-cli package build` always writes
 * packages/app/dist (which the demo backend's app-backend would then serve to
 * everyone else's portal on :7007), so this calls the same bundler function
 * the CLI calls (`buildBundle` of @backstage/cli-module-build: rspack,
 * minified, production mode, config injected into index.html) with a `dist`
 * outside the repository.
 *
 *   node bench/browser/build-app.js --dist <dir> [--config <file>]...
 *
 * Runs with packages/app as its working directory (the CLI's target dir).
 */
'use strict';

const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const APP = path.join(REPO, 'packages/app');

function parse(argv) {
  const out = { dist: undefined, configs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dist') out.dist = path.resolve(argv[++i]);
    else if (argv[i] === '--config') out.configs.push(path.resolve(argv[++i]));
    else throw new Error(`unknown argument '${argv[i]}'`);
  }
  if (!out.dist) throw new Error('--dist is required');
  return out;
}

async function main() {
  const { dist, configs } = parse(process.argv.slice(2));
  process.chdir(APP);
  const lib = p =>
    require(require.resolve(`@backstage/cli-module-build/dist/lib/${p}`, {
      paths: [REPO],
    }));
  const { loadCliConfig } = lib('config.cjs.js');
  const { buildBundle } = lib('bundler/bundle.cjs.js');
  const cliConfig = await loadCliConfig({
    args: configs.length ? configs : [path.join(REPO, 'app-config.yaml')],
    fromPackage: 'app',
  });
  await buildBundle({
    targetDir: APP,
    entry: 'src/index',
    dist,
    statsJsonEnabled: false,
    ...cliConfig,
  });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error.stack ?? error);
    process.exit(1);
  },
);
