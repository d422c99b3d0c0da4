import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AuditorService,
} from '@backstage/backend-plugin-api';
import {
  genesysAuditReadPermission,
  genesysPromptCreatePermission,
  genesysPromptReadPermission,
  genesysPromptRollbackPermission,
  genesysPromptUpdatePermission,
  HealthResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError, serializeError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  auditQuery,
  createPromptBody,
  entityParams,
  pageQuery,
  promptParams,
  rollbackBody,
  updatePromptBody,
  versionParams,
} from './schemas';
import { HistoryService, toDetail } from './services/HistoryService/HistoryService';
import { WriteResult } from './services/PromptWriteService/PromptWriteService';
import {
  PromptValidationError,
  PromptValidator,
} from './services/PromptValidator/PromptValidator';
import { PromptWriteService } from './services/PromptWriteService/PromptWriteService';
import { EntityAccess } from './services/EntityAccess/EntityAccess';
import { GenesysApiError } from './services/GenesysClient/errors';
import {
  toApiError,
  UpstreamFailureError,
} from './services/GenesysClient/toApiError';
import { PromptService } from './services/PromptService/PromptService';

/** What the router needs; built once in plugin.ts. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  historyService: HistoryService;
  validator: PromptValidator;
  entityAccess: EntityAccess;
  promptService: PromptService;
  promptWriteService: PromptWriteService;
  health: () => HealthResponse;
}

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

/** The plugin's REST API: parse, authorize, call one service method. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    userInfo,
    permissions,
    auditor,
    historyService,
    validator,
    entityAccess,
    promptService,
    promptWriteService,
    health,
  } = options;
  const router = Router();
  // Room for long templates (a 32k-token template is about 130 kB).
  router.use(express.json({ limit: '2mb' }));

  /** The signed-in user's entity ref, or the calling service: never a fixed string. */
  async function actorOf(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<string> {
    if (credentials.principal.type === 'user') {
      const { userEntityRef } = await userInfo.getUserInfo(credentials);
      return userEntityRef;
    }
    return `service:${credentials.principal.subject}`;
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
      meta: { entityRef: `${req.params.kind}:${req.params.namespace}/${req.params.name}` },
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

  router.get('/health', (_req, res) => {
    res.json(health());
  });

  // A dry run of the shared validator: no writes, no upstream calls.
  router.post('/validate', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const definition = parse(createPromptBody, req.body, 'body');
    res.json(await validator.validate(definition));
  });

  router.get('/entities/:namespace/:kind/:name/prompts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = parse(entityParams, req.params, 'path');
    const entity = await entityAccess.authorize(
      ref,
      genesysPromptReadPermission,
      credentials,
    );
    res.json(await promptService.listEntityPrompts(entity));
  });

  router.get(
    '/entities/:namespace/:kind/:name/prompts/:promptId',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { promptId, ...ref } = parse(promptParams, req.params, 'path');
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptReadPermission,
        credentials,
      );
      res.json(await promptService.getEntityPrompt(entity, promptId));
    },
  );

  router.post('/entities/:namespace/:kind/:name/prompts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = parse(entityParams, req.params, 'path');
    const definition = parse(createPromptBody, req.body, 'body');
    const entity = await entityAccess.authorize(
      ref,
      genesysPromptCreatePermission,
      credentials,
    );
    const actor = await actorOf(credentials);
    res.status(201).json(
      await audited(req, 'prompt-create', () =>
        promptWriteService.create({ entity, actor }, definition),
      ),
    );
  });

  router.put(
    '/entities/:namespace/:kind/:name/prompts/:promptId',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { promptId, ...ref } = parse(promptParams, req.params, 'path');
      const { expectedRevision, reason, ...definition } = parse(
        updatePromptBody,
        req.body,
        'body',
      );
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptUpdatePermission,
        credentials,
      );
      const actor = await actorOf(credentials);
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
    },
  );

  router.post(
    '/entities/:namespace/:kind/:name/prompts/:promptId/rollback',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { promptId, ...ref } = parse(promptParams, req.params, 'path');
      const { toVersion, reason } = parse(rollbackBody, req.body, 'body');
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptRollbackPermission,
        credentials,
      );
      const actor = await actorOf(credentials);
      res.json(
        await audited(req, 'prompt-rollback', () =>
          promptWriteService.rollback({ entity, actor }, promptId, reason, toVersion),
        ),
      );
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/prompts/:promptId/versions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { promptId, ...ref } = parse(promptParams, req.params, 'path');
      const page = parse(pageQuery, req.query, 'query');
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptReadPermission,
        credentials,
      );
      res.json(await historyService.listVersions(entity, promptId, page));
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/prompts/:promptId/versions/:versionNo',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { promptId, versionNo, ...ref } = parse(
        versionParams,
        req.params,
        'path',
      );
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptReadPermission,
        credentials,
      );
      res.json(await historyService.getVersion(entity, promptId, versionNo));
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/prompts/:promptId/audit',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { promptId, ...ref } = parse(promptParams, req.params, 'path');
      const page = parse(pageQuery, req.query, 'query');
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptReadPermission,
        credentials,
      );
      res.json(await historyService.listPromptAudit(entity, promptId, page));
    },
  );

  /** The whole audit log is for those with the basic audit permission. */
  async function authorizeAuditRead(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: genesysAuditReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${genesysAuditReadPermission.name}`);
    }
  }

  router.get('/audit', async (req, res) => {
    await authorizeAuditRead(req);
    const { limit, cursor, ...filter } = parse(auditQuery, req.query, 'query');
    res.json(await historyService.listAudit(filter, { limit, cursor }));
  });

  router.get('/audit/verify', async (req, res) => {
    await authorizeAuditRead(req);
    res.json(await historyService.verifyAudit());
  });

  // Upstream failures leave as 4xx/502/503/504 with the correlation id, never
  // with the upstream status passed through.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof PromptValidationError) {
        // The Backstage error body, plus every issue and the budget.
        res.status(400).json({
          error: serializeError(error),
          request: { method: _req.method, url: _req.originalUrl },
          response: { statusCode: 400 },
          issues: error.report.issues,
          budget: error.report.budget,
        });
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
