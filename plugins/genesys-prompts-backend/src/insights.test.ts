import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { genesysPromptsPlugin } from './plugin';

const PRIMARY = demoPromptId('customer-support-assistant');
const CONCISE = demoPromptId('customer-support-assistant-concise');
const ESCALATION = demoPromptId('escalation-detector');
const BILLING = demoPromptId('billing-inquiry-classifier');

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts':
        'customer-support-assistant, customer-support-assistant-concise, escalation-detector',
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const BASE = '/api/genesys-prompts/entities/default/component/support-bot';
const PROMPT = `${BASE}/prompts/${PRIMARY}`;
const auth = () => ({ Authorization: mockCredentials.user.header() });

describe('metrics, experiments and their bad input', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  async function startBackend(
    permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              ...emulatorConnection(emulator),
              guard: { enabled: false },
            },
          },
        }),
        mockServices.permissions.factory({ result: permission }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return server;
  }

  /** Upstream requests by route since the last clear. */
  function upstreamCalls(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [route, byStatus] of Object.entries(emulator.requestLog().counts)) {
      if (route.startsWith('POST /oauth')) continue;
      counts[route] = Object.values(byStatus).reduce((a, b) => a + b, 0);
    }
    return counts;
  }

  const writesUpstream = () =>
    Object.entries(upstreamCalls())
      .filter(([route]) => !route.startsWith('GET ') && !route.includes('details/query'))
      .reduce((sum, [, n]) => sum + n, 0);

  it('serves the tab and the metric card with one listing and one metrics call, then from cache', async () => {
    const server = await startBackend();
    emulator.clearRequestLog();
    const tab = await request(server).get(`${BASE}/prompts`).set(auth());
    const card = await request(server).get(`${BASE}/metrics?granularity=PT1H`).set(auth());
    expect(tab.status).toBe(200);
    expect(card.status).toBe(200);
    expect(upstreamCalls()).toEqual({
      'GET /api/v2/ai/llm/prompts': 1,
      'GET /api/v2/ai/llm/metrics': 1,
    });
    expect(card.body.items.map((i: { name: string }) => i.name).sort()).toEqual([
      'customer-support-assistant',
      'customer-support-assistant-concise',
      'escalation-detector',
    ]);
    const item = card.body.items.find((i: { promptId: string }) => i.promptId === ESCALATION);
    // 24 hours snapped outward to whole hours: 24 or 25 buckets.
    expect(item.series.length).toBeGreaterThanOrEqual(24);
    expect(item.totals.requests).toBe(
      item.series.reduce((sum: number, p: { requests: number }) => sum + p.requests, 0),
    );

    emulator.clearRequestLog();
    await request(server).get(`${BASE}/prompts`).set(auth()).expect(200);
    await request(server).get(`${BASE}/metrics?granularity=PT1H`).set(auth()).expect(200);
    expect(upstreamCalls()).toEqual({});
  });

  it('shows a prompt with its deploy markers and, during an experiment, its variants', async () => {
    const server = await startBackend();
    // Listing the experiments imports the split the demo runs upstream.
    const list = await request(server).get(`${PROMPT}/experiments`).set(auth());
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      status: 'running',
      createdBy: 'genesys:import',
      variants: [
        { promptId: PRIMARY, weight: 50 },
        { promptId: CONCISE, weight: 50 },
      ],
    });
    const metrics = await request(server)
      .get(`${PROMPT}/metrics?granularity=P1D&from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z`)
      .set(auth());
    expect(metrics.status).toBe(200);
    expect(metrics.body.series).toHaveLength(7);
    expect(metrics.body.variants.map((v: { promptId: string }) => v.promptId)).toEqual([
      PRIMARY,
      CONCISE,
    ]);
    expect(metrics.body.totals.requests).toBeGreaterThan(0);
  });

  it.each([
    ['an inverted range', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', /must be before/],
    ['a range over 93 days', 'from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z', /longer than 93 days/],
    ['a range ending a year ahead', 'from=2027-11-01T00:00:00Z&to=2027-11-02T00:00:00Z', /in the future/],
    ['too many buckets', 'granularity=PT15M&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z', /coarser granularity/],
    ['an unknown granularity', 'granularity=PT1S', /granularity/],
    ['a date that is not one', 'from=yesterday', /from/],
    ['an unknown parameter', 'window=7d', /window/],
  ])('refuses %s with 400 and no upstream call', async (_label, query, message) => {
    const server = await startBackend();
    emulator.clearRequestLog();
    for (const path of [`${BASE}/metrics`, `${PROMPT}/metrics`]) {
      const response = await request(server).get(`${path}?${query}`).set(auth());
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
    expect(upstreamCalls()).toEqual({});
  });

  describe('experiments', () => {
    async function createDraft(server: any, body: object) {
      return request(server).post(`${PROMPT}/experiments`).set(auth()).send(body);
    }

    async function stopImported(server: any) {
      const [imported] = (await request(server).get(`${PROMPT}/experiments`).set(auth()))
        .body.items;
      await request(server)
        .post(`${PROMPT}/experiments/${imported.id}/stop`)
        .set(auth())
        .send({ reason: 'make room' })
        .expect(200);
    }

    it.each([
      ['weights not summing to 100', [[PRIMARY, 60], [ESCALATION, 30]], /add up to 90/],
      ['fewer than 2 variants', [[PRIMARY, 100]], /2 to 5|at least 2/i],
      ['more than 5 variants', [[PRIMARY, 20], [ESCALATION, 20], [CONCISE, 20], ['a', 20], ['b', 10], ['c', 10]], /at most 5|2 to 5/i],
      ['a variant the entity does not own', [[PRIMARY, 50], [BILLING, 50]], /not one of this entity's prompts/],
      ['a fractional weight', [[PRIMARY, 50.5], [ESCALATION, 49.5]], /whole number/],
      ['a duplicate variant', [[PRIMARY, 50], [PRIMARY, 50]], /listed once/],
      ['the primary not first', [[ESCALATION, 50], [PRIMARY, 50]], /primary/i],
    ])('refuses %s with 400 and writes nothing', async (_label, variants, message) => {
      const server = await startBackend();
      emulator.clearRequestLog();
      const response = await createDraft(server, {
        variants: (variants as Array<[string, number]>).map(([promptId, weight]) => ({
          promptId,
          weight,
        })),
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(writesUpstream()).toBe(0);
      const audit = await request(server).get(`${PROMPT}/audit`).set(auth());
      expect(audit.body.items).toEqual([]);
    });

    it('refuses extra fields and a URL-shaped guard override', async () => {
      const server = await startBackend();
      const extra = await createDraft(server, {
        variants: [
          { promptId: PRIMARY, weight: 50 },
          { promptId: ESCALATION, weight: 50 },
        ],
        callbackUrl: 'http://evil.example',
      });
      expect(extra.status).toBe(400);
      expect(extra.body.error.message).toMatch(/callbackUrl/);
      const badGuard = await createDraft(server, {
        variants: [
          { promptId: PRIMARY, weight: 50 },
          { promptId: ESCALATION, weight: 50 },
        ],
        guard: { maxErrorRate: 3 },
      });
      expect(badGuard.status).toBe(400);
      expect(badGuard.body.error.message).toMatch(/guard.maxErrorRate/);
    });

    it('creates, starts (routing upstream), reports, stops and promotes, recording each step', async () => {
      const server = await startBackend();
      await stopImported(server);
      const created = await createDraft(server, {
        variants: [
          { promptId: PRIMARY, weight: 70 },
          { promptId: CONCISE, weight: 30 },
        ],
        guard: { maxSuccessRateDrop: 0.1 },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'draft', guard: { maxSuccessRateDrop: 0.1 } });
      const id = created.body.id;

      emulator.clearRequestLog();
      const started = await request(server)
        .post(`${PROMPT}/experiments/${id}/start`)
        .set(auth());
      expect(started.status).toBe(200);
      expect(started.body.status).toBe('running');
      expect(upstreamCalls()['PUT /api/v2/ai/llm/prompts/{id}/routing']).toBe(1);

      const again = await request(server).post(`${PROMPT}/experiments/${id}/start`).set(auth());
      expect(again.status).toBe(409);

      const results = await request(server)
        .get(`${PROMPT}/experiments/${id}/results?from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z`)
        .set(auth());
      expect(results.status).toBe(200);
      expect(results.body.variants.map((v: { weight: number }) => v.weight)).toEqual([70, 30]);
      expect(results.body.comparisons).toHaveLength(1);
      const [comparison] = results.body.comparisons;
      expect(comparison.successRate.method).toBe('two-proportion-z-test');
      expect(comparison.latency.method).toBe('mann-whitney-u');
      expect(results.body.sampleSize.perVariant).toBeGreaterThan(0);
      // The demo split was 50/50 in that range; the details walk read every conversation.
      const requests = results.body.variants.reduce(
        (sum: number, v: { totals: { requests: number } }) => sum + v.totals.requests,
        0,
      );
      expect(results.body.conversationsAnalysed).toBe(requests);

      const promoted = await request(server)
        .post(`${PROMPT}/experiments/${id}/promote`)
        .set(auth())
        .send({ promptId: CONCISE, reason: 'shorter answers won' });
      expect(promoted.status).toBe(200);
      expect(promoted.body.experiment.status).toBe('promoted');
      expect(promoted.body.version).toMatchObject({ action: 'promote' });
      expect(promoted.body.version.definition.name).toBe('customer-support-assistant');

      const prompt = await request(server).get(PROMPT).set(auth());
      expect(prompt.body.prompt.template).toMatch(/at most three short sentences/);
      const routingAfter = await request(server).get(`${PROMPT}/experiments`).set(auth());
      expect(routingAfter.body.items[0].status).toBe('promoted');
      expect(routingAfter.body.items[0].history.map((e: { action: string }) => e.action)).toEqual([
        'create',
        'start',
        'promote',
      ]);

      const audit = await request(server).get(`${PROMPT}/audit?limit=20`).set(auth());
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'experiment-create',
          'experiment-start',
          'promote',
          'experiment-promote',
        ]),
      );
      const verify = await request(server).get('/api/genesys-prompts/audit/verify').set(auth());
      expect(verify.body.ok).toBe(true);
    });

    it('stops a running experiment: all traffic back to the primary', async () => {
      const server = await startBackend();
      const [imported] = (await request(server).get(`${PROMPT}/experiments`).set(auth()))
        .body.items;
      const stopped = await request(server)
        .post(`${PROMPT}/experiments/${imported.id}/stop`)
        .set(auth())
        .send({ reason: 'enough' });
      expect(stopped.status).toBe(200);
      expect(stopped.body.status).toBe('stopped');
      // Listing syncs with upstream: a split still there would be imported again.
      const after = await request(server).get(`${PROMPT}/experiments`).set(auth());
      expect(after.body.items.map((e: { status: string }) => e.status)).toEqual(['stopped']);
      expect(emulator.requestLog().counts['PUT /api/v2/ai/llm/prompts/{id}/routing']).toEqual({
        '200': 1,
      });
    });

    it('needs genesys-prompts.experiment.manage to change experiments', async () => {
      const server = await startBackend(AuthorizeResult.DENY);
      emulator.clearRequestLog();
      const response = await createDraft(server, {
        variants: [
          { promptId: PRIMARY, weight: 50 },
          { promptId: ESCALATION, weight: 50 },
        ],
      });
      expect(response.status).toBe(403);
      expect(writesUpstream()).toBe(0);
    });

    it('answers 404 for an experiment of another prompt and 400 for a malformed id', async () => {
      const server = await startBackend();
      const [imported] = (await request(server).get(`${PROMPT}/experiments`).set(auth()))
        .body.items;
      const other = await request(server)
        .post(`${BASE}/prompts/${ESCALATION}/experiments/${imported.id}/stop`)
        .set(auth())
        .send({});
      expect(other.status).toBe(404);
      const malformed = await request(server)
        .post(`${PROMPT}/experiments/not-an-id/stop`)
        .set(auth())
        .send({});
      expect(malformed.status).toBe(400);
    });
  });
});
