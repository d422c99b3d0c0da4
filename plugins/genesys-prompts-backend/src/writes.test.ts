import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { Knex } from 'knex';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { readResilienceConfig } from './config';
import { AuditStore } from './database/AuditStore';
import { OperationStore } from './database/OperationStore';
import { VersionStore } from './database/VersionStore';
import { WriteLeaseStore } from './database/WriteLeaseStore';
import { genesysPromptsPlugin } from './plugin';
import { DriftSync } from './services/DriftSync/DriftSync';
import { LlmGatewayClient } from './services/GenesysClient/GenesysClient';
import { PromptValidator } from './services/PromptValidator/PromptValidator';
import { PromptWriteService } from './services/PromptWriteService/PromptWriteService';
import { Reconciler } from './services/Reconciler/Reconciler';

/*
 * The write paths through the API, on SQLite and PostgreSQL, against the
 * emulator over HTTP: every status, the permission matrix, concurrency, crash
 * consistency, rollback, drift and a tampered audit log.
 */

jest.setTimeout(60_000);

const PROMPT = 'escalation-detector';
const NEW_PROMPT = 'warranty-claim-helper';
const ID = demoPromptId(PROMPT);

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: { 'genesys.cloud/llm-prompts': `${PROMPT}, ${NEW_PROMPT}` },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const BASE = '/api/genesys-prompts/entities/default/component/support-bot/prompts';
const auth = { Authorization: mockCredentials.user.header() };

const newDefinition = {
  name: NEW_PROMPT,
  version: '1.0.0',
  template: 'Help the customer file a warranty claim for {{product}}.',
  variables: [{ name: 'product', type: 'string', required: true }],
  contextRules: [],
  modelId: 'openai-gpt-4o',
  maxTokens: 1000,
};

describe.each(
  TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] }).eachSupportedId(),
)('writes on %p', databaseId => {
  const databases = TestDatabases.create({ ids: [databaseId] });
  let emulator: RunningEmulator;
  let knex: Knex;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const connection = () => emulatorConnection(emulator);

  async function startBackend(
    permission: (name: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY = () =>
      AuthorizeResult.ALLOW,
  ) {
    emulator.reset();
    knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { genesysPrompts: { ...connection(), retry: { initialDelayMs: 10 } } },
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({ result: permission(r.permission.name) })),
        }).factory,
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return server;
  }

  const current = async (server: any) =>
    (await request(server).get(`${BASE}/${ID}`).set(auth)).body.prompt;

  const edit = (prompt: any, extra: Record<string, unknown> = {}) => ({
    name: prompt.name,
    version: prompt.version,
    template: `${prompt.template}\nKeep it short.`,
    variables: prompt.variables,
    contextRules: prompt.contextRules,
    modelId: prompt.modelId,
    maxTokens: prompt.maxTokens,
    expectedRevision: prompt.revision,
    reason: 'shorter',
    ...extra,
  });

  const counts = async () => ({
    versions: Number((await knex('prompt_versions').count({ n: '*' }).first())?.n),
    audit: Number((await knex('audit_log').count({ n: '*' }).first())?.n),
    failures: Number(
      (await knex('audit_log').where({ outcome: 'failure' }).count({ n: '*' }).first())?.n,
    ),
  });

  const upstreamWrites = () => {
    const log = emulator.requestLog().counts;
    return Object.entries(log)
      .filter(([route]) => route.startsWith('POST /api') || route.startsWith('PUT /api'))
      .reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  };

  it('creates, updates and rolls back with history, audit and a verified chain', async () => {
    const server = await startBackend();
    const created = await request(server).post(BASE).set(auth).send(newDefinition);
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({
      versionNo: 1,
      action: 'create',
      actor: 'user:default/mock',
      revision: 1,
    });

    const before = await current(server);
    const updated = await request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before));
    expect(updated.status).toBe(200);
    expect(updated.body.version).toMatchObject({ versionNo: 2, action: 'update', reason: 'shorter' });
    expect(updated.body.prompt.revision).toBe(before.revision + 1);

    const rolledBack = await request(server)
      .post(`${BASE}/${ID}/rollback`)
      .set(auth)
      .send({ reason: 'too terse' });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.version).toMatchObject({
      versionNo: 3,
      action: 'rollback',
      sourceVersionNo: 1,
      reason: 'too terse',
    });
    expect(rolledBack.body.prompt.template).toBe(before.template);

    const versions = await request(server).get(`${BASE}/${ID}/versions?limit=2`).set(auth);
    expect(versions.body.items.map((v: any) => [v.versionNo, v.action])).toEqual([
      [3, 'rollback'],
      [2, 'update'],
    ]);
    const older = await request(server)
      .get(`${BASE}/${ID}/versions?limit=2&cursor=${versions.body.nextCursor}`)
      .set(auth);
    expect(older.body.items.map((v: any) => v.action)).toEqual(['import']);
    expect(older.body.nextCursor).toBeUndefined();

    const one = await request(server).get(`${BASE}/${ID}/versions/2`).set(auth);
    expect(one.body.definition.template).toBe(`${before.template}\nKeep it short.`);

    const list = await request(server).get(BASE).set(auth);
    expect(list.body.items.find((i: any) => i.name === PROMPT)).toMatchObject({
      latestVersionNo: 3,
      drift: false,
      budget: { fits: true, estimated: false },
    });

    const audit = await request(server).get(`${BASE}/${ID}/audit`).set(auth);
    expect(audit.body.items.map((a: any) => a.action)).toEqual(['rollback', 'update']);
    const all = await request(server)
      .get('/api/genesys-prompts/audit?action=create')
      .set(auth);
    expect(all.body.items).toHaveLength(1);
    const verify = await request(server).get('/api/genesys-prompts/audit/verify').set(auth);
    expect(verify.body).toEqual({ ok: true, checked: 3 });
  });

  it('answers each bad input with a 4xx that names it, and writes nothing', async () => {
    const server = await startBackend();
    const before = await current(server);
    emulator.clearRequestLog();
    const cases: Array<[string, () => request.Test, number, RegExp]> = [
      ['unknown field', () => request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before, { colour: 'red' })), 400, /Unrecognized key/],
      ['wrong type', () => request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before, { maxTokens: 'many' })), 400, /maxTokens/],
      ['undefined variable', () => request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before, { template: 'Hi {{nobody}}' })), 400, /undefined-variable/],
      ['renaming', () => request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before, { name: 'other' })), 400, /renamed/],
      ['prompt not owned', () => request(server).put(`${BASE}/${demoPromptId('order-status-summarizer')}`).set(auth).send(edit(before)), 404, /owned/],
      ['create of a name not annotated', () => request(server).post(BASE).set(auth).send({ ...newDefinition, name: 'not-listed' }), 400, /annotation/],
      ['rollback without reason', () => request(server).post(`${BASE}/${ID}/rollback`).set(auth).send({ toVersion: 1 }), 400, /reason/],
      ['rollback with blank reason', () => request(server).post(`${BASE}/${ID}/rollback`).set(auth).send({ reason: '  ' }), 400, /reason/],
      ['rollback without history', () => request(server).post(`${BASE}/${ID}/rollback`).set(auth).send({ reason: 'r' }), 409, /no version history/],
      ['unknown version', () => request(server).get(`${BASE}/${ID}/versions/99`).set(auth), 404, /no version 99/],
      ['bad cursor', () => request(server).get(`${BASE}/${ID}/versions?cursor=abc`).set(auth), 400, /cursor/],
    ];
    for (const [name, send, status, message] of cases) {
      const response = await send();
      expect({ name, status: response.status }).toEqual({ name, status });
      expect(response.body.error.message).toMatch(message);
    }
    const validation = await request(server)
      .put(`${BASE}/${ID}`)
      .set(auth)
      .send(edit(before, { template: 'Hi {{nobody}}' }));
    expect(validation.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'undefined-variable', line: 1, column: 4 }),
      ]),
    );
    expect(upstreamWrites()).toBe(0);
    expect(await counts()).toEqual({ versions: 0, audit: 0, failures: 0 });
  });

  it('refuses a stale revision with 409: no upstream write, only a failure entry', async () => {
    const server = await startBackend();
    const before = await current(server);
    emulator.clearRequestLog();
    const response = await request(server)
      .put(`${BASE}/${ID}`)
      .set(auth)
      .send(edit(before, { expectedRevision: before.revision - 1 }));
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/revision/);
    expect(upstreamWrites()).toBe(0);
    expect(await counts()).toEqual({ versions: 0, audit: 1, failures: 1 });
  });

  it.each([
    ['genesys-prompts.prompt.create', 'create'],
    ['genesys-prompts.prompt.update', 'update'],
    ['genesys-prompts.prompt.rollback', 'rollback'],
  ])('answers 403 without %s and writes nothing', async (denied, route) => {
    const server = await startBackend(name =>
      name === denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    );
    const before = await current(server);
    emulator.clearRequestLog();
    const send = {
      create: () => request(server).post(BASE).set(auth).send(newDefinition),
      update: () => request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before)),
      rollback: () =>
        request(server).post(`${BASE}/${ID}/rollback`).set(auth).send({ reason: 'r' }),
    }[route]!;
    const response = await send();
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(denied);
    expect(upstreamWrites()).toBe(0);
    expect(await counts()).toEqual({ versions: 0, audit: 0, failures: 0 });
  });

  it('answers 403 for the audit log without genesys-prompts.audit.read', async () => {
    const server = await startBackend(name =>
      name === 'genesys-prompts.audit.read' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    );
    expect((await request(server).get('/api/genesys-prompts/audit').set(auth)).status).toBe(403);
    expect((await request(server).get('/api/genesys-prompts/audit/verify').set(auth)).status).toBe(403);
  });

  it('lets exactly one of 20 parallel updates with the same revision win', async () => {
    const server = await startBackend();
    const before = await current(server);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(server)
          .put(`${BASE}/${ID}`)
          .set(auth)
          .send(edit(before, { template: `${before.template}\nVariant ${i}.` })),
      ),
    );
    const statuses = responses.map(r => r.status).sort();
    expect(statuses.filter(s => s === 200)).toHaveLength(1);
    expect(statuses.filter(s => s === 409)).toHaveLength(19);
    expect((await current(server)).revision).toBe(before.revision + 1);
    expect(
      (await knex('prompt_versions').select('action').orderBy('version_no')).map(v => v.action),
    ).toEqual(['import', 'update']);
    const verify = await request(server).get('/api/genesys-prompts/audit/verify').set(auth);
    expect(verify.body).toEqual({ ok: true, checked: 20 });
  });

  it('records exactly one version when a crash falls between the upstream write and the local commit', async () => {
    const server = await startBackend();
    const before = await current(server);
    // The local commit fails once, after Genesys applied the update.
    const crash = jest
      .spyOn(VersionStore.prototype, 'append')
      .mockRejectedValueOnce(new Error('process killed'));
    const response = await request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before));
    crash.mockRestore();
    expect(response.status).toBe(500);
    expect((await current(server)).revision).toBe(before.revision + 1);
    expect(await counts()).toEqual({ versions: 0, audit: 0, failures: 0 });
    expect(await knex('operations').select('status')).toEqual([{ status: 'pending' }]);

    const reconciler = services(knex).reconciler;
    await expect(reconciler.reconcilePending()).resolves.toEqual({
      applied: 1,
      notApplied: 0,
      unresolved: 0,
    });
    // A second pass finds nothing left to do.
    await expect(reconciler.reconcilePending()).resolves.toEqual({
      applied: 0,
      notApplied: 0,
      unresolved: 0,
    });
    const versions = await knex('prompt_versions').select('action', 'revision');
    expect(versions).toEqual([{ action: 'update', revision: before.revision + 1 }]);
    expect(await knex('operations').select('status')).toEqual([{ status: 'applied' }]);
  });

  it('marks a pending operation that never reached Genesys as failed', async () => {
    const server = await startBackend();
    const before = await current(server);
    await new OperationStore(knex).begin({
      kind: 'update',
      promptId: ID,
      promptName: PROMPT,
      entityRef: 'component:default/support-bot',
      actor: 'user:default/mock',
      expectedRevision: before.revision,
      definition: { ...before, template: 'never sent' },
    });
    await expect(services(knex).reconciler.reconcilePending()).resolves.toEqual({
      applied: 0,
      notApplied: 1,
      unresolved: 0,
    });
    expect(await knex('operations').select('status')).toEqual([{ status: 'failed' }]);
    expect(await knex('prompt_versions').count({ n: '*' }).first()).toEqual({ n: expect.anything() });
    expect(Number((await knex('prompt_versions').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('records a change made outside the portal as drift and flags it until a portal change', async () => {
    const server = await startBackend();
    const before = await current(server);
    await request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before));
    // Someone edits the prompt in Genesys directly.
    const outside = client();
    const now = await outside.getPrompt(ID);
    await outside.updatePrompt(ID, { ...now, template: `${now.template}\nEdited in Genesys.` }, now.revision);

    await expect(services(knex).drift.check()).resolves.toMatchObject({ drifted: 1 });
    await expect(services(knex).drift.check()).resolves.toMatchObject({ drifted: 0 });
    const list = await request(server).get(BASE).set(auth);
    expect(list.body.items.find((i: any) => i.name === PROMPT).drift).toBe(true);
    const drift = await request(server).get(`${BASE}/${ID}/versions?limit=1`).set(auth);
    expect(drift.body.items[0]).toMatchObject({ action: 'drift', actor: 'genesys:external' });

    // A change from the portal acknowledges it.
    const latest = await current(server);
    const ack = await request(server).put(`${BASE}/${ID}`).set(auth).send(edit(latest));
    expect(ack.status).toBe(200);
    const after = await request(server).get(BASE).set(auth);
    expect(after.body.items.find((i: any) => i.name === PROMPT).drift).toBe(false);
  });

  it('names the first broken link when the audit log is tampered with', async () => {
    const server = await startBackend();
    const before = await current(server);
    await request(server).put(`${BASE}/${ID}`).set(auth).send(edit(before));
    await request(server).post(`${BASE}/${ID}/rollback`).set(auth).send({ reason: 'undo' });
    await knex('audit_log').where({ seq: 1 }).update({ actor: 'user:default/mallory' });
    const verify = await request(server).get('/api/genesys-prompts/audit/verify').set(auth);
    expect(verify.body).toEqual({
      ok: false,
      checked: 0,
      firstBroken: { seq: 1, reason: 'hash does not match the row content' },
    });
  });

  it('validates as a dry run without writes or upstream calls', async () => {
    const server = await startBackend();
    emulator.clearRequestLog();
    const response = await request(server)
      .post('/api/genesys-prompts/validate')
      .set(auth)
      .send({ ...newDefinition, template: 'Line one\n{{ product }} and {{missing}}' });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(response.body.issues.map((i: any) => [i.code, i.line, i.column])).toEqual(
      expect.arrayContaining([
        ['whitespace-in-placeholder', 2, 1],
        ['undefined-variable', 2, 19],
      ]),
    );
    expect(response.body.budget).toMatchObject({ tokenizer: 'o200k_base', estimated: false });
    expect(emulator.requestLog().entries).toHaveLength(0);
    expect(await counts()).toEqual({ versions: 0, audit: 0, failures: 0 });
  });

  function client() {
    return new LlmGatewayClient(connection(), readResilienceConfig(new ConfigReader({})));
  }

  function services(db: Knex) {
    const gateway = client();
    const versions = new VersionStore(db);
    const audit = new AuditStore(db);
    const operations = new OperationStore(db);
    const writes = new PromptWriteService({
      db,
      gateway,
      versions,
      audit,
      operations,
      leases: new WriteLeaseStore(db),
      validator: new PromptValidator(),
    });
    const logger = mockServices.logger.mock();
    return {
      reconciler: new Reconciler({ db, gateway, operations, audit, writes, logger, gracePeriodMs: 0 }),
      drift: new DriftSync({ db, gateway, versions, operations, audit, logger }),
    };
  }
});
