import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
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

const ESCALATION = demoPromptId('escalation-detector');
const BILLING = demoPromptId('billing-inquiry-classifier');
const DEGRADING_PHRASE = 'Explain your reasoning at length before answering.';
const WINDOW_SECONDS = 2;

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts': 'escalation-detector, billing-inquiry-classifier',
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const PROMPT = `/api/genesys-prompts/entities/default/component/support-bot/prompts/${ESCALATION}`;
const auth = () => ({ Authorization: mockCredentials.user.header() });
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The guard end to end: emulator traffic at 300 conversations a second whose
 * quality follows the deployed template; a deploy that makes it measurably
 * worse is rolled back by the scheduled check, one that does not is kept.
 */
describe('guard', () => {
  let emulator: RunningEmulator;
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  beforeEach(() => {
    emulator.reset();
    tasks.clear();
    // Ten seconds of history for the version before the deploy.
    emulator.setTraffic({
      prompts: {
        [ESCALATION]: {
          ratePerSecond: 300,
          startsAt: new Date(Date.now() - 10_000).toISOString(),
        },
      },
      rules: [
        {
          promptId: ESCALATION,
          templateIncludes: DEGRADING_PHRASE,
          profile: { successRate: 0.7, latencyMedianMs: 2400 },
        },
      ],
    });
  });

  async function startBackend() {
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        tasks.set(task.id, task);
      }),
    });
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              ...emulatorConnection(emulator),
              guard: { windowSeconds: WINDOW_SECONDS, minRequests: 100 },
            },
          },
        }),
        scheduler.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return server;
  }

  /** Runs the scheduled guard task until the deploy's check is decided. */
  async function runGuardUntilDecided(server: any) {
    for (let attempt = 0; attempt < 40; attempt++) {
      await tasks.get('genesys-prompts-guard')!.fn(new AbortController().signal);
      const checks = await request(server).get(`${PROMPT}/guard`).set(auth());
      if (checks.body.items[0] && checks.body.items[0].status !== 'pending') {
        return checks.body.items[0];
      }
      await sleep(250);
    }
    throw new Error('the guard never decided');
  }

  async function deploy(server: any, change: (template: string) => string) {
    const current = (await request(server).get(PROMPT).set(auth())).body.prompt;
    const { id, revision, selfUri, dateCreated, dateModified, ...definition } = current;
    const response = await request(server)
      .put(PROMPT)
      .set(auth())
      .send({
        ...definition,
        template: change(definition.template),
        expectedRevision: revision,
        reason: 'test deploy',
      });
    expect(response.status).toBe(200);
    return { before: current, version: response.body.version };
  }

  it('rolls back a deploy that made the prompt measurably worse, quoting the numbers', async () => {
    const server = await startBackend();
    const { before, version } = await deploy(
      server,
      template => `${template}\n${DEGRADING_PHRASE}`,
    );
    await sleep(WINDOW_SECONDS * 1000);

    const check = await runGuardUntilDecided(server);
    expect(check).toMatchObject({
      versionNo: version.versionNo,
      previousVersionNo: version.versionNo - 1,
      status: 'rolled-back',
      rollbackVersionNo: version.versionNo + 1,
    });
    expect(check.after.requests).toBeGreaterThanOrEqual(100);
    expect(check.summary).toMatch(/success rate fell from 9\d\.\d % to [67]\d\.\d %/);
    expect(check.summary).toMatch(/p95 latency rose from [\d,]+ ms to [\d,]+ ms/);

    const versions = await request(server).get(`${PROMPT}/versions`).set(auth());
    expect(versions.body.items[0]).toMatchObject({
      versionNo: version.versionNo + 1,
      action: 'rollback',
      actor: 'genesys-prompts:guard',
      sourceVersionNo: version.versionNo - 1,
    });
    expect(versions.body.items[0].reason).toMatch(/^Guard: version \d+ regressed/);
    const now = (await request(server).get(PROMPT).set(auth())).body.prompt;
    expect(now.template).toBe(before.template);

    const audit = await request(server).get(`${PROMPT}/audit`).set(auth());
    expect(audit.body.items[0]).toMatchObject({
      action: 'rollback',
      outcome: 'success',
      actor: 'genesys-prompts:guard',
    });
    // The guard's own rollback is not guarded (it would flap).
    const checks = await request(server).get(`${PROMPT}/guard`).set(auth());
    expect(checks.body.items).toHaveLength(1);
  });

  it('keeps a deploy that performs like the version before it', async () => {
    const server = await startBackend();
    const { version } = await deploy(server, template => `${template}\nBe brief.`);
    await sleep(WINDOW_SECONDS * 1000);

    const check = await runGuardUntilDecided(server);
    expect(check).toMatchObject({ versionNo: version.versionNo, status: 'passed' });
    expect(check.summary).toMatch(/within thresholds/);
    const versions = await request(server).get(`${PROMPT}/versions`).set(auth());
    expect(versions.body.items[0]).toMatchObject({
      versionNo: version.versionNo,
      action: 'update',
    });
  });

  it('stops a running experiment whose variant regressed against the primary', async () => {
    // The variant serves worse wherever the split sends it conversations.
    emulator.mergeTraffic({
      prompts: { [BILLING]: { profile: { successRate: 0.6, latencyMedianMs: 3000 } } },
    });
    const server = await startBackend();
    const created = await request(server)
      .post(`${PROMPT}/experiments`)
      .set(auth())
      .send({
        variants: [
          { promptId: ESCALATION, weight: 50 },
          { promptId: BILLING, weight: 50 },
        ],
        guard: { windowSeconds: 1 },
      });
    expect(created.status).toBe(201);
    const started = await request(server)
      .post(`${PROMPT}/experiments/${created.body.id}/start`)
      .set(auth());
    expect(started.status).toBe(200);
    await sleep(WINDOW_SECONDS * 1000);

    let experiment;
    for (let attempt = 0; attempt < 40; attempt++) {
      await tasks.get('genesys-prompts-guard')!.fn(new AbortController().signal);
      [experiment] = (await request(server).get(`${PROMPT}/experiments`).set(auth())).body
        .items;
      if (experiment.status !== 'running') break;
      await sleep(250);
    }
    expect(experiment.status).toBe('stopped');
    const last = experiment.history[experiment.history.length - 1];
    expect(last).toMatchObject({ action: 'guard-stop', actor: 'genesys-prompts:guard' });
    expect(last.reason).toMatch(/variant billing-inquiry-classifier regressed/);
    const audit = await request(server).get(`${PROMPT}/audit`).set(auth());
    expect(audit.body.items[0]).toMatchObject({
      action: 'experiment-guard-stop',
      actor: 'genesys-prompts:guard',
    });
  });
});
