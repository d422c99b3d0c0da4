import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  genesysPromptReadPermission,
  HealthResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
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
  entityAccess: EntityAccess;
  promptService: PromptService;
  health: () => HealthResponse;
}

const entityParams = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(63),
  name: z.string().min(1).max(253),
});

const promptParams = entityParams.extend({
  promptId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, - or _'),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
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
  const { httpAuth, entityAccess, promptService, health } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json(health());
  });

  router.get('/entities/:namespace/:kind/:name/prompts', async (req, res) => {
    const ref = parse(entityParams, req.params, 'path');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
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
      const { promptId, ...ref } = parse(promptParams, req.params, 'path');
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await entityAccess.authorize(
        ref,
        genesysPromptReadPermission,
        credentials,
      );
      res.json(await promptService.getEntityPrompt(entity, promptId));
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
