import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  demoPromptId,
  EmulatorFaults,
  FaultScope,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { readResilienceConfig } from './config';
import { genesysPromptsPlugin } from './plugin';
import { LlmGatewayClient } from './services/GenesysClient/GenesysClient';

/*
 * The fault matrix: every emulator fault kind × a read, a create and an
 * update through our API, over real HTTP. Each case checks the status our API
 * answers, the exact number of upstream write requests (from the emulator's
 * request log), how many were applied, and what was recorded locally.
 */

jest.setTimeout(60_000);

type Op = 'read' | 'create' | 'update';
type OperationStatus = 'applied' | 'failed' | 'pending';

interface Expected {
  status: number;
  /** Write requests that reached the upstream (any answer, resets included). */
  sent?: number;
  /** Writes the upstream applied: 0 or 1, never 2. */
  applied?: 0 | 1;
  operation?: OperationStatus;
  retryAfter?: string;
}

interface FaultCase {
  name: string;
  fault: (scope: FaultScope) => EmulatorFaults;
  read: Expected;
  create: Expected;
  update: Expected;
}

const ok = (sent: number): { create: Expected; update: Expected } => ({
  create: { status: 201, sent, applied: 1, operation: 'applied' },
  update: { status: 200, sent, applied: 1, operation: 'applied' },
});

const MATRIX: FaultCase[] = [
  {
    name: 'no fault',
    fault: () => ({}),
    read: { status: 200 },
    ...ok(1),
  },
  {
    name: '429 burst with Retry-After',
    fault: scope => ({ tooManyRequests: { ...scope, count: 2, retryAfterSeconds: 1 } }),
    read: { status: 200 },
    ...ok(3),
  },
  {
    name: '429 burst without Retry-After',
    fault: scope => ({ tooManyRequests: { ...scope, count: 2, withRetryAfter: false } }),
    read: { status: 200 },
    ...ok(3),
  },
  {
    name: '429 asking for more than 180 s',
    fault: scope => ({ tooManyRequests: { ...scope, retryAfterSeconds: 600 } }),
    read: { status: 503, retryAfter: '600' },
    create: { status: 503, sent: 1, applied: 0, operation: 'failed', retryAfter: '600' },
    update: { status: 503, sent: 1, applied: 0, operation: 'failed', retryAfter: '600' },
  },
  {
    name: '503 burst',
    fault: scope => ({ serverError: { ...scope, count: 1, status: 503 } }),
    read: { status: 200 },
    ...ok(2),
  },
  {
    name: 'persistent 502',
    fault: scope => ({ serverError: { ...scope, status: 502 } }),
    read: { status: 502 },
    // A create is resent once, after a lookup by name; an update up to maxAttempts.
    create: { status: 502, sent: 2, applied: 0, operation: 'pending' },
    update: { status: 502, sent: 4, applied: 0, operation: 'pending' },
  },
  {
    name: 'added latency',
    fault: scope => ({ latency: { ...scope, ms: 200 } }),
    read: { status: 200 },
    ...ok(1),
  },
  {
    name: 'one hang',
    fault: scope => ({ hang: { ...scope, count: 1 } }),
    read: { status: 200 },
    ...ok(2),
  },
  {
    name: 'persistent hang',
    fault: scope => ({ hang: scope }),
    read: { status: 504 },
    create: { status: 504, sent: 2, applied: 0, operation: 'pending' },
    update: { status: 504, sent: 4, applied: 0, operation: 'pending' },
  },
  {
    name: 'connection reset before the request is applied',
    fault: scope => ({ resetBeforeApply: { ...scope, count: 1 } }),
    read: { status: 200 },
    ...ok(2),
  },
  {
    name: 'connection reset after the request is applied',
    fault: scope => ({ resetAfterApply: { ...scope, count: 1 } }),
    read: { status: 200 },
    // The create is found by name, never resent; the update's replay meets 409.
    create: { status: 201, sent: 1, applied: 1, operation: 'applied' },
    update: { status: 200, sent: 2, applied: 1, operation: 'applied' },
  },
  {
    name: 'early token expiry',
    fault: scope => ({ expireTokens: { ...scope, count: 1 } }),
    read: { status: 200 },
    ...ok(2),
  },
  {
    name: 'one malformed JSON body',
    fault: scope => ({ malformedJson: { ...scope, count: 1 } }),
    read: { status: 200 },
    create: { status: 201, sent: 1, applied: 1, operation: 'applied' },
    update: { status: 200, sent: 2, applied: 1, operation: 'applied' },
  },
  {
    name: 'persistent malformed JSON',
    fault: scope => ({ malformedJson: scope }),
    read: { status: 502 },
    create: { status: 201, sent: 1, applied: 1, operation: 'applied' },
    update: { status: 200, sent: 2, applied: 1, operation: 'applied' },
  },
];

const NEW_PROMPT = 'warranty-claim-helper';
const UPDATED = 'escalation-detector';

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts': `${UPDATED}, ${NEW_PROMPT}`,
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const BASE = '/api/genesys-prompts/entities/default/component/support-bot/prompts';
const WRITE_ROUTE: Record<Exclude<Op, 'read'>, string> = {
  create: 'POST /api/v2/ai/llm/prompts',
  update: 'PUT /api/v2/ai/llm/prompts/{id}',
};
const METHOD: Record<Op, string> = { read: 'GET', create: 'POST', update: 'PUT' };

describe('fault matrix', () => {
  let emulator: RunningEmulator;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  async function setup() {
    emulator.reset();
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              ...emulatorConnection(emulator),
              requestTimeoutMs: 400,
              retry: { initialDelayMs: 10, maxDelayMs: 40 },
            },
          },
        }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return { server, knex };
  }

  // The upstream as it is, read by a client of its own (fresh rate window).
  function upstream() {
    return new LlmGatewayClient(
      {
        ...emulatorConnection(emulator),
      },
      readResilienceConfig(new ConfigReader({})),
    );
  }

  async function localRecords(knex: Knex) {
    return {
      versions: await knex('prompt_versions').select('prompt_id', 'action'),
      audit: await knex('audit_log').select('action', 'outcome', 'details'),
      operations: await knex('operations').select('kind', 'status'),
    };
  }

  const cases = MATRIX.flatMap(row =>
    (['read', 'create', 'update'] as Op[]).map(op => [row.name, op, row] as const),
  );

  it.each(cases)('%s × %s', async (_name, op, row) => {
    const expected = row[op];
    const { server, knex } = await setup();
    const auth = { Authorization: mockCredentials.user.header() };
    const before = await upstream().getPrompt(demoPromptId(UPDATED));
    emulator.clearRequestLog();
    emulator.setFaults(
      row.fault({ match: { method: METHOD[op], path: '/api/v2/ai/llm/prompts' } }),
    );

    let response;
    if (op === 'read') {
      response = await request(server).get(`${BASE}/${demoPromptId(UPDATED)}`).set(auth);
    } else if (op === 'create') {
      response = await request(server).post(BASE).set(auth).send({
        name: NEW_PROMPT,
        version: '1.0.0',
        template: 'Help the customer file a warranty claim for {{product}}.',
        variables: [{ name: 'product', type: 'string', required: true }],
        contextRules: [],
        modelId: 'openai-gpt-4o',
        maxTokens: 1000,
      });
    } else {
      response = await request(server)
        .put(`${BASE}/${demoPromptId(UPDATED)}`)
        .set(auth)
        .send({
          name: before.name,
          version: before.version,
          template: `${before.template}\nAnswer in one sentence.`,
          variables: before.variables,
          contextRules: before.contextRules,
          modelId: before.modelId,
          maxTokens: before.maxTokens,
          expectedRevision: before.revision,
          reason: 'shorter answers',
        });
    }
    emulator.clearFaults();

    expect(response.status).toBe(expected.status);
    if (expected.retryAfter) {
      expect(response.headers['retry-after']).toBe(expected.retryAfter);
    }
    if (response.status >= 500) {
      // The upstream correlation id is in the message (none for a hang: no answer).
      if (expected.status !== 504) {
        expect(response.body.error.message).toMatch(/correlation id [0-9a-f-]{36}/);
      }
    }
    if (op === 'read') {
      return;
    }

    const counts = emulator.requestLog().counts[WRITE_ROUTE[op]] ?? {};
    const sent = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect({ sent, counts }).toEqual({ sent: expected.sent, counts });

    emulator.clearRequestLog();
    const local = await localRecords(knex);
    if (op === 'create') {
      const created = (await upstream().listPrompts()).filter(
        p => p.name === NEW_PROMPT,
      );
      expect(created.map(p => p.revision)).toEqual(expected.applied ? [1] : []);
    } else {
      const after = await upstream().getPrompt(demoPromptId(UPDATED));
      expect(after.revision - before.revision).toBe(expected.applied);
    }

    const successRows = local.audit.filter(a => a.outcome === 'success');
    const failureRows = local.audit.filter(a => a.outcome === 'failure');
    if (expected.status < 400) {
      // One version for the change (and, for an update, the imported state before it).
      expect(local.versions.map(v => v.action)).toEqual(
        op === 'create' ? ['create'] : ['import', 'update'],
      );
      expect(successRows).toHaveLength(1);
      expect(failureRows).toHaveLength(0);
    } else {
      // Nothing recorded for a failed write, except the failure itself.
      expect(local.versions).toEqual([]);
      expect(successRows).toHaveLength(0);
      expect(failureRows).toHaveLength(1);
    }
    expect(local.operations).toEqual([{ kind: op, status: expected.operation }]);
  });

  it('covers every fault kind the emulator has', () => {
    const kinds = new Set(
      MATRIX.flatMap(row => Object.keys(row.fault({}))),
    );
    expect([...kinds].sort()).toEqual(
      [
        'expireTokens',
        'hang',
        'latency',
        'malformedJson',
        'resetAfterApply',
        'resetBeforeApply',
        'serverError',
        'tooManyRequests',
      ].sort(),
    );
  });
});
