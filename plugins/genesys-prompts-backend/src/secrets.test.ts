import {
  coreServices,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EmulatorFaults,
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  captureConsole,
  captureIssuedTokens,
  deepText,
  LogLine,
  rawClient,
  receiver,
  RecordingLogger,
} from './testing/securityHarness';
import { genesysPromptsPlugin } from './plugin';

/*
 * Issue 8: every response body and header, every log line (all levels, with
 * meta and error causes), console output and the stored rows are scanned for
 * the OAuth client secret, the export targets' header values and the access
 * tokens the emulator issued, over a broad scenario with upstream faults and a
 * wrong client secret. None may appear.
 */

const CLIENT_ID = 'secrets-suite-client';
const CLIENT_SECRET = 'S3cr3t-gp-client-7f4e9a21c0d8';
const WRONG_SECRET = 'S3cr3t-gp-WRONG-5b6c7d8e9f01';
const EXPORT_KEY = 'xk-export-header-value-91a2b3c4';
const LANGFUSE_SECRET_KEY = 'sk-lf-0d9c8b7a6e5f';
const LANGFUSE_AUTH = `Basic ${Buffer.from(
  `pk-lf-secrets:${LANGFUSE_SECRET_KEY}`,
).toString('base64')}`;
const TARGET_TOKEN = 'tgt-token-3e2d1c0b9a88';
const SIGNATURE = 'sig-secret-44aa55bb66cc';

const basic = (id: string, secret: string) =>
  Buffer.from(`${id}:${secret}`).toString('base64');

const PRIMARY = demoPromptId('customer-support-assistant');
const CONCISE = demoPromptId('customer-support-assistant-concise');
const ESCALATION = demoPromptId('escalation-detector');
const PROMPTS_UPSTREAM = '/api/v2/ai/llm/prompts';

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts':
        'customer-support-assistant, customer-support-assistant-concise, escalation-detector, warranty-claims',
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const API = '/api/genesys-prompts';
const ENTITY = `${API}/entities/default/component/support-bot`;
const prompt = (id: string) => `${ENTITY}/prompts/${id}`;

/** A scheduler whose tasks run only when the test says so. */
function manualScheduler() {
  const tasks = new Map<string, () => Promise<void>>();
  const service: SchedulerService = {
    async scheduleTask(task) {
      tasks.set(task.id, async () => {
        await task.fn(new AbortController().signal);
      });
    },
    async triggerTask(id) {
      await tasks.get(id)?.();
    },
    createScheduledTaskRunner: () => ({ run: async () => undefined }),
    getScheduledTasks: async () => [],
    cancelTask: async () => undefined,
  };
  return {
    factory: createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => service,
    }),
    /** Runs every scheduled task once; a task's failure is logged by the test, not thrown. */
    async runAll(): Promise<string[]> {
      const failures: string[] = [];
      for (const [id, run] of tasks) {
        await run().catch(error => failures.push(`${id}: ${deepText(error)}`));
      }
      return failures;
    },
  };
}

interface Seen {
  label: string;
  text: string;
}

describe('no secret leaves the backend', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const logLines: LogLine[] = [];
  const emulatorLines: string[] = [];
  const responses: Seen[] = [];
  const taskFailures: string[] = [];
  const tokens = captureIssuedTokens();
  let consoleCapture: { restore(): void };
  let emulator: RunningEmulator;
  let target: Awaited<ReturnType<typeof receiver>>;
  const knexes: Knex[] = [];

  beforeAll(async () => {
    consoleCapture = captureConsole(logLines);
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      rateLimit: { allowed: 100_000, windowSeconds: 60 },
      log: line => emulatorLines.push(line),
    });
    target = await receiver((url, res) => {
      if (url === '/redirect') {
        res
          .writeHead(302, {
            Location: `http://127.0.0.1:1/collect?key=${EXPORT_KEY}`,
          })
          .end();
      } else if (url === '/slow') {
        setTimeout(() => res.writeHead(201).end(), 800);
      } else if (url === '/fail') {
        // A target that echoes what it was sent: its body must not come back to the caller.
        res
          .writeHead(500, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ error: `bad key ${EXPORT_KEY} ${SIGNATURE}` }));
      } else {
        res
          .writeHead(201, {
            'Content-Type': 'application/json',
            'X-Echo': EXPORT_KEY,
          })
          .end(JSON.stringify({ received: `key ${EXPORT_KEY}` }));
      }
    });
  }, 60_000);

  afterAll(async () => {
    tokens.restore();
    consoleCapture?.restore();
    await emulator?.close();
    await target?.close();
  });

  async function startBackend(clientSecret: string) {
    const knex = await databases.init('SQLITE_3');
    knexes.push(knex);
    const scheduler = manualScheduler();
    const logger = new RecordingLogger(logLines);
    const probe = await receiver(() => undefined);
    const closedPort = (probe.server.address() as AddressInfo).port;
    await probe.close();
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        logger.factory(),
        scheduler.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              apiBaseUrl: emulator.url,
              loginBaseUrl: emulator.url,
              clientId: CLIENT_ID,
              clientSecret,
              requestTimeoutMs: 500,
              retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
              circuitBreaker: { consecutiveFailures: 8, halfOpenAfterMs: 300 },
              guard: { enabled: true, minRequests: 1, windowSeconds: 60 },
              audit: { forwardToGenesys: true },
              exportTargets: [
                {
                  name: 'ai-catalogue',
                  url: `${target.url}/generic`,
                  headers: { 'X-Api-Key': EXPORT_KEY },
                },
                {
                  name: 'langfuse',
                  url: `${target.url}/api/public/v2/prompts`,
                  format: 'langfuse',
                  headers: { Authorization: LANGFUSE_AUTH },
                },
                {
                  name: 'bearer',
                  url: `${target.url}/bearer`,
                  headers: { Authorization: `Bearer ${TARGET_TOKEN}` },
                },
                {
                  name: 'redirecting',
                  url: `${target.url}/redirect`,
                  headers: { 'X-Signature': SIGNATURE },
                },
                {
                  name: 'slow',
                  url: `${target.url}/slow`,
                  timeoutMs: 300,
                  headers: { 'X-Signature': SIGNATURE },
                },
                {
                  name: 'failing',
                  url: `${target.url}/fail`,
                  headers: { 'X-Signature': SIGNATURE },
                },
                {
                  name: 'down',
                  url: `http://127.0.0.1:${closedPort}/x`,
                  headers: {
                    'X-Signature': SIGNATURE,
                    'X-Api-Key': EXPORT_KEY,
                  },
                },
              ],
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return { server, scheduler };
  }

  /** A client that records every answer: status, every header, the body. */
  function recorder(server: Server) {
    const client = rawClient(server, { maxSockets: 4 });
    const auth = { Authorization: mockCredentials.user.header() };
    const call = async (
      label: string,
      method: string,
      path: string,
      body?: unknown,
      open = false,
    ) => {
      const response = await client.send({
        method,
        path,
        headers: {
          ...(open ? {} : auth),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      responses.push({
        label: `${label}: ${method} ${path} → ${response.status}`,
        text: `${response.status} ${JSON.stringify(response.headers)} ${
          response.body
        } ${response.error ?? ''}`,
      });
      let json: any;
      try {
        json = JSON.parse(response.body);
      } catch {
        json = undefined;
      }
      return {
        status: response.status,
        json,
        body: response.body,
        headers: response.headers,
      };
    };
    return { call, close: () => client.close() };
  }

  async function withFaults<T>(
    faults: EmulatorFaults,
    run: () => Promise<T>,
  ): Promise<T> {
    emulator.setFaults(faults);
    try {
      return await run();
    } finally {
      emulator.clearFaults();
    }
  }

  const definitionOf = (p: any) => {
    const { id, revision, selfUri, dateCreated, dateModified, ...definition } =
      p;
    return definition;
  };

  it('runs a broad scenario with the right client secret, with upstream faults', async () => {
    const { server, scheduler } = await startBackend(CLIENT_SECRET);
    const { call, close } = recorder(server);
    const statuses: Record<string, number> = {};
    const step = async (
      label: string,
      method: string,
      path: string,
      body?: unknown,
      open = false,
    ) => {
      const result = await call(label, method, path, body, open);
      statuses[label] = result.status;
      return result;
    };
    try {
      await step('health', 'GET', `${API}/health`, undefined, true);
      await step('targets', 'GET', `${API}/export-targets`);
      await step('list', 'GET', `${ENTITY}/prompts`);
      const detail = await step('detail', 'GET', prompt(ESCALATION));
      await step('detail primary', 'GET', prompt(PRIMARY));
      const definition = definitionOf(detail.json.prompt);
      await step('validate', 'POST', `${API}/validate`, definition);
      await step('validate invalid', 'POST', `${API}/validate`, {
        ...definition,
        template: '{{nope',
      });
      await step('create', 'POST', `${ENTITY}/prompts`, {
        name: 'warranty-claims',
        version: '1.0.0',
        template: 'Help the customer file a warranty claim for {{product}}.',
        variables: [{ name: 'product', type: 'string', required: true }],
        contextRules: [],
        modelId: 'openai-gpt-4o',
        maxTokens: 1000,
      });
      await step('update', 'PUT', prompt(ESCALATION), {
        ...definition,
        template: `${definition.template} Be brief.`,
        expectedRevision: detail.json.prompt.revision,
        reason: 'shorter answers',
      });
      await step('update stale', 'PUT', prompt(ESCALATION), {
        ...definition,
        expectedRevision: detail.json.prompt.revision,
      });
      await step('rollback', 'POST', `${prompt(ESCALATION)}/rollback`, {
        reason: 'undo',
      });
      await step('versions', 'GET', `${prompt(ESCALATION)}/versions`);
      await step('version 1', 'GET', `${prompt(ESCALATION)}/versions/1`);
      await step('prompt audit', 'GET', `${prompt(ESCALATION)}/audit`);

      const experiments = await step(
        'experiments (imports the split)',
        'GET',
        `${prompt(PRIMARY)}/experiments`,
      );
      const imported = experiments.json?.items?.[0]?.id;
      await step(
        'stop imported',
        'POST',
        `${prompt(PRIMARY)}/experiments/${imported}/stop`,
        { reason: 'room' },
      );
      const draft = await step(
        'create experiment',
        'POST',
        `${prompt(PRIMARY)}/experiments`,
        {
          variants: [
            { promptId: PRIMARY, weight: 50 },
            { promptId: CONCISE, weight: 50 },
          ],
        },
      );
      const experimentId = draft.json?.id;
      await step(
        'start experiment',
        'POST',
        `${prompt(PRIMARY)}/experiments/${experimentId}/start`,
        {},
      );
      await step(
        'results',
        'GET',
        `${prompt(PRIMARY)}/experiments/${experimentId}/results`,
      );
      await step(
        'stop experiment',
        'POST',
        `${prompt(PRIMARY)}/experiments/${experimentId}/stop`,
        {
          reason: 'done',
        },
      );
      await step('entity metrics', 'GET', `${ENTITY}/metrics?granularity=PT1H`);
      await step(
        'prompt metrics',
        'GET',
        `${prompt(PRIMARY)}/metrics?granularity=P1D`,
      );
      await step('guard', 'GET', `${prompt(ESCALATION)}/guard`);

      for (const name of [
        'ai-catalogue',
        'langfuse',
        'bearer',
        'redirecting',
        'slow',
        'failing',
        'down',
      ]) {
        await step(`export ${name}`, 'POST', `${prompt(ESCALATION)}/export`, {
          target: name,
        });
      }
      await step('export with a url', 'POST', `${prompt(ESCALATION)}/export`, {
        target: 'ai-catalogue',
        url: 'http://127.0.0.1:1/steal',
        headers: { 'X-Api-Key': 'x' },
      });
      await step(
        'history export',
        'GET',
        `${prompt(ESCALATION)}/history/export`,
      );
      await step(
        'audit export jsonl',
        'GET',
        `${API}/audit/export?format=jsonl`,
      );
      await step('audit export csv', 'GET', `${API}/audit/export?format=csv`);
      await step('audit', 'GET', `${API}/audit?limit=200`);
      await step('audit verify', 'GET', `${API}/audit/verify`);

      // Upstream faults, each on the reads or writes of prompts.
      const reads = { method: 'GET', path: PROMPTS_UPSTREAM };
      const writes = { method: 'PUT', path: PROMPTS_UPSTREAM };
      await withFaults({ expireTokens: { count: 1, match: reads } }, () =>
        step('401 token expiry (refreshed)', 'GET', prompt(ESCALATION)),
      );
      const current = (await call('re-read', 'GET', prompt(ESCALATION))).json
        .prompt;
      await withFaults({ expireTokens: { count: 1, match: writes } }, () =>
        step('401 token expiry on a write', 'PUT', prompt(ESCALATION), {
          ...definitionOf(current),
          template: `${current.template} Thank them.`,
          expectedRevision: current.revision,
        }),
      );
      await withFaults({ serverError: { status: 503, match: reads } }, () =>
        step('503 upstream', 'GET', prompt(ESCALATION)),
      );
      await withFaults({ serverError: { status: 500, match: reads } }, () =>
        step('500 upstream', 'GET', `${prompt(ESCALATION)}/versions`),
      );
      await withFaults(
        { tooManyRequests: { retryAfterSeconds: 1, match: reads } },
        () => step('429 upstream', 'GET', prompt(ESCALATION)),
      );
      await withFaults({ latency: { ms: 800, match: reads } }, () =>
        step('timeout upstream', 'GET', prompt(ESCALATION)),
      );
      await withFaults({ hang: { count: 2, match: reads } }, () =>
        step('hang upstream', 'GET', prompt(ESCALATION)),
      );
      await withFaults({ malformedJson: { match: reads } }, () =>
        step('malformed JSON upstream', 'GET', prompt(ESCALATION)),
      );
      await withFaults({ resetBeforeApply: { match: reads } }, () =>
        step('connection reset upstream', 'GET', prompt(ESCALATION)),
      );
      await withFaults(
        {
          serverError: { status: 500, match: { path: '/oauth/token' } },
          expireTokens: {},
        },
        () => step('token endpoint failing', 'GET', prompt(ESCALATION)),
      );
      const latest = (await call('re-read', 'GET', prompt(ESCALATION))).json
        .prompt;
      await withFaults({ resetAfterApply: { count: 1, match: writes } }, () =>
        step('write answer lost', 'PUT', prompt(ESCALATION), {
          ...definitionOf(latest),
          template: `${latest.template} Stay calm.`,
          expectedRevision: latest.revision,
          reason: 'lost answer',
        }),
      );
      await withFaults(
        {
          serverError: {
            status: 502,
            match: { path: '/api/v2/ai/llm/metrics' },
          },
        },
        () =>
          step(
            'metrics upstream failing',
            'GET',
            `${prompt(CONCISE)}/metrics?granularity=PT1H`,
          ),
      );
      // Enough consecutive failures to open the circuit breaker.
      await withFaults(
        { serverError: { status: 503, match: reads } },
        async () => {
          for (let i = 0; i < 6; i += 1)
            await step(`circuit ${i}`, 'GET', prompt(ESCALATION));
        },
      );
      await step('health while open', 'GET', `${API}/health`, undefined, true);
      // Scheduled work (reconcile, drift, guard, audit forwarding) with and without faults.
      await withFaults({ serverError: { status: 503 } }, async () => {
        taskFailures.push(...(await scheduler.runAll()));
      });
      await new Promise(resolve => setTimeout(resolve, 350));
      taskFailures.push(...(await scheduler.runAll()));
      await step('health after', 'GET', `${API}/health`, undefined, true);
      await step('audit after', 'GET', `${API}/audit?limit=200`);
      await step(
        'audit export csv after',
        'GET',
        `${API}/audit/export?format=csv`,
      );
    } finally {
      close();
    }

    // The scenario did what it says: successes, refusals and failures.
    expect(statuses).toMatchObject({
      health: 200,
      detail: 200,
      create: 201,
      update: 200,
      'update stale': 409,
      rollback: 200,
      'start experiment': 200,
      'export ai-catalogue': 200,
      'export langfuse': 200,
      'export bearer': 200,
      'export redirecting': 502,
      'export slow': 504,
      'export failing': 502,
      'export down': 502,
      'export with a url': 400,
      'audit export csv': 200,
      '401 token expiry (refreshed)': 200,
      '401 token expiry on a write': 200,
      '503 upstream': 503,
      'timeout upstream': 504,
      'malformed JSON upstream': 502,
    });
    // The secrets were in flight: the targets got their headers.
    const sent = JSON.stringify(target.received.map(r => r.headers));
    expect(sent).toContain(EXPORT_KEY);
    expect(sent).toContain(LANGFUSE_AUTH);
    expect(sent).toContain(TARGET_TOKEN);
    expect(sent).toContain(SIGNATURE);
  }, 60_000);

  it('answers with upstream auth errors for a wrong client secret', async () => {
    const { server, scheduler } = await startBackend(WRONG_SECRET);
    const { call, close } = recorder(server);
    try {
      const list = await call('wrong secret: list', 'GET', `${ENTITY}/prompts`);
      expect(list.status).toBe(502);
      expect(list.json.error.message).toMatch(
        /rejected the plugin's own credentials/,
      );
      await call('wrong secret: detail', 'GET', prompt(ESCALATION));
      await call('wrong secret: update', 'PUT', prompt(ESCALATION), {
        name: 'escalation-detector',
        version: '9',
        template: 'x',
        variables: [],
        contextRules: [],
        modelId: 'openai-gpt-4o',
        maxTokens: 10,
        expectedRevision: 1,
      });
      await call(
        'wrong secret: export',
        'POST',
        `${prompt(ESCALATION)}/export`,
        { target: 'ai-catalogue' },
      );
      await call('wrong secret: metrics', 'GET', `${ENTITY}/metrics`);
      await call(
        'wrong secret: health',
        'GET',
        `${API}/health`,
        undefined,
        true,
      );
      taskFailures.push(...(await scheduler.runAll()));
    } finally {
      close();
    }
  }, 30_000);

  it('never shows the client secret, export header values or issued tokens', async () => {
    const rows: Seen[] = [];
    for (const [i, knex] of knexes.entries()) {
      for (const table of [
        'operations',
        'prompt_versions',
        'audit_log',
        'experiments',
        'experiment_events',
        'guard_checks',
      ]) {
        const found = await knex(table).select();
        rows.push(
          ...found.map(row => ({
            label: `db${i}.${table}`,
            text: deepText(row),
          })),
        );
      }
    }
    const needles: Record<string, string> = {
      'client secret': CLIENT_SECRET,
      'wrong client secret': WRONG_SECRET,
      'basic credentials': basic(CLIENT_ID, CLIENT_SECRET),
      'wrong basic credentials': basic(CLIENT_ID, WRONG_SECRET),
      'export api key': EXPORT_KEY,
      'langfuse secret key': LANGFUSE_SECRET_KEY,
      'langfuse basic auth': LANGFUSE_AUTH.replace('Basic ', ''),
      'target bearer token': TARGET_TOKEN,
      'target signature': SIGNATURE,
      ...Object.fromEntries(
        tokens.tokens.map((token, i) => [`issued token ${i + 1}`, token]),
      ),
    };
    const haystacks: Seen[] = [
      ...responses,
      ...logLines.map((line, i) => ({
        label: `log ${i} [${line.level}] ${line.message.slice(0, 80)}`,
        text: line.text,
      })),
      ...emulatorLines.map((line, i) => ({
        label: `emulator log ${i}`,
        text: line,
      })),
      ...rows,
      ...taskFailures.map((text, i) => ({ label: `task failure ${i}`, text })),
    ];
    const leaks = haystacks.flatMap(({ label, text }) =>
      Object.entries(needles)
        .filter(([, needle]) => text.includes(needle))
        .map(([what]) => `${what} in ${label}`),
    );
    const bearer = haystacks
      .filter(({ text }) =>
        /Bearer\s+(?!mock-)[A-Za-z0-9._~+/=-]{8,}/.test(text),
      )
      .map(({ label }) => `a Bearer credential in ${label}`);

    // eslint-disable-next-line no-console
    process.stdout.write(
      `secrets scan: ${responses.length} responses, ${
        logLines.length
      } log lines (${
        logLines.filter(l => l.level.startsWith('console')).length
      } from console), ${emulatorLines.length} emulator log lines, ${
        rows.length
      } stored rows; ${tokens.tokens.length} issued tokens and ${
        Object.keys(needles).length - tokens.tokens.length
      } configured secrets looked for\n`,
    );
    expect(responses.length).toBeGreaterThanOrEqual(60);
    expect(logLines.length).toBeGreaterThanOrEqual(50);
    expect(tokens.tokens.length).toBeGreaterThanOrEqual(2);
    expect(leaks).toEqual([]);
    expect(bearer).toEqual([]);
  });
});
