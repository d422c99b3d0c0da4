// Test data shared by this package's tests; never imported by production code.
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  GenesysPrompt,
  PromptDetailResponse,
  PromptListResponse,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsApi } from '../api';

export const TAB_PATH =
  '/catalog/default/component/support-bot/genesys-prompts';

export function makeEntity(annotation?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'support-bot',
      namespace: 'default',
      annotations:
        annotation === undefined
          ? {}
          : { 'genesys.cloud/llm-prompts': annotation },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

export const prompt: GenesysPrompt = {
  id: 'p-1',
  name: 'customer-support-assistant',
  version: '1.2.0',
  template:
    'You are a support agent. Context: {{context}}. User: {{ user_input }}. Mood: {{mood}}',
  variables: [
    { name: 'context', type: 'string', required: true },
    {
      name: 'user_input',
      type: 'string',
      required: false,
      defaultValue: 'Hello',
    },
  ],
  contextRules: [
    {
      source: 'conversation_history',
      maxTokens: 1500,
      injectionPoint: 'system',
    },
  ],
  modelId: 'openai-gpt-4-turbo',
  maxTokens: 4096,
  revision: 3,
  dateCreated: '2026-11-26T10:00:00.000Z',
  dateModified: '2026-11-26T11:00:00.000Z',
  selfUri: '/api/v2/ai/llm/prompts/p-1',
};

export const promptList: PromptListResponse = {
  items: [
    {
      id: 'p-1',
      name: 'customer-support-assistant',
      version: '1.2.0',
      modelId: 'openai-gpt-4-turbo',
      revision: 3,
      dateModified: '2026-11-26T11:00:00.000Z',
      latestVersionNo: 4,
      drift: false,
    },
    {
      id: 'p-2',
      name: 'refund-helper',
      version: '0.9.1',
      modelId: 'anthropic-claude-3',
      revision: 7,
      dateModified: '2026-11-20T08:30:00.000Z',
      latestVersionNo: null,
      drift: true,
    },
    { name: 'ghost-prompt', notFound: true },
  ],
};

export const promptDetail: PromptDetailResponse = {
  prompt,
  latestVersionNo: 4,
  drift: false,
};

/** A fake API whose methods are jest mocks. */
export function makeApi(
  overrides: Partial<GenesysPromptsApi> = {},
): jest.Mocked<GenesysPromptsApi> {
  return {
    getEntityPrompts: jest.fn(
      overrides.getEntityPrompts ?? (async () => promptList),
    ),
    getPrompt: jest.fn(overrides.getPrompt ?? (async () => promptDetail)),
  };
}

/** Never settles, to hold a view in its loading state. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

/** A ResponseError as the client throws it for an upstream failure. */
export async function upstreamError(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'ServiceUnavailableError',
          message:
            'Genesys Cloud is unavailable (correlation id 5f3c-8e21-upstream)',
        },
        request: { method: 'GET', url: '/api/genesys-prompts/entities/x' },
        response: { statusCode: 503 },
      }),
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}
