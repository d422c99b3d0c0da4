import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  genesysPromptCreatePermission,
  genesysPromptReadPermission,
  genesysPromptUpdatePermission,
  HealthResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  createPromptBody,
  entityParams,
  promptParams,
  updatePromptBody,
} from './schemas';
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

  router.get('/health', (_req, res) => {
    res.json(health());
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
    const result = await promptWriteService.create(
      { entity, actor: await actorOf(credentials) },
      definition,
    );
    res.status(201).json(result);
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
      const result = await promptWriteService.update(
        { entity, actor: await actorOf(credentials) },
        promptId,
        definition,
        expectedRevision,
        reason,
      );
      res.json(result);
    },
  );

  // Upstream failures leave as 4xx/502/503/504 with the correlation id, never
  // with the upstream status passed through.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
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
