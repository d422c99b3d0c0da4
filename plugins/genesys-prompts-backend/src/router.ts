import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, serializeError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  genesysAuditReadPermission,
  genesysExperimentManagePermission,
  genesysPromptExportPermission,
  genesysPromptCreatePermission,
  genesysPromptReadPermission,
  genesysPromptRollbackPermission,
  genesysPromptUpdatePermission,
  HealthResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  auditExportQuery,
  auditQuery,
  exportPromptBody,
  createExperimentBody,
  createPromptBody,
  emptyBody,
  entityParams,
  experimentParams,
  metricsQuery,
  pageQuery,
  promoteExperimentBody,
  resultsQuery,
  stopExperimentBody,
  promptParams,
  rollbackBody,
  updatePromptBody,
  versionParams,
} from './schemas';
import { EntityAccess } from './services/EntityAccess/EntityAccess';
import { ExperimentService } from './services/ExperimentService/ExperimentService';
import { ExportService } from './services/ExportService/ExportService';
import {
  AUDIT_EXPORT_TYPES,
  auditExportChunks,
} from './services/HistoryService/auditExport';
import { once } from 'node:events';
import { GuardStore } from './database/GuardStore';
import { resolveMetricsRange } from './services/MetricsService/MetricsRange';
import { MetricsService } from './services/MetricsService/MetricsService';
import { GenesysApiError } from './services/GenesysClient/errors';
import {
  toApiError,
  UpstreamFailureError,
} from './services/GenesysClient/toApiError';
import {
  HistoryService,
  toDetail,
} from './services/HistoryService/HistoryService';
import { PromptService } from './services/PromptService/PromptService';
import {
  PromptValidationError,
  PromptValidator,
} from './services/PromptValidator/PromptValidator';
import {
  PromptWriteService,
  WriteResult,
} from './services/PromptWriteService/PromptWriteService';

/** What the router needs; built once in plugin.ts. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  entityAccess: EntityAccess;
  promptService: PromptService;
  promptWriteService: PromptWriteService;
  historyService: HistoryService;
  metricsService: MetricsService;
  experimentService: ExperimentService;
  guardChecks: GuardStore;
  exportService: ExportService;
  validator: PromptValidator;
  health: () => HealthResponse;
}

type Caller = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map(issue => `${issue.path.join('.') || what}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

const ENTITY = '/entities/:namespace/:kind/:name';
const PROMPT = `${ENTITY}/prompts/:promptId`;

/** The plugin's REST API: parse, authorize, call one service method. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    userInfo,
    permissions,
    auditor,
    entityAccess,
    promptService,
    promptWriteService,
    historyService,
    metricsService,
    experimentService,
    guardChecks,
    exportService,
    validator,
    health,
  } = options;
  const router = Router();
  // Room for long templates (a 32k-token template is about 130 kB).
  router.use(express.json({ limit: '2mb' }));

  const callerOf = (req: express.Request): Promise<Caller> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** The entity named in the path, resolved as the caller and authorized. */
  async function entityFor(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ entity: Entity; caller: Caller }> {
    const caller = await callerOf(req);
    const ref = parse(entityParams, req.params, 'path');
    const entity = await entityAccess.authorize(ref, permission, caller);
    return { entity, caller };
  }

  const promptIdOf = (req: express.Request) =>
    parse(promptParams, { promptId: req.params.promptId }, 'path').promptId;

  /** The signed-in user's entity ref, or the calling service: never a fixed string. */
  async function actorOf(caller: Caller): Promise<string> {
    if (caller.principal.type === 'user') {
      return (await userInfo.getUserInfo(caller)).userEntityRef;
    }
    return `service:${caller.principal.subject}`;
  }

  /** Runs a change and reports it to Backstage's auditor as well. */
  async function audited(
    req: express.Request,
    eventId: string,
    change: () => Promise<WriteResult>,
  ) {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef: `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
      },
    });
    try {
      const { prompt, version } = await change();
      await event.success({
        meta: { promptId: prompt.id, versionNo: version.versionNo },
      });
      return { prompt, version: toDetail(version) };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** The whole audit log is for those with the basic audit permission. */
  async function authorizeAuditRead(req: express.Request) {
    const [decision] = await permissions.authorize(
      [{ permission: genesysAuditReadPermission }],
      { credentials: await callerOf(req) },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${genesysAuditReadPermission.name}`,
      );
    }
  }

  router.get('/health', (_req, res) => {
    res.json(health());
  });

  // A dry run of the shared validator: no writes, no upstream calls.
  router.post('/validate', async (req, res) => {
    await callerOf(req);
    res.json(await validator.validate(parse(createPromptBody, req.body, 'body')));
  });

  router.get(`${ENTITY}/prompts`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    res.json(await promptService.listEntityPrompts(entity));
  });

  router.post(`${ENTITY}/prompts`, async (req, res) => {
    const { entity, caller } = await entityFor(req, genesysPromptCreatePermission);
    const definition = parse(createPromptBody, req.body, 'body');
    const actor = await actorOf(caller);
    res.status(201).json(
      await audited(req, 'prompt-create', () =>
        promptWriteService.create({ entity, actor }, definition),
      ),
    );
  });

  router.get(PROMPT, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    res.json(await promptService.getEntityPrompt(entity, promptIdOf(req)));
  });

  router.put(PROMPT, async (req, res) => {
    const { entity, caller } = await entityFor(req, genesysPromptUpdatePermission);
    const promptId = promptIdOf(req);
    const { expectedRevision, reason, ...definition } = parse(
      updatePromptBody,
      req.body,
      'body',
    );
    const actor = await actorOf(caller);
    res.json(
      await audited(req, 'prompt-update', () =>
        promptWriteService.update(
          { entity, actor },
          promptId,
          definition,
          expectedRevision,
          reason,
        ),
      ),
    );
  });

  router.post(`${PROMPT}/rollback`, async (req, res) => {
    const { entity, caller } = await entityFor(
      req,
      genesysPromptRollbackPermission,
    );
    const promptId = promptIdOf(req);
    const { toVersion, reason } = parse(rollbackBody, req.body, 'body');
    const actor = await actorOf(caller);
    res.json(
      await audited(req, 'prompt-rollback', () =>
        promptWriteService.rollback({ entity, actor }, promptId, reason, toVersion),
      ),
    );
  });

  router.get(`${PROMPT}/versions`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const page = parse(pageQuery, req.query, 'query');
    res.json(await historyService.listVersions(entity, promptIdOf(req), page));
  });

  router.get(`${PROMPT}/versions/:versionNo`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const { versionNo } = parse(
      versionParams,
      { versionNo: req.params.versionNo },
      'path',
    );
    res.json(await historyService.getVersion(entity, promptIdOf(req), versionNo));
  });

  router.get(`${PROMPT}/audit`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const page = parse(pageQuery, req.query, 'query');
    res.json(await historyService.listPromptAudit(entity, promptIdOf(req), page));
  });

  router.get(`${ENTITY}/metrics`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const range = resolveMetricsRange(parse(metricsQuery, req.query, 'query'));
    res.json(await metricsService.entityMetrics(entity, range));
  });

  router.get(`${PROMPT}/metrics`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const range = resolveMetricsRange(parse(metricsQuery, req.query, 'query'));
    res.json(await metricsService.promptMetrics(entity, promptIdOf(req), range));
  });

  router.get(`${PROMPT}/guard`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    // Ownership first: the prompt must be one the entity owns.
    await promptService.getEntityPrompt(entity, promptIdOf(req));
    res.json({ items: await guardChecks.listForPrompt(promptIdOf(req)) });
  });

  router.get(`${PROMPT}/experiments`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    res.json({ items: await experimentService.list(entity, promptIdOf(req)) });
  });

  router.post(`${PROMPT}/experiments`, async (req, res) => {
    const { entity, caller } = await entityFor(
      req,
      genesysExperimentManagePermission,
    );
    const body = parse(createExperimentBody, req.body, 'body');
    const actor = await actorOf(caller);
    res
      .status(201)
      .json(await experimentService.create({ entity, actor }, promptIdOf(req), body));
  });

  const experimentIdOf = (req: express.Request) =>
    parse(experimentParams, { experimentId: req.params.experimentId }, 'path')
      .experimentId;

  router.get(`${PROMPT}/experiments/:experimentId/results`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const query = parse(resultsQuery, req.query, 'query');
    res.json(
      await experimentService.results(
        entity,
        promptIdOf(req),
        experimentIdOf(req),
        query,
      ),
    );
  });

  router.post(`${PROMPT}/experiments/:experimentId/start`, async (req, res) => {
    const { entity, caller } = await entityFor(
      req,
      genesysExperimentManagePermission,
    );
    const experimentId = experimentIdOf(req);
    parse(emptyBody, req.body ?? {}, 'body');
    const actor = await actorOf(caller);
    res.json(
      await experimentService.start({ entity, actor }, promptIdOf(req), experimentId),
    );
  });

  router.post(`${PROMPT}/experiments/:experimentId/stop`, async (req, res) => {
    const { entity, caller } = await entityFor(
      req,
      genesysExperimentManagePermission,
    );
    const experimentId = experimentIdOf(req);
    const { reason } = parse(stopExperimentBody, req.body ?? {}, 'body');
    const actor = await actorOf(caller);
    res.json(
      await experimentService.stop(
        { entity, actor },
        promptIdOf(req),
        experimentId,
        reason,
      ),
    );
  });

  router.post(`${PROMPT}/experiments/:experimentId/promote`, async (req, res) => {
    const { entity, caller } = await entityFor(
      req,
      genesysExperimentManagePermission,
    );
    const experimentId = experimentIdOf(req);
    const { promptId: winnerId, reason } = parse(
      promoteExperimentBody,
      req.body,
      'body',
    );
    const actor = await actorOf(caller);
    const { experiment, write } = await experimentService.promote(
      { entity, actor },
      promptIdOf(req),
      experimentId,
      winnerId,
      reason,
    );
    res.json({ experiment, version: toDetail(write.version) });
  });

  router.get('/export-targets', async (req, res) => {
    await callerOf(req);
    res.json({ items: exportService.listTargets() });
  });

  router.post(`${PROMPT}/export`, async (req, res) => {
    const { entity, caller } = await entityFor(req, genesysPromptExportPermission);
    const promptId = promptIdOf(req);
    const { target } = parse(exportPromptBody, req.body, 'body');
    const actor = await actorOf(caller);
    res.json(await exportService.exportPrompt({ entity, actor }, promptId, target));
  });

  router.get(`${PROMPT}/history/export`, async (req, res) => {
    const { entity } = await entityFor(req, genesysPromptReadPermission);
    const history = await exportService.promptHistory(entity, promptIdOf(req));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${history.promptName}-history.json"`,
    );
    res.json(history);
  });

  // Streamed in batches with backpressure: memory stays flat for any range.
  router.get('/audit/export', async (req, res) => {
    await authorizeAuditRead(req);
    const { format, ...filter } = parse(auditExportQuery, req.query, 'query');
    const type = AUDIT_EXPORT_TYPES[format];
    res.setHeader('Content-Type', type.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="genesys-prompts-audit.${type.extension}"`,
    );
    for await (const chunk of auditExportChunks(format, historyService.streamAudit(filter))) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  });

  router.get('/audit', async (req, res) => {
    await authorizeAuditRead(req);
    const { limit, cursor, ...filter } = parse(auditQuery, req.query, 'query');
    res.json(await historyService.listAudit(filter, { limit, cursor }));
  });

  router.get('/audit/verify', async (req, res) => {
    await authorizeAuditRead(req);
    res.json(await historyService.verifyAudit());
  });

  // Validation failures carry every issue; upstream failures leave as
  // 4xx/502/503/504 with the correlation id, never with the upstream status.
  router.use(
    (
      error: unknown,
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof PromptValidationError) {
        res.status(400).json({
          error: serializeError(error),
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 400 },
          issues: error.report.issues,
          budget: error.report.budget,
        });
        return;
      }
      // body-parser's own error would echo the whole raw body back.
      if ((error as { type?: string })?.type === 'entity.parse.failed') {
        next(new InputError(`Invalid body: not valid JSON (${(error as Error).message})`));
        return;
      }
      const apiError =
        error instanceof GenesysApiError ? toApiError(error) : error;
      if (
        apiError instanceof UpstreamFailureError &&
        apiError.retryAfterSeconds !== undefined
      ) {
        res.setHeader('Retry-After', String(apiError.retryAfterSeconds));
      }
      next(apiError);
    },
  );

  return router;
}
