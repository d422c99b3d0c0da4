#!/usr/bin/env node
/*
 * Runs before `npm start` and `npm test`: installs exactly the committed
 * lockfile (`npm ci`) when node_modules is missing or older than the lockfile,
 * so a fresh clone needs no separate install step. Uses only Node built-ins.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lockfile = path.join(root, 'package-lock.json');
// npm writes this file at the end of every successful install.
const installedMarker = path.join(root, 'node_modules', '.package-lock.json');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19) || major > 24) {
  console.error(
    `Node.js ${process.versions.node} is not supported: use Node.js 20.19+, 22 or 24.`,
  );
  process.exit(1);
}

function isUpToDate() {
  try {
    return (
      fs.statSync(installedMarker).mtimeMs >= fs.statSync(lockfile).mtimeMs
    );
  } catch {
    return false;
  }
}

if (!isUpToDate()) {
  console.log('Installing dependencies from package-lock.json (npm ci)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-fund', '--no-audit'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}
