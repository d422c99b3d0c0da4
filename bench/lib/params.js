/*
 * Command-line flags for the benchmarks, read the same way by every one:
 * `--flag value` or `--flag=value`; a flag not given is read from the
 * environment as <envPrefix><FLAG> (upper case, dashes as underscores), then
 * falls back to its default. Anything but a known `--flag` is refused before
 * any value is read. The error messages are the ones the benchmarks have
 * always printed (bench/README.md documents the flags).
 */
'use strict';

const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/**
 * Parses `argv` against the `known` flag names and returns the readers:
 * value, number, either, onOff, oneOf, list and repoPath.
 */
function flagReader(argv, env, { known, envPrefix }) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument '${argv[i]}'`);
    flags[match[1]] = match[2] !== undefined ? match[2] : argv[++i];
  }
  for (const key of Object.keys(flags)) {
    if (!known.includes(key)) throw new Error(`unknown flag --${key}`);
  }

  /** The raw value: the flag, else the environment, else the fallback. */
  const value = (key, fallback) =>
    flags[key] ??
    env[`${envPrefix}${key.toUpperCase().replace(/-/g, '_')}`] ??
    fallback;

  /** A positive (or, with zero, non-negative) number; an integer unless told. */
  const number = (key, fallback, { integer = true, zero = false } = {}) => {
    const raw = value(key, fallback);
    const n = Number(raw);
    if (!(zero ? n >= 0 : n > 0) || (integer && !Number.isInteger(n))) {
      throw new Error(
        `--${key} must be a ${zero ? 'non-negative' : 'positive'} ${
          integer ? 'integer' : 'number'
        }, got '${raw}'`,
      );
    }
    return n;
  };

  /** One of two words ("--emulator must be child or inline"). */
  const either = (key, fallback, [a, b]) => {
    const raw = String(value(key, fallback));
    if (raw !== a && raw !== b) {
      throw new Error(`--${key} must be ${a} or ${b}, got '${raw}'`);
    }
    return raw;
  };

  /** `on` or `off`, as a boolean. */
  const onOff = (key, fallback) =>
    either(key, fallback, ['on', 'off']) === 'on';

  /** One of several words ("--profile must be one of auto|on|off"). */
  const oneOf = (key, fallback, options) => {
    const raw = String(value(key, fallback));
    if (!options.includes(raw)) {
      throw new Error(
        `--${key} must be one of ${options.join('|')}, got '${raw}'`,
      );
    }
    return raw;
  };

  /** A comma-separated list whose items must be among `allowed`. */
  const list = (key, fallback, allowed, noun) => {
    const items = String(value(key, fallback))
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item)) {
        throw new Error(`--${key}: unknown ${noun} '${item}'`);
      }
    }
    return items;
  };

  /** A path, relative to the repository root unless absolute. */
  const repoPath = (key, fallback) => path.resolve(REPO, value(key, fallback));

  return { value, number, either, onOff, oneOf, list, repoPath };
}

module.exports = { flagReader };
