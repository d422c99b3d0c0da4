import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import {
  genesysPromptsDeployHooksExtensionPoint,
  PromptDeploy,
} from '@genesys-prompts/plugin-genesys-prompts-node';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { genesysPromptsPlugin } from './plugin';

const ESCALATION = demoPromptId('escalation-detector');
const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: { 'genesys.cloud/llm-prompts': 'escalation-detector' },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};
const PROMPT = `/api/genesys-prompts/entities/default/component/support-bot/prompts/${ESCALATION}`;
const auth = () => ({ Authorization: mockCredentials.user.header() });

describe('pre-deploy hooks', () => {
  let emulator: RunningEmulator;
  const seen: PromptDeploy[] = [];
  let verdict: () => Promise<{ allow: true } | { allow: false; reason: string }>;

  const vetoModule = createBackendModule({
    pluginId: 'genesys-prompts',
    moduleId: 'test-veto',
    register(reg) {
      reg.registerInit({
        deps: { hooks: genesysPromptsDeployHooksExtensionPoint },
        async init({ hooks }) {
          hooks.addPreDeployHook({
            id: 'test-freeze',
            check: async deploy => {
              seen.push(deploy);
              return verdict();
            },
          });
        },
      });
    },
  });

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    seen.length = 0;
  });

  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        vetoModule,
        mockServices.rootConfig.factory({
          data: { genesysPrompts: { ...emulatorConnection(emulator) } },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return server;
  }

  async function update(server: any) {
    const { id, revision, selfUri, dateCreated, dateModified, ...definition } = (
      await request(server).get(PROMPT).set(auth())
    ).body.prompt;
    return request(server)
      .put(PROMPT)
      .set(auth())
      .send({ ...definition, template: `${definition.template}\nBe brief.`, expectedRevision: revision });
  }

  it('refuses a vetoed deploy with 409, writes nothing upstream and audits the refusal', async () => {
    verdict = async () => ({ allow: false, reason: 'Change freeze until 2027-01-03' });
    const server = await startBackend();
    emulator.clearRequestLog();
    const response = await update(server);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      "Deploy of 'escalation-detector' refused by test-freeze: Change freeze until 2027-01-03",
    );
    expect(emulator.requestLog().counts['PUT /api/v2/ai/llm/prompts/{id}']).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      action: 'update',
      promptId: ESCALATION,
      promptName: 'escalation-detector',
      entityRef: 'component:default/support-bot',
      actor: 'user:default/mock',
    });
    expect(seen[0].definition.template).toMatch(/Be brief\.$/);
    const versions = await request(server).get(`${PROMPT}/versions`).set(auth());
    expect(versions.body.items).toEqual([]);
    const audit = await request(server).get(`${PROMPT}/audit`).set(auth());
    expect(audit.body.items[0]).toMatchObject({
      action: 'update',
      outcome: 'failure',
      details: { vetoedBy: 'test-freeze' },
    });
  });

  it('treats a hook that throws as a veto, and lets an allowed deploy through', async () => {
    verdict = async () => {
      throw new Error('freeze calendar unreachable');
    };
    const server = await startBackend();
    const refused = await update(server);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/the check failed: freeze calendar unreachable/);

    verdict = async () => ({ allow: true });
    const allowed = await update(server);
    expect(allowed.status).toBe(200);
    expect(allowed.body.version.action).toBe('update');
  });
});
