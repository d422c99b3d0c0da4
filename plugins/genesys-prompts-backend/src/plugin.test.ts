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
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { genesysPromptsPlugin } from './plugin';

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts':
        'customer-support-assistant, escalation-detector, refund-policy-explainer',
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const ivrRouter: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ivr-router', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const BASE = '/api/genesys-prompts/entities/default/component';
const userAuth = () => ({ Authorization: mockCredentials.user.header() });

describe('genesys-prompts backend plugin', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const genesysConfig = () => ({
    genesysPrompts: { ...emulatorConnection(emulator) },
  });

  async function startBackend(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      catalog?: ReturnType<typeof catalogServiceMock.mock>;
    } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.rootConfig.factory({ data: genesysConfig() }),
        // Requests without a token stay unauthenticated (the default is a user).
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        options.catalog
          ? options.catalog.factory
          : catalogServiceMock.factory({ entities: [supportBot, ivrRouter] }),
      ],
    });
    return server;
  }

  it('answers /health without authentication', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/genesys-prompts/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      upstream: { baseUrl: emulator.url, emulator: false },
    });
  });

  it('lists the prompts an entity owns, marking names Genesys lacks', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get(`${BASE}/support-bot/prompts`)
      .set(userAuth());
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        id: demoPromptId('customer-support-assistant'),
        name: 'customer-support-assistant',
        modelId: 'openai-gpt-4-turbo',
        revision: 3,
        drift: false,
      }),
      expect.objectContaining({ name: 'escalation-detector', revision: 4 }),
      { name: 'refund-policy-explainer', notFound: true },
    ]);
  });

  it('returns an owned prompt in full', async () => {
    const server = await startBackend();
    const id = demoPromptId('escalation-detector');
    const response = await request(server)
      .get(`${BASE}/support-bot/prompts/${id}`)
      .set(userAuth());
    expect(response.status).toBe(200);
    expect(response.body.prompt).toMatchObject({
      id,
      name: 'escalation-detector',
    });
    expect(response.body.prompt.template).toContain('{{');
  });

  it('answers 404 for a prompt the entity does not own, and for an unknown id', async () => {
    const server = await startBackend();
    const notOwned = await request(server)
      .get(`${BASE}/support-bot/prompts/${demoPromptId('order-status-summarizer')}`)
      .set(userAuth());
    expect(notOwned.status).toBe(404);
    expect(notOwned.body.error.name).toBe('NotFoundError');
    const unknown = await request(server)
      .get(`${BASE}/support-bot/prompts/00000000-0000-4000-8000-000000000000`)
      .set(userAuth());
    expect(unknown.status).toBe(404);
    // Both read the same, so a caller cannot probe which ids exist upstream.
    expect(unknown.body.error.message).toBe(
      notOwned.body.error.message.replace(
        demoPromptId('order-status-summarizer'),
        '00000000-0000-4000-8000-000000000000',
      ),
    );
  });

  it('answers 404 for an entity the caller cannot see', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get(`${BASE}/no-such-service/prompts`)
      .set(userAuth());
    expect(response.status).toBe(404);
  });

  it('answers 400 for a malformed prompt id, without calling upstream', async () => {
    const server = await startBackend();
    emulator.clearRequestLog();
    const response = await request(server)
      .get(`${BASE}/support-bot/prompts/${encodeURIComponent('../../etc')}`)
      .set(userAuth());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/promptId/);
    expect(emulator.requestLog().entries).toHaveLength(0);
  });

  it('answers 403 when the permission policy denies reading', async () => {
    const server = await startBackend({ permission: AuthorizeResult.DENY });
    const response = await request(server)
      .get(`${BASE}/support-bot/prompts`)
      .set(userAuth());
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('genesys-prompts.prompt.read');
  });

  it('answers 401 without credentials', async () => {
    const server = await startBackend();
    const response = await request(server).get(`${BASE}/support-bot/prompts`);
    expect(response.status).toBe(401);
  });

  it("resolves the entity with the caller's own credentials", async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => supportBot),
    });
    const server = await startBackend({ catalog });
    await request(server).get(`${BASE}/support-bot/prompts`).set(userAuth());
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'support-bot' },
      { credentials: mockCredentials.user() },
    );
  });

  it('answers 502 with the correlation id when the upstream fails', async () => {
    const server = await startBackend();
    emulator.setFaults({ serverError: { status: 500, count: 10, match: { path: '/api/v2/' } } });
    const response = await request(server)
      .get(`${BASE}/support-bot/prompts`)
      .set(userAuth());
    expect(response.status).toBe(502);
    const failed = emulator
      .requestLog()
      .entries.find(e => e.status === 500 && e.route !== 'POST /oauth/token');
    expect(failed?.correlationId).toBeTruthy();
    expect(response.body.error.message).toContain(failed!.correlationId);
  });

  it('answers 503 with the correlation id when the upstream is unavailable', async () => {
    const server = await startBackend();
    emulator.setFaults({ serverError: { status: 503, count: 10, match: { path: '/api/v2/' } } });
    const response = await request(server)
      .get(`${BASE}/support-bot/prompts/${demoPromptId('escalation-detector')}`)
      .set(userAuth());
    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(/correlation id [0-9a-f-]{36}/);
  });

  it('shows the missing annotation as an empty list', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get(`${BASE}/ivr-router/prompts`)
      .set(userAuth());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [] });
  });
});

describe('genesys-prompts migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'run at start on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const emulator = await startEmulator();
      try {
        await startTestBackend({
          features: [
            genesysPromptsPlugin,
            mockServices.database.factory({ knex }),
            mockServices.rootConfig.factory({
              data: {
                genesysPrompts: { ...emulatorConnection(emulator) },
              },
            }),
            catalogServiceMock.factory({ entities: [] }),
          ],
        });
        expect(await knex.schema.hasTable('knex_migrations')).toBe(true);
      } finally {
        await emulator.close();
      }
    },
  );
});

describe('genesys-prompts start-up', () => {
  it('refuses to start with an unknown region, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          genesysPromptsPlugin,
          mockServices.rootConfig.factory({
            data: {
              genesysPrompts: {
                region: 'atlantis-1',
                clientId: 'id',
                clientSecret: 'secret',
              },
            },
          }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      }),
    ).rejects.toThrow(/genesysPrompts\.region/);
  });

  it('refuses to start without credentials while the emulator is off', async () => {
    await expect(
      startTestBackend({
        features: [
          genesysPromptsPlugin,
          mockServices.rootConfig.factory({
            data: { genesysPrompts: { region: 'us-east-1' } },
          }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      }),
    ).rejects.toThrow(/genesysPrompts\.clientId/);
  });

  it('starts the bundled emulator when emulator.enabled is set', async () => {
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.rootConfig.factory({
          data: { genesysPrompts: { emulator: { enabled: true } } },
        }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    const health = await request(server).get('/api/genesys-prompts/health');
    expect(health.body.upstream.emulator).toBe(true);
    const list = await request(server)
      .get(`${BASE}/support-bot/prompts`)
      .set(userAuth());
    expect(list.status).toBe(200);
    expect(list.body.items[0].name).toBe('customer-support-assistant');
  });
});
