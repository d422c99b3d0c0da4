import {
  coreServices,
  createBackendPlugin,
  LifecycleService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  resolvePackagePath,
  SchedulerServiceTaskScheduleDefinition,
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
  genesysPromptsDeployHooksExtensionPoint,
  PreDeployHook,
} from '@genesys-prompts/plugin-genesys-prompts-node';
import {
  GenesysConnectionConfig,
  readCacheTtlMs,
  readGrantTtlMs,
  readConnectionConfig,
  readEmulatorConfig,
  readAuditForwardingEnabled,
  readExperimentConfig,
  readExportTargets,
  readGuardConfig,
  readRequestTimeoutMs,
  readResilienceConfig,
} from './config';
import { AuditStore } from './database/AuditStore';
import { ExperimentStore } from './database/ExperimentStore';
import { GuardStore } from './database/GuardStore';
import { OperationStore } from './database/OperationStore';
import { VersionStore } from './database/VersionStore';
import { WriteLeaseStore } from './database/WriteLeaseStore';
import { createRouter } from './router';
import { DriftSync } from './services/DriftSync/DriftSync';
import { EntityAccess } from './services/EntityAccess/EntityAccess';
import { AuditForwarder } from './services/AuditForwarder/AuditForwarder';
import { ExperimentService } from './services/ExperimentService/ExperimentService';
import { ExportService } from './services/ExportService/ExportService';
import { Guard } from './services/Guard/Guard';
import { MetricsService } from './services/MetricsService/MetricsService';
import { PromptCatalogue } from './services/PromptCatalogue/PromptCatalogue';
import { LlmGatewayClient } from './services/GenesysClient/GenesysClient';
import { HistoryService } from './services/HistoryService/HistoryService';
import { PromptService } from './services/PromptService/PromptService';
import { PromptValidator } from './services/PromptValidator/PromptValidator';
import { PromptWriteService } from './services/PromptWriteService/PromptWriteService';
import { Reconciler } from './services/Reconciler/Reconciler';

const DEFAULT_DRIFT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 30 },
};

const DEFAULT_GUARD_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

const DEFAULT_AUDIT_FORWARDING_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 10 },
};

const DEFAULT_RECONCILE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 0 },
};

/**
 * Backend plugin for Genesys Cloud LLM prompts owned by catalog entities.
 *
 * @public
 */
export const genesysPromptsPlugin = createBackendPlugin({
  pluginId: 'genesys-prompts',
  register(env) {
    const preDeployHooks: PreDeployHook[] = [];
    env.registerExtensionPoint(genesysPromptsDeployHooksExtensionPoint, {
      addPreDeployHook(...hooks) {
        preDeployHooks.push(...hooks);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        lifecycle,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        userInfo,
        auditor,
        permissions,
        permissionsRegistry,
        cache,
        auth,
        catalog,
      }) {
        const emulatorEnabled = readEmulatorConfig(config).enabled;
        const connection = emulatorEnabled
          ? await startLocalEmulator(config, logger, lifecycle)
          : readConnectionConfig(config);
        const resilience = readResilienceConfig(config);

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

        const gateway = new LlmGatewayClient(connection, resilience, logger);
        logger.info(`Genesys LLM Gateway at ${gateway.apiBaseUrl}`);

        const versions = new VersionStore(db);
        const audit = new AuditStore(db);
        const operations = new OperationStore(db);
        const validator = PromptValidator.fromConfig(config);
        const cacheTtlMs = readCacheTtlMs(config);
        const catalogue = new PromptCatalogue(gateway, cache, cacheTtlMs);
        const experiments = new ExperimentStore(db);
        const guardChecks = new GuardStore(db);
        const metricsService = new MetricsService({
          gateway,
          catalogue,
          cache,
          cacheTtlMs,
          versions,
          experiments,
          guard: guardChecks,
        });
        // The guard and the write path need each other: the write path
        // schedules checks, the guard rolls back through the write path.
        let guard: Guard | undefined;
        const promptWriteService = new PromptWriteService({
          db,
          gateway,
          versions,
          audit,
          operations,
          leases: new WriteLeaseStore(db),
          validator,
          preDeployHooks,
          catalogue,
          afterDeploy: (tx, deploy) => guard!.scheduleCheck(tx, deploy),
        });
        const experimentService = new ExperimentService({
          db,
          gateway,
          catalogue,
          experiments,
          audit,
          writes: promptWriteService,
          metrics: metricsService,
          cache,
          cacheTtlMs,
          config: readExperimentConfig(config),
        });
        guard = new Guard({
          config: readGuardConfig(config),
          store: guardChecks,
          versions,
          experiments,
          experimentService,
          metrics: metricsService,
          writes: promptWriteService,
          catalog,
          auth,
          logger,
        });
        const reconciler = new Reconciler({
          db,
          gateway,
          operations,
          audit,
          writes: promptWriteService,
          logger,
          // An operation younger than this may still be in a live request.
          gracePeriodMs: 2 * resilience.maxTotalMs + connection.requestTimeoutMs,
        });
        const driftSync = new DriftSync({
          db,
          gateway,
          versions,
          operations,
          audit,
          logger,
        });

        // The scheduler runs each task on one replica at a time.
        await scheduler.scheduleTask({
          id: 'genesys-prompts-reconcile',
          ...DEFAULT_RECONCILE_SCHEDULE,
          fn: async () => {
            await reconciler.reconcilePending();
          },
        });
        await scheduler.scheduleTask({
          id: 'genesys-prompts-drift',
          ...(config.has('genesysPrompts.schedule.drift')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('genesysPrompts.schedule.drift'),
              )
            : DEFAULT_DRIFT_SCHEDULE),
          fn: async () => {
            await driftSync.check();
          },
        });

        await scheduler.scheduleTask({
          id: 'genesys-prompts-guard',
          ...(config.has('genesysPrompts.schedule.guard')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('genesysPrompts.schedule.guard'),
              )
            : DEFAULT_GUARD_SCHEDULE),
          fn: async () => {
            const outcome = await guard!.run();
            if (outcome.rolledBack + outcome.stopped > 0) {
              logger.warn(`Guard: ${JSON.stringify(outcome)}`);
            }
          },
        });

        if (readAuditForwardingEnabled(config)) {
          const forwarder = new AuditForwarder({ audit, gateway, logger });
          await scheduler.scheduleTask({
            id: 'genesys-prompts-audit-forwarding',
            ...(config.has('genesysPrompts.schedule.auditForwarding')
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  config.getConfig('genesysPrompts.schedule.auditForwarding'),
                )
              : DEFAULT_AUDIT_FORWARDING_SCHEDULE),
            fn: async () => {
              await forwarder.run();
            },
          });
        }

        const promptService = new PromptService(
          gateway,
          catalogue,
          versions,
          validator,
        );
        httpRouter.use(
          await createRouter({
            httpAuth,
            userInfo,
            permissions,
            auditor,
            entityAccess: new EntityAccess(
              catalog,
              permissions,
              readGrantTtlMs(config),
            ),
            promptService,
            exportService: new ExportService({
              targets: readExportTargets(config),
              prompts: promptService,
              versions,
              audit,
              resilience,
            }),
            metricsService,
            experimentService,
            guardChecks,
            promptWriteService,
            historyService: new HistoryService({ gateway, versions, audit }),
            validator,
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
