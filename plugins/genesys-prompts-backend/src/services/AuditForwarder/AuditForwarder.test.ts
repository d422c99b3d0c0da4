import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { RunningEmulator, startEmulator } from '@genesys-prompts/genesys-emulator';
import { Knex } from 'knex';
import { readResilienceConfig } from '../../config';
import { AuditStore } from '../../database/AuditStore';
import { emulatorConnection } from '../../testing/emulatorConnection';
import { LlmGatewayClient } from '../GenesysClient/GenesysClient';
import { AuditForwarder } from './AuditForwarder';

jest.setTimeout(60_000);
const ROUTE = { method: 'POST', path: '/api/v2/users/me/auditlogs' };

describe.each(
  TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] }).eachSupportedId(),
)('audit forwarding on %p', databaseId => {
  const databases = TestDatabases.create({ ids: [databaseId] });
  let knex: Knex;
  let emulator: RunningEmulator;
  let audit: AuditStore;
  let clock = 0;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  beforeEach(async () => {
    emulator.reset();
    knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: resolvePackagePath('@genesys-prompts/plugin-genesys-prompts-backend', 'migrations'),
    });
    audit = new AuditStore(knex);
    for (let n = 1; n <= 30; n++) {
      await audit.appendAlone({
        action: 'update',
        outcome: 'success',
        promptId: 'p1',
        entityRef: 'component:default/support-bot',
        actor: 'user:default/guest',
        details: { n },
      });
    }
  });

  function forwarder() {
    const gateway = new LlmGatewayClient(
      emulatorConnection(emulator, { requestTimeoutMs: 300 }),
      readResilienceConfig(
        new ConfigReader({
          genesysPrompts: {
            retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
            // The outage opens the circuit; let it probe again soon.
            circuitBreaker: { halfOpenAfterMs: 50 },
          },
        }),
      ),
    );
    return new AuditForwarder({
      audit,
      gateway,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });
  }

  it('delivers every entry exactly once through an outage, in order, with a forwarded mark each', async () => {
    const run = forwarder();
    // The outage: every delivery fails, then answers are lost after applying.
    emulator.setFaults({ serverError: { status: 503, match: ROUTE } });
    const during = await run.run();
    expect(during).toEqual({ forwarded: 0, pending: true });
    // Backing off: the next pass right away does not even try.
    expect(await run.run()).toMatchObject({ skipped: true });
    expect(emulator.forwardedAuditLogs().entries).toHaveLength(0);

    emulator.setFaults({ resetAfterApply: { count: 3, match: ROUTE } });
    for (let pass = 0; pass < 20; pass++) {
      clock += 15 * 60_000;
      await new Promise(resolve => setTimeout(resolve, 60));
      if (!(await run.run()).pending) break;
    }

    const { entries, repeatedDeliveries } = emulator.forwardedAuditLogs();
    const ids = (await audit.list({}, 100)).reverse().map(entry => entry.id);
    expect(entries.map(e => e.idempotencyKey)).toEqual(ids);
    expect(entries.map(e => (e.entry as { details: { n: number } }).details.n)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // Answers lost after applying were resent, and kept once.
    expect(repeatedDeliveries).toBeGreaterThanOrEqual(1);
    const marks = await audit.forwardedAt((await audit.list({}, 100)).map(e => e.seq));
    expect(marks.size).toBe(30);
    expect(await audit.unforwarded(10)).toEqual([]);
    // The log itself was never touched: the chain still verifies.
    expect(await audit.verify()).toEqual({ ok: true, checked: 30 });
  });

  it('forwards entries appended later, and only those', async () => {
    const run = forwarder();
    expect(await run.run()).toEqual({ forwarded: 30, pending: false });
    await audit.appendAlone({
      action: 'rollback',
      outcome: 'success',
      promptId: 'p1',
      entityRef: 'component:default/support-bot',
      actor: 'user:default/guest',
      details: { n: 31 },
    });
    expect(await run.run()).toEqual({ forwarded: 1, pending: false });
    expect(emulator.forwardedAuditLogs().entries).toHaveLength(31);
    expect(emulator.forwardedAuditLogs().repeatedDeliveries).toBe(0);
  });
});
