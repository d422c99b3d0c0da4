import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import knexFactory, { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonicalJson';
import { AuditStore, auditRowHash, GENESIS_HASH } from './AuditStore';
import { ExperimentStore } from './ExperimentStore';
import { GuardStore } from './GuardStore';
import { OperationStore } from './OperationStore';
import { VersionStore } from './VersionStore';
import { PromptBusyError, WriteLeaseStore } from './WriteLeaseStore';

jest.setTimeout(60_000);

const definition: GenesysPromptDefinition = {
  name: 'greeter',
  version: '1.0.0',
  template: 'Hello {{name}}',
  variables: [{ name: 'name', type: 'string', required: true }],
  contextRules: [],
  modelId: 'openai-gpt-4o',
  maxTokens: 100,
};

async function migrate(knex: Knex) {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@genesys-prompts/plugin-genesys-prompts-backend',
      'migrations',
    ),
  });
}

describe.each(
  TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] }).eachSupportedId(),
)('stores on %p', databaseId => {
  const databases = TestDatabases.create({ ids: [databaseId] });
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    await migrate(knex);
  });

  describe('AuditStore', () => {
    const entry = (n: number) => ({
      action: 'update',
      outcome: 'success' as const,
      promptId: 'p1',
      entityRef: 'component:default/support-bot',
      actor: 'user:default/guest',
      details: { n, nested: { b: 2, a: 1 } },
    });

    it('chains entries from the genesis hash and verifies them', async () => {
      const audit = new AuditStore(knex);
      const first = await audit.appendAlone(entry(1));
      const second = await audit.appendAlone(entry(2));
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
      expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
      await expect(audit.verify()).resolves.toEqual({ ok: true, checked: 2 });
      expect(await audit.list({ promptId: 'p1' }, 10)).toEqual([second, first]);
      expect(await audit.list({ promptId: 'p1', beforeSeq: 2 }, 10)).toEqual([first]);
      expect(await audit.list({ promptId: 'other' }, 10)).toEqual([]);
      expect(await audit.list({ actor: 'user:default/guest', action: 'update' }, 1)).toEqual([second]);
    });

    it('keeps one linear chain under concurrent appends', async () => {
      const audit = new AuditStore(knex);
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => audit.appendAlone(entry(i))),
      );
      const result = await audit.verify();
      expect(result).toEqual({ ok: true, checked: 25 });
      const seqs = (await knex('audit_log').select('seq').orderBy('seq')).map(r => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });

    it('names the first changed row', async () => {
      const audit = new AuditStore(knex);
      for (let i = 1; i <= 5; i++) await audit.appendAlone(entry(i));
      await knex('audit_log').where({ seq: 3 }).update({ actor: 'user:default/mallory' });
      await expect(audit.verify()).resolves.toEqual({
        ok: false,
        checked: 2,
        firstBroken: { seq: 3, reason: 'hash does not match the row content' },
      });
    });

    it('names a deleted row', async () => {
      const audit = new AuditStore(knex);
      for (let i = 1; i <= 5; i++) await audit.appendAlone(entry(i));
      await knex('audit_log').where({ seq: 4 }).delete();
      await expect(audit.verify()).resolves.toMatchObject({
        ok: false,
        checked: 3,
        firstBroken: { seq: 4, reason: 'row 4 is missing (next is 5)' },
      });
    });

    it('notices a deleted last row through the chain head', async () => {
      const audit = new AuditStore(knex);
      for (let i = 1; i <= 3; i++) await audit.appendAlone(entry(i));
      await knex('audit_log').where({ seq: 3 }).delete();
      await expect(audit.verify()).resolves.toMatchObject({
        ok: false,
        firstBroken: { seq: 3 },
      });
    });
  });

  describe('VersionStore', () => {
    const version = (promptId: string) => ({
      promptId,
      promptName: 'greeter',
      entityRef: 'component:default/support-bot',
      action: 'update' as const,
      actor: 'user:default/guest',
      reason: null,
      versionLabel: '1.0.0',
      revision: 2,
      contentHash: 'a'.repeat(64),
      sourceVersionNo: null,
      definition,
    });

    it('numbers versions per prompt without gaps', async () => {
      const versions = new VersionStore(knex);
      for (let i = 0; i < 3; i++) {
        await knex.transaction(tx => versions.append(tx, version('p1')));
      }
      await knex.transaction(tx => versions.append(tx, version('p2')));
      expect((await versions.latest('p1'))?.versionNo).toBe(3);
      expect((await versions.latest('p1'))?.definition).toEqual(definition);
      expect(
        (await versions.latestOfEach(['p1', 'p3'])).map(v => [v.promptId, v.versionNo]),
      ).toEqual([['p1', 3]]);
      expect(await versions.latestOfEach([])).toEqual([]);
      expect(await versions.count()).toBe(4);
      expect((await versions.list('p1', { limit: 2 })).map(v => v.versionNo)).toEqual([3, 2]);
      expect((await versions.list('p1', { limit: 2, before: 2 })).map(v => v.versionNo)).toEqual([1]);
      expect((await versions.get('p1', 2))?.versionNo).toBe(2);
      expect(await versions.get('p1', 9)).toBeUndefined();
      expect(
        (await versions.latestOfEach()).map(v => [v.promptId, v.versionNo]).sort(),
      ).toEqual([
        ['p1', 3],
        ['p2', 1],
      ]);
    });

    it('never gives two versions of a prompt the same number', async () => {
      const versions = new VersionStore(knex);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          knex.transaction(tx => versions.append(tx, version('p1'))),
        ),
      );
      // Concurrent appends either get the next number or are refused by the
      // unique index; none is stored twice and the numbers have no gaps.
      const stored = (
        await knex('prompt_versions').where({ prompt_id: 'p1' }).select('version_no')
      )
        .map(r => Number(r.version_no))
        .sort((a, b) => a - b);
      const succeeded = results.filter(r => r.status === 'fulfilled').length;
      expect(succeeded).toBeGreaterThan(0);
      expect(stored).toEqual(Array.from({ length: succeeded }, (_, i) => i + 1));
    });
  });

  describe('OperationStore', () => {
    it('moves an operation from pending to applied or failed once', async () => {
      const operations = new OperationStore(knex);
      const op = await operations.begin({
        kind: 'create',
        promptId: null,
        promptName: 'greeter',
        entityRef: 'component:default/support-bot',
        actor: 'user:default/guest',
        expectedRevision: null,
        definition,
      });
      expect((await operations.pending()).map(o => o.id)).toEqual([op.id]);
      await knex.transaction(tx =>
        operations.finish(tx, op.id, { status: 'applied', promptId: 'p1' }),
      );
      // A second finish does not overwrite the first outcome.
      await knex.transaction(tx =>
        operations.finish(tx, op.id, { status: 'failed', error: 'late' }),
      );
      expect(await operations.get(op.id)).toMatchObject({
        status: 'applied',
        promptId: 'p1',
        error: null,
        definition,
      });
      expect(await operations.pending()).toEqual([]);
    });
  });

  describe('WriteLeaseStore', () => {
    const pause = (ms: number) => new Promise(r => setTimeout(r, ms));

    it('lets writes to one prompt take turns and writes to others run alongside', async () => {
      const leases = new WriteLeaseStore(knex, { waitMs: 10_000 });
      const events: string[] = [];
      const write = (promptId: string, name: string) =>
        leases.exclusively(promptId, async () => {
          events.push(`${name} in`);
          await pause(50);
          events.push(`${name} out`);
          return name;
        });
      const results = await Promise.all([
        write('p1', 'a'),
        write('p1', 'b'),
        write('p1', 'c'),
        write('p2', 'other'),
      ]);
      expect(results).toEqual(['a', 'b', 'c', 'other']);
      // On p1, never two inside at once.
      let inside = 0;
      for (const event of events.filter(e => !e.startsWith('other'))) {
        inside += event.endsWith(' in') ? 1 : -1;
        expect(inside).toBeLessThanOrEqual(1);
      }
      // p2 did not wait for p1's queue.
      expect(events.indexOf('other in')).toBeLessThan(events.indexOf('c in'));
      expect(Number((await knex('prompt_write_leases').count({ n: '*' }))[0].n)).toBe(0);
    });

    it('releases the lease when the work fails', async () => {
      const leases = new WriteLeaseStore(knex);
      await expect(
        leases.exclusively('p1', async () => {
          throw new Error('upstream down');
        }),
      ).rejects.toThrow('upstream down');
      await expect(leases.exclusively('p1', async () => 'next')).resolves.toBe('next');
    });

    it('answers PromptBusyError after the wait and runs nothing', async () => {
      const leases = new WriteLeaseStore(knex, { waitMs: 200 });
      let release!: () => void;
      const holding = leases.exclusively(
        'p1',
        () => new Promise<void>(resolve => (release = resolve)),
      );
      await pause(50);
      const ran = jest.fn();
      await expect(leases.exclusively('p1', ran)).rejects.toThrow(PromptBusyError);
      expect(ran).not.toHaveBeenCalled();
      release();
      await holding;
    });

    it('takes over a lease whose holder died (expired)', async () => {
      let skew = 0;
      const clock = () => Date.now() + skew;
      const dead = new WriteLeaseStore(knex, { leaseMs: 60_000, now: clock });
      // A holder that never releases: its process is gone.
      dead.exclusively('p1', () => new Promise(() => {})).catch(() => undefined);
      await pause(50);
      const alive = new WriteLeaseStore(knex, { waitMs: 100, now: clock });
      await expect(alive.exclusively('p1', async () => 'x')).rejects.toThrow(PromptBusyError);
      skew += 60_001;
      await expect(alive.exclusively('p1', async () => 'taken over')).resolves.toBe(
        'taken over',
      );
    });
  });

  describe('ExperimentStore', () => {
    const variants = [
      { promptId: 'p1', name: 'primary', weight: 60 },
      { promptId: 'p2', name: 'variant', weight: 40 },
    ];

    it('keeps each experiment with its ordered history and moves status only from the expected one', async () => {
      const store = new ExperimentStore(knex);
      const created = await knex.transaction(tx =>
        store.create(
          tx,
          {
            entityRef: 'component:default/support-bot',
            primaryPromptId: 'p1',
            status: 'draft',
            variants,
            guard: { maxErrorRate: 0.1 },
            createdBy: 'user:default/guest',
          },
          { action: 'create', actor: 'user:default/guest' },
        ),
      );
      expect(created).toMatchObject({ status: 'draft', variants, guard: { maxErrorRate: 0.1 } });
      const started = await knex.transaction(tx =>
        store.transition(
          tx,
          created.id,
          'draft',
          { status: 'running', startedAt: '2026-11-26T10:00:00.000Z' },
          { action: 'start', actor: 'user:default/guest' },
        ),
      );
      expect(started).toBe(true);
      // A second start from draft finds it running: refused, no event.
      const again = await knex.transaction(tx =>
        store.transition(tx, created.id, 'draft', { status: 'running' }, {
          action: 'start',
          actor: 'user:default/other',
        }),
      );
      expect(again).toBe(false);
      const [running] = await store.listByStatus(['running'], ['p1']);
      expect(running.startedAt).toBe('2026-11-26T10:00:00.000Z');
      expect(running.history.map(e => e.action)).toEqual(['create', 'start']);
      expect(await store.listByStatus(['running'], ['other'])).toEqual([]);
      expect(await store.listForPrompt('p1')).toHaveLength(1);
    });
  });

  describe('GuardStore', () => {
    it('hands out due checks and decides each exactly once', async () => {
      let now = new Date('2026-11-26T10:00:00.000Z');
      const store = new GuardStore(knex, () => now);
      const thresholds = {
        maxSuccessRateDrop: 0.05,
        maxP95LatencyIncrease: 0.5,
        maxErrorRate: 0.2,
        minRequests: 100,
        windowSeconds: 1800,
      };
      await knex.transaction(tx =>
        store.schedule(tx, {
          promptId: 'p1',
          promptName: 'greeter',
          entityRef: 'component:default/support-bot',
          versionNo: 2,
          previousVersionNo: 1,
          previousDeployedAt: '2026-11-25T10:00:00.000Z',
          deployedAt: '2026-11-26T10:00:00.000Z',
          dueAt: '2026-11-26T10:30:00.000Z',
          thresholds,
        }),
      );
      expect(await store.due()).toEqual([]);
      now = new Date('2026-11-26T10:30:00.000Z');
      const [check] = await store.due();
      expect(check).toMatchObject({ versionNo: 2, status: 'pending', thresholds });
      const verdict = { status: 'rolled-back' as const, summary: 'worse', rollbackVersionNo: 3 };
      expect(await store.decide(check.id, verdict)).toBe(true);
      expect(await store.decide(check.id, { status: 'passed', summary: 'fine' })).toBe(false);
      expect(await store.due()).toEqual([]);
      const [listed] = await store.listForPrompt('p1');
      expect(listed).toMatchObject({ status: 'rolled-back', summary: 'worse', rollbackVersionNo: 3 });
      expect((await store.latestRollbacks(['p1'])).get('p1')?.checkedAt).toBe(
        '2026-11-26T10:30:00.000Z',
      );
    });
  });
});

describe('AuditStore with two replicas on one PostgreSQL', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it('keeps one linear chain when two connection pools append at once', async () => {
    const knex = await databases.init('POSTGRES_15');
    await migrate(knex);
    // A second pool on the same database stands in for a second backend replica.
    const replicaKnex = knexFactory({
      client: knex.client.config.client,
      connection: knex.client.config.connection,
    });
    try {
      const replicaA = new AuditStore(knex);
      const replicaB = new AuditStore(replicaKnex);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? replicaA : replicaB).appendAlone({
            action: 'update',
            outcome: 'success',
            actor: `user:default/u${i}`,
            details: { i },
          }),
        ),
      );
      await expect(replicaB.verify()).resolves.toEqual({ ok: true, checked: 40 });

      // Verifying while another replica appends is not mistaken for tampering.
      const appending = Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          replicaA.appendAlone({
            action: 'update',
            outcome: 'success',
            actor: 'user:default/busy',
            details: { i },
          }),
        ),
      );
      const verdicts = [];
      for (let i = 0; i < 10; i++) {
        verdicts.push((await replicaB.verify()).ok);
      }
      await appending;
      expect(verdicts.every(Boolean)).toBe(true);
      await expect(replicaB.verify()).resolves.toEqual({ ok: true, checked: 100 });
    } finally {
      await replicaKnex.destroy();
    }
  });
});

describe('auditRowHash', () => {
  it('hashes the canonical JSON of the row chained to the previous hash', () => {
    const row = {
      seq: 7,
      id: 'b7d1c4a0-0000-4000-8000-000000000000',
      action: 'update',
      outcome: 'success' as const,
      prompt_id: null,
      entity_ref: 'component:default/support-bot',
      actor: 'user:default/guest "quoted" \u00e9',
      details: '{"a":1}',
      created_at: '2026-11-26T12:00:00.000Z',
      prev_hash: 'f'.repeat(64),
    };
    const canonical = canonicalJson({
      seq: 7,
      id: row.id,
      action: row.action,
      outcome: row.outcome,
      promptId: row.prompt_id,
      entityRef: row.entity_ref,
      actor: row.actor,
      details: row.details,
      createdAt: row.created_at,
    });
    expect(auditRowHash(row)).toBe(
      createHash('sha256').update(`${row.prev_hash}\n${canonical}`).digest('hex'),
    );
  });

});
