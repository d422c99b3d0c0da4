#!/usr/bin/env node
/*
 * `npm test`: every unit, contract and integration test (jest, through
 * backstage-cli) and then the browser test, ending with one line
 * `N passed, N failed` that CI reads.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'test-results');
fs.mkdirSync(outDir, { recursive: true });

const env = {
  ...process.env,
  // backstage-cli watches unless CI is set.
  CI: process.env.CI || 'true',
};

let passed = 0;
let failed = 0;

// Jest transpiles without type checking, so the type check is a test of its own.
console.log('typecheck: tsc --noEmit');
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '--noEmit'],
  { cwd: root, env, stdio: 'inherit' },
);
if (tsc.status === 0) {
  passed += 1;
  console.log('typecheck: passed');
} else {
  failed += 1;
  console.log('typecheck: failed');
}

const jestJson = path.join(outDir, 'jest.json');
fs.rmSync(jestJson, { force: true });
const jestRun = spawnSync(
  process.execPath,
  [
    require.resolve('@backstage/cli/bin/backstage-cli'),
    'repo',
    'test',
    '--json',
    `--outputFile=${jestJson}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, env, stdio: 'inherit' },
);

if (fs.existsSync(jestJson)) {
  const report = JSON.parse(fs.readFileSync(jestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that crashed before running its tests counts as one failure.
  failed += report.testResults.filter(
    suite => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
  console.log(
    `jest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numTotalTestSuites} suites`,
  );
} else {
  console.error(`jest wrote no report (exit ${jestRun.status})`);
  failed += 1;
}
if (jestRun.status !== 0 && failed === 0) {
  failed += 1;
}

const e2eJson = path.join(outDir, 'e2e.json');
fs.rmSync(e2eJson, { force: true });
spawnSync(process.execPath, [path.join(root, 'e2e', 'run.js')], {
  cwd: root,
  env: { ...env, E2E_RESULT_FILE: e2eJson },
  stdio: 'inherit',
});
if (fs.existsSync(e2eJson)) {
  const e2e = JSON.parse(fs.readFileSync(e2eJson, 'utf8'));
  passed += e2e.passed;
  failed += e2e.failed;
  console.log(`browser: ${e2e.passed} passed, ${e2e.failed} failed`);
  for (const shot of e2e.screenshots ?? []) {
    console.log(`screenshot: ${shot}`);
  }
} else {
  console.error('browser test wrote no result');
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
