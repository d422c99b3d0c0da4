import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { genesysPromptsDeployHooksExtensionPoint } from '@genesys-prompts/plugin-genesys-prompts-node';
import { ChangeFreezeHook, readChangeFreezeConfig } from './changeFreeze';

/**
 * Refuses prompt deploys during the windows of `genesysPrompts.changeFreeze`.
 *
 * @public
 */
export const genesysPromptsModuleChangeFreeze = createBackendModule({
  pluginId: 'genesys-prompts',
  moduleId: 'change-freeze',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        deployHooks: genesysPromptsDeployHooksExtensionPoint,
      },
      async init({ config, logger, deployHooks }) {
        const freeze = readChangeFreezeConfig(config);
        deployHooks.addPreDeployHook(new ChangeFreezeHook(freeze));
        logger.info(
          `Change freeze: ${
            freeze.windows.length
          } window(s) configured; rollbacks ${
            freeze.allowRollbacks ? 'allowed' : 'refused'
          } during a freeze`,
        );
      },
    });
  },
});
