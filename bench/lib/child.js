/*
 * Child processes of the benchmarks (the demo backend, the app build):
 * spawnLogged() starts `node <args>` with stdout and stderr in a log file;
 * child.stop() sends SIGTERM (to its process group with `group: true`, which
 * also starts it in a group of its own), SIGKILL after 10 s, waits for the
 * exit and closes the log; it runs once however often it is called.
 * waitFor() polls until a check answers, giving up early if the child dies.
 */
'use strict';

const fs = require('node:fs');
const { spawn } = require('node:child_process');

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** `what` names the child in messages ("the backend exited (1) …"). */
function spawnLogged(what, args, options, logFile, { group = false } = {}) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    ...options,
    stdio: ['ignore', out, out],
    ...(group ? { detached: true } : {}),
  });
  child.what = what;
  child.logFile = logFile;
  const exited = new Promise(resolve => child.once('exit', resolve));
  const signal = name => {
    try {
      if (group) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // already gone
    }
  };
  let stopped;
  child.stop = () => {
    if (!stopped) {
      stopped = (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          signal('SIGTERM');
          const timer = setTimeout(() => signal('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        fs.closeSync(out);
      })();
    }
    return stopped;
  };
  child.exited = exited;
  return child;
}

/**
 * Calls `fn` every 500 ms until it answers something truthy (errors count as
 * not yet) and returns that; throws after `timeoutMs`, or as soon as `child`
 * (from spawnLogged, optional) has exited.
 */
async function waitFor(what, fn, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(
        `${child.what} exited (${child.exitCode}) while waiting for ${what}; see ${child.logFile}`,
      );
    }
    try {
      const result = await fn();
      if (result) return result;
    } catch (error) {
      last = error;
    }
    await sleep(500);
  }
  throw new Error(
    `timed out waiting for ${what}${last ? `: ${last.message}` : ''}`,
  );
}

module.exports = { spawnLogged, waitFor };
