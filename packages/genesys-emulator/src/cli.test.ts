import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { banner, parseArgs, UsageError } from './cli';
import { fetchToken } from './testing/harness';

describe('CLI arguments', () => {
  it('defaults to port 8787 with demo data', () => {
    expect(parseArgs([])).toEqual({ help: false, options: { port: 8787 } });
  });

  it('reads every flag', () => {
    const command = parseArgs([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--client-id',
      'id',
      '--client-secret=s',
      '--rate-limit',
      '10',
      '--window',
      '5',
      '--seed',
      '42',
    ]);
    expect(command).toEqual({
      help: false,
      options: {
        port: 0,
        host: '0.0.0.0',
        clientId: 'id',
        clientSecret: 's',
        rateLimit: { allowed: 10, windowSeconds: 5 },
        seed: 42,
      },
    });
    expect(parseArgs(['--no-seed'])).toMatchObject({
      options: { seed: false },
    });
    expect(parseArgs(['--rate-limit', '7'])).toMatchObject({
      options: { rateLimit: { allowed: 7, windowSeconds: 60 } },
    });
    expect(parseArgs(['--help'])).toEqual({ help: true });
  });

  it('takes credentials from the environment', () => {
    expect(
      parseArgs([], { GENESYS_EMULATOR_CLIENT_SECRET: 'from-env' }),
    ).toMatchObject({
      options: { clientSecret: 'from-env' },
    });
  });

  it.each([
    ['--port'],
    ['--port', 'x'],
    ['--port', '70000'],
    ['--rate-limit', '0'],
    ['--bogus'],
  ])('rejects %j', (...argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });

  it('prints the demo secret but never a configured one', () => {
    expect(banner('http://127.0.0.1:1', {})).toContain(
      'GENESYS_CLIENT_SECRET=emulator-client-secret',
    );
    const custom = banner('http://127.0.0.1:1', {
      clientId: 'mine',
      clientSecret: 'super-secret-value',
    });
    expect(custom).toContain('GENESYS_CLIENT_ID=mine');
    expect(custom).not.toContain('super-secret-value');
  });
});

describe('CLI process', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts, answers, and stops cleanly on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      [
        resolve(__dirname, '../bin/genesys-emulator'),
        '--port',
        '0',
        '--rate-limit',
        '50',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no URL printed: ${output}`)),
        20_000,
      );
      child!.stdout!.on('data', chunk => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child!.stderr!.on('data', chunk => (output += chunk));
      child!.once('exit', code =>
        reject(new Error(`exited ${code}: ${output}`)),
      );
    });
    expect(output).toContain('GENESYS_CLIENT_ID=emulator-client-id');
    expect(output).toContain('Rate limit: 50 requests per 60 s');

    const health = await fetch(`${url}/__emulator/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', prompts: 5 });
    const token = await fetchToken(url);
    const prompts = await fetch(`${url}/api/v2/ai/llm/prompts`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(prompts.status).toBe(200);
    expect(prompts.headers.get('inin-ratelimit-allowed')).toBe('50');

    const exitCode = await new Promise<number | null>(resolveExit => {
      child!.once('exit', code => resolveExit(code));
      child!.kill('SIGTERM');
    });
    expect(exitCode).toBe(0);
  }, 30_000);
});
