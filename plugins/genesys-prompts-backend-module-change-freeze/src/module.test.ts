import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  genesysPromptsDeployHooksExtensionPoint,
  PreDeployHook,
  PromptDeploy,
} from '@genesys-prompts/plugin-genesys-prompts-node';
import { genesysPromptsModuleChangeFreeze } from './module';

const deploy: PromptDeploy = {
  action: 'create',
  promptName: 'customer-support-assistant',
  entityRef: 'component:default/support-bot',
  actor: 'user:default/guest',
  definition: {
    name: 'customer-support-assistant',
    version: '1.0.0',
    template: 'Hello',
    variables: [],
    contextRules: [],
    modelId: 'model-1',
    maxTokens: 512,
  },
};

/** Stands in for the genesys-prompts backend: implements the extension point and keeps the hooks. */
function hookCollectingPlugin() {
  const collected: PreDeployHook[] = [];
  let initialized = false;
  const plugin = createBackendPlugin({
    pluginId: 'genesys-prompts',
    register(env) {
      const hooks: PreDeployHook[] = [];
      env.registerExtensionPoint(genesysPromptsDeployHooksExtensionPoint, {
        addPreDeployHook(...added) {
          hooks.push(...added);
        },
      });
      env.registerInit({
        deps: { logger: coreServices.logger },
        async init() {
          // Modules initialize before their plugin, so every hook is in by now.
          collected.push(...hooks);
          initialized = true;
        },
      });
    },
  });
  return {
    plugin,
    collected,
    isInitialized: () => initialized,
  };
}

describe('genesysPromptsModuleChangeFreeze', () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  it('adds a change-freeze hook that refuses deploys in an active window', async () => {
    const now = Date.now();
    const to = iso(now + 3_600_000);
    const target = hookCollectingPlugin();
    const backend = await startTestBackend({
      features: [
        target.plugin,
        genesysPromptsModuleChangeFreeze,
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              changeFreeze: {
                windows: [
                  { from: iso(now - 3_600_000), to, reason: 'Release freeze' },
                ],
              },
            },
          },
        }),
      ],
    });
    try {
      expect(target.isInitialized()).toBe(true);
      expect(target.collected.map(h => h.id)).toEqual(['change-freeze']);
      const [hook] = target.collected;
      await expect(hook.check(deploy)).resolves.toEqual({
        allow: false,
        reason: `Change freeze until ${to}: Release freeze`,
      });
      // Rollbacks go through by default, the guard's included.
      await expect(
        hook.check({
          ...deploy,
          action: 'rollback',
          promptId: 'prompt-1',
          actor: 'genesys-prompts:guard',
        }),
      ).resolves.toEqual({ allow: true });
    } finally {
      await backend.stop();
    }
  });

  it('adds a hook that allows everything when no window is configured', async () => {
    const target = hookCollectingPlugin();
    const backend = await startTestBackend({
      features: [target.plugin, genesysPromptsModuleChangeFreeze],
    });
    try {
      expect(target.collected).toHaveLength(1);
      await expect(target.collected[0].check(deploy)).resolves.toEqual({
        allow: true,
      });
    } finally {
      await backend.stop();
    }
  });

  it('fails start-up on invalid config, naming the key', async () => {
    const target = hookCollectingPlugin();
    await expect(
      startTestBackend({
        features: [
          target.plugin,
          genesysPromptsModuleChangeFreeze,
          mockServices.rootConfig.factory({
            data: {
              genesysPrompts: {
                changeFreeze: {
                  windows: [
                    {
                      from: '2027-01-03T00:00:00Z',
                      to: '2026-12-20T00:00:00Z',
                    },
                  ],
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /genesysPrompts\.changeFreeze\.windows\[0\]': 'from' \(2027-01-03T00:00:00Z\) must be before 'to'/,
    );
  });
});
