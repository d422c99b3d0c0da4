import {
  coreServices,
  createBackendPlugin,
  LifecycleService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { genesysPromptsPermissions } from '@genesys-prompts/plugin-genesys-prompts-common';
import {
  GenesysConnectionConfig,
  readConnectionConfig,
  readEmulatorConfig,
  readRequestTimeoutMs,
  readResilienceConfig,
} from './config';
import { createRouter } from './router';
import { EntityAccess } from './services/EntityAccess/EntityAccess';
import { LlmGatewayClient } from './services/GenesysClient/GenesysClient';
import { PromptService } from './services/PromptService/PromptService';
import { PromptWriteService } from './services/PromptWriteService/PromptWriteService';
import { AuditStore } from './database/AuditStore';
import { OperationStore } from './database/OperationStore';
import { VersionStore } from './database/VersionStore';

/**
 * Backend plugin for Genesys Cloud LLM prompts owned by catalog entities.
 *
 * @public
 */
export const genesysPromptsPlugin = createBackendPlugin({
  pluginId: 'genesys-prompts',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        lifecycle,
        database,
        httpRouter,
        httpAuth,
        userInfo,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const emulatorEnabled = readEmulatorConfig(config).enabled;
        const connection = emulatorEnabled
          ? await startLocalEmulator(config, logger, lifecycle)
          : readConnectionConfig(config);

        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@genesys-prompts/plugin-genesys-prompts-backend',
              'migrations',
            ),
          });
        }

        permissionsRegistry.addPermissions(genesysPromptsPermissions);

        const gateway = new LlmGatewayClient(
          connection,
          readResilienceConfig(config),
          logger,
        );
        logger.info(`Genesys LLM Gateway at ${gateway.apiBaseUrl}`);

        const versions = new VersionStore(db);

        httpRouter.use(
          await createRouter({
            httpAuth,
            userInfo,
            entityAccess: new EntityAccess(catalog, permissions),
            promptService: new PromptService(gateway, versions),
            promptWriteService: new PromptWriteService({
              db,
              gateway,
              versions,
              audit: new AuditStore(db),
              operations: new OperationStore(db),
            }),
            health: () => {
              const upstream = gateway.health();
              return {
                status:
                  upstream.reachable === false || upstream.circuit !== 'closed'
                    ? 'degraded'
                    : 'ok',
                upstream: {
                  ...upstream,
                  baseUrl: gateway.apiBaseUrl,
                  emulator: emulatorEnabled,
                },
              };
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

/**
 * Local development only: starts the bundled emulator in this process and
 * returns a connection to it. Never in production.
 */
async function startLocalEmulator(
  config: Config,
  logger: LoggerService,
  lifecycle: LifecycleService,
): Promise<GenesysConnectionConfig> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      "Invalid config value at 'genesysPrompts.emulator.enabled': the emulator is for local development and cannot run with NODE_ENV=production",
    );
  }
  const { port } = readEmulatorConfig(config);
  const emulator = await startEmulator({ port });
  lifecycle.addShutdownHook(() => emulator.close());
  logger.warn(
    `genesysPrompts.emulator.enabled: using the local Genesys emulator at ${emulator.url} (demo data, not a real organisation)`,
  );
  return {
    apiBaseUrl: emulator.url,
    loginBaseUrl: emulator.url,
    clientId: DEFAULT_EMULATOR_CLIENT_ID,
    clientSecret: DEFAULT_EMULATOR_CLIENT_SECRET,
    requestTimeoutMs: readRequestTimeoutMs(config),
  };
}
