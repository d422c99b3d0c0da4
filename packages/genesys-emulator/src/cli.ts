import { DEMO_PROMPT_NAMES } from './demoData';
import {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
  EmulatorOptions,
} from './options';
import { startEmulator } from './server';

const DEFAULT_CLI_PORT = 8787;

const HELP = `Usage: genesys-emulator [options]

An HTTP emulator of the Genesys Cloud LLM Gateway prompt contract.

Options:
  --port N            port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host H            interface to listen on (default 127.0.0.1)
  --client-id ID      accepted OAuth client id (default ${DEFAULT_EMULATOR_CLIENT_ID})
  --client-secret S   accepted OAuth client secret (default: the built-in demo secret);
                      GENESYS_EMULATOR_CLIENT_SECRET in the environment keeps it out of ps
  --rate-limit N      requests allowed per window per token (default 300)
  --window S          rate-limit window in seconds (default 60)
  --seed N            seed of the synthetic traffic (demo data is on by default)
  --no-seed           start without demo prompts or traffic
  --help              show this help

Control endpoints (no auth): /__emulator/health, /__emulator/faults,
/__emulator/traffic, /__emulator/requests, /__emulator/reset,
/__emulator/tokens/expire, /__emulator/auditlogs.

Synthetic traffic: GET /__emulator/traffic shows it, PUT replaces it, POST
merges into it, e.g.
  {"prompts": {"<promptId>": {"ratePerSecond": 200, "startsAt": "<ISO instant>"}},
   "rules": [{"templateIncludes": "answer verbosely",
              "profile": {"latencyMedianMs": 4000, "successRate": 0.6}}]}
A prompt entry takes ratePerSecond (flat Poisson) or peakPerHour (office-hours
curve), an optional profile (latencyMedianMs, latencySigma, successRate,
tokensMean, tokensSd) and startsAt (default: now). Each conversation follows the
routing in effect at its time and the profile of the revision then deployed,
overridden by the first rule whose templateIncludes that template contains.
`;

/** Thrown for bad command-line arguments. */
export class UsageError extends Error {}

/** Parsed command line: options for startEmulator, or a request for help. */
export type CliCommand =
  | { help: true }
  | { help: false; options: EmulatorOptions };

/** Parses the command line (without `node` and the script path). */
export function parseArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): CliCommand {
  const options: EmulatorOptions = {
    port: DEFAULT_CLI_PORT,
    clientId: env.GENESYS_EMULATOR_CLIENT_ID,
    clientSecret: env.GENESYS_EMULATOR_CLIENT_SECRET,
  };
  let allowed: number | undefined;
  let windowSeconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [
            argv[i].slice(0, argv[i].indexOf('=')),
            argv[i].slice(argv[i].indexOf('=') + 1),
          ]
        : [argv[i], undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${flag} needs a value`);
      }
      i += 1;
      return next;
    };
    const integer = (min: number): number => {
      const raw = value();
      const parsed = Number(raw);
      if (!/^\d+$/.test(raw) || parsed < min) {
        throw new UsageError(
          `${flag} must be an integer >= ${min}, got '${raw}'`,
        );
      }
      return parsed;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--port':
        options.port = integer(0);
        if (options.port > 65535)
          throw new UsageError('--port must be at most 65535');
        break;
      case '--host':
        options.host = value();
        break;
      case '--client-id':
        options.clientId = value();
        break;
      case '--client-secret':
        options.clientSecret = value();
        break;
      case '--rate-limit':
        allowed = integer(1);
        break;
      case '--window':
        windowSeconds = integer(1);
        break;
      case '--seed':
        options.seed = integer(0);
        break;
      case '--no-seed':
        options.seed = false;
        break;
      default:
        throw new UsageError(`Unknown option ${argv[i]}; see --help`);
    }
  }
  if (allowed !== undefined || windowSeconds !== undefined) {
    options.rateLimit = {
      allowed: allowed ?? 300,
      windowSeconds: windowSeconds ?? 60,
    };
  }
  return { help: false, options };
}

/** The start-up banner; shows the secret only when it is the built-in demo one. */
export function banner(url: string, options: EmulatorOptions): string {
  const clientId = options.clientId ?? DEFAULT_EMULATOR_CLIENT_ID;
  const secret = options.clientSecret ?? DEFAULT_EMULATOR_CLIENT_SECRET;
  const shownSecret =
    secret === DEFAULT_EMULATOR_CLIENT_SECRET
      ? secret
      : '<the secret you configured; not printed>';
  const rate = options.rateLimit ?? { allowed: 300, windowSeconds: 60 };
  const seed = options.seed ?? true;
  return [
    `Genesys emulator listening on ${url}`,
    '',
    'Point the backend at it (app-config or environment):',
    `  genesysPrompts.apiBaseUrl:   ${url}`,
    `  genesysPrompts.loginBaseUrl: ${url}`,
    `  GENESYS_CLIENT_ID=${clientId}`,
    `  GENESYS_CLIENT_SECRET=${shownSecret}`,
    '',
    seed === false
      ? 'Demo data: off (--no-seed)'
      : `Demo data: ${DEMO_PROMPT_NAMES.length} prompts, synthetic traffic${
          typeof seed === 'number' ? ` (seed ${seed})` : ''
        }`,
    `Rate limit: ${rate.allowed} requests per ${rate.windowSeconds} s per token`,
    `Control endpoints: ${url}/__emulator/health (faults, traffic, requests, reset, tokens/expire, auditlogs)`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

/** Runs the CLI until SIGINT/SIGTERM. */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  let command: CliCommand;
  try {
    command = parseArgs(argv, process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`genesys-emulator: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (command.help) {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await startEmulator(command.options);
  process.stdout.write(`${banner(emulator.url, command.options)}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the emulator\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
