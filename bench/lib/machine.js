/*
 * The machine a benchmark ran on, for the `machine` object of its JSON.
 * Each benchmark has always recorded its own selection of fields, in its own
 * order (people compare the files), so the caller names them:
 *   machine('node', 'cpus', 'cpuModel', 'totalMemMb')
 * Fields: node, platform, cpus, cpuModel, totalMemMb, memoryGb.
 * loadAverage() is os.loadavg() to two decimals (1, 5, 15 minutes).
 */
'use strict';

const os = require('node:os');

const FIELDS = {
  node: () => process.version,
  platform: () => `${process.platform} ${os.release()} ${process.arch}`,
  cpus: () => os.cpus().length,
  cpuModel: () => os.cpus()[0]?.model,
  totalMemMb: () => Math.round(os.totalmem() / 2 ** 20),
  memoryGb: () => Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
};

function machine(...fields) {
  const info = {};
  for (const field of fields) {
    if (!FIELDS[field]) throw new Error(`machine: unknown field ${field}`);
    info[field] = FIELDS[field]();
  }
  return info;
}

const loadAverage = () => os.loadavg().map(x => Math.round(x * 100) / 100);

module.exports = { machine, loadAverage };
