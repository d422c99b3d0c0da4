import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { RunningEmulator, startEmulator } from '@genesys-prompts/genesys-emulator';
import { get } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AddressInfo } from 'node:net';
import { Knex } from 'knex';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { genesysPromptsPlugin } from './plugin';

// Seeding 100,000 rows and a collection per sample are slow on a busy machine.
jest.setTimeout(300_000);
const ROWS = 100_000;

// A full collection on demand, so the samples measure what is retained.
setFlagsFromString('--expose-gc');
const gc: () => void = runInNewContext('gc');

/**
 * The audit export streams: 100,000 rows go out in keyset batches with
 * backpressure, so the backend's heap does not grow with the export.
 */
describe('GET /audit/export', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  let emulator: RunningEmulator;
  let server: any;

  beforeAll(async () => {
    emulator = await startEmulator();
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath('@genesys-prompts/plugin-genesys-prompts-backend', 'migrations'),
    });
    // Rows as the store writes them (the export does not check the chain).
    for (let start = 1; start <= ROWS; start += 1000) {
      // 80 rows per statement stays under SQLite's bound-variable limit.
      await knex.batchInsert(
        'audit_log',
        Array.from({ length: 1000 }, (_, i) => {
          const seq = start + i;
          return {
            seq,
            id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
            action: seq % 10 === 0 ? 'rollback' : 'update',
            outcome: 'success',
            prompt_id: seq % 2 === 0 ? 'p-even' : 'p-odd',
            entity_ref: 'component:default/support-bot',
            actor: 'user:default/guest',
            details: JSON.stringify({ reason: `change number ${seq}, "quoted", with a comma` }),
            created_at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
            prev_hash: '0'.repeat(64),
            hash: 'f'.repeat(64),
          };
        }),
        80,
      );
    }
    ({ server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { genesysPrompts: { ...emulatorConnection(emulator) } },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    }));
  });
  afterAll(() => emulator.close());

  /** Downloads over a socket, counting bytes and lines without keeping them. */
  function download(path: string) {
    const { port } = (server as import('node:http').Server).address() as AddressInfo;
    return new Promise<{ status: number; type: string; bytes: number; lines: number; first: string; last: string }>(
      (resolve, reject) => {
        get(
          { port, path, headers: { Authorization: mockCredentials.user.header() } },
          res => {
            let bytes = 0;
            let lines = 0;
            let first = '';
            let tail = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              bytes += Buffer.byteLength(chunk);
              lines += chunk.split('\n').length - 1;
              if (first.length < 2000) first += chunk.slice(0, 2000);
              tail = (tail + chunk).slice(-2000);
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode!,
                type: String(res.headers['content-type']),
                bytes,
                lines,
                first: first.split('\n').slice(0, 2).join('\n'),
                last: tail.trimEnd().split('\n').pop()!,
              }),
            );
          },
        ).on('error', reject);
      },
    );
  }

  it('streams 100,000 rows as JSON Lines with flat memory', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let samples = 0;
    const sampler = setInterval(() => {
      gc();
      samples += 1;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 200);
    const result = await download('/api/genesys-prompts/audit/export?format=jsonl');
    clearInterval(sampler);
    expect(result.status).toBe(200);
    expect(result.type).toBe('application/x-ndjson; charset=utf-8');
    expect(result.lines).toBe(ROWS);
    expect(JSON.parse(result.first.split('\n')[0])).toMatchObject({ seq: 1, action: 'update' });
    expect(JSON.parse(result.last)).toMatchObject({ seq: ROWS, action: 'rollback' });
    const growthMb = (peak - before) / 1e6;
    // eslint-disable-next-line no-console
    console.log(
      `audit export: ${(result.bytes / 1e6).toFixed(1)} MB streamed, most retained during it ${growthMb.toFixed(1)} MB over ${samples} samples`,
    );
    expect(samples).toBeGreaterThan(2);
    // A buffered export would retain the whole body (45 MB) and its rows.
    expect(growthMb).toBeLessThan(15);
  });

  it('exports CSV with the same filters as GET /audit, quoting per RFC 4180', async () => {
    const result = await download(
      '/api/genesys-prompts/audit/export?format=csv&promptId=p-even&action=rollback&from=2026-01-01T00:00:00Z',
    );
    expect(result.status).toBe(200);
    expect(result.type).toBe('text/csv; charset=utf-8');
    expect(result.lines).toBe(1 + ROWS / 10);
    const [header, first] = result.first.split('\r\n');
    expect(header).toBe('seq,id,createdAt,action,outcome,promptId,entityRef,actor,details,prevHash,hash');
    expect(first).toMatch(
      /^10,00000000-0000-4000-8000-000000000010,[^,]+,rollback,success,p-even,component:default\/support-bot,user:default\/guest,"{""reason"":""change number 10, \\""quoted\\"", with a comma""}",/,
    );
  });

  it('refuses an unknown format or filter with 400', async () => {
    for (const query of ['format=xml', 'limit=5', 'from=yesterday']) {
      const response = await request(server)
        .get(`/api/genesys-prompts/audit/export?${query}`)
        .set({ Authorization: mockCredentials.user.header() });
      expect(response.status).toBe(400);
    }
  });
});
