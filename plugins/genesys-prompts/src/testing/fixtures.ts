// Test data shared by this package's tests; never imported by production code.
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { PermissionApi } from '@backstage/plugin-permission-react';
import {
  AuditLogEntry,
  EntityMetricsResponse,
  Experiment,
  ExperimentResults,
  ExportTargetsResponse,
  GenesysPrompt,
  GuardCheck,
  MetricsPoint,
  MetricsTotals,
  GenesysPromptDefinition,
  PromptDetailResponse,
  PromptListResponse,
  PromptMetricsResponse,
  PromptVersionDetail,
  PromptVersionSummary,
  PromptWriteResponse,
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

/** The definition fields of a prompt, as stored in a version snapshot. */
export function definitionOf(
  p: GenesysPromptDefinition,
): GenesysPromptDefinition {
  return {
    name: p.name,
    version: p.version,
    template: p.template,
    variables: p.variables,
    contextRules: p.contextRules,
    modelId: p.modelId,
    maxTokens: p.maxTokens,
  };
}

/** Four versions of `prompt`, newest first, as the versions route lists them. */
export const versions: PromptVersionSummary[] = [
  {
    versionNo: 4,
    action: 'update',
    actor: 'user:default/ana',
    reason: 'mention the mood',
    versionLabel: '1.2.0',
    revision: 3,
    contentHash: 'h4',
    sourceVersionNo: null,
    createdAt: '2026-11-26T11:00:00.000Z',
  },
  {
    versionNo: 3,
    action: 'drift',
    actor: 'genesys:external',
    reason: 'changed outside the portal',
    versionLabel: '1.1.1',
    revision: 2,
    contentHash: 'h3',
    sourceVersionNo: null,
    createdAt: '2026-11-25T09:00:00.000Z',
  },
  {
    versionNo: 2,
    action: 'update',
    actor: 'user:default/bo',
    reason: 'shorter greeting',
    versionLabel: '1.1.0',
    revision: 1,
    contentHash: 'h2',
    sourceVersionNo: null,
    createdAt: '2026-11-24T09:00:00.000Z',
  },
  {
    versionNo: 1,
    action: 'import',
    actor: 'genesys:import',
    reason: null,
    versionLabel: '1.0.0',
    revision: 1,
    contentHash: 'h1',
    sourceVersionNo: null,
    createdAt: '2026-11-23T09:00:00.000Z',
  },
];

/** The stored definition of each version in `versions`. */
export const versionDefinitions: Record<number, GenesysPromptDefinition> = {
  4: definitionOf(prompt),
  3: {
    ...definitionOf(prompt),
    version: '1.1.1',
    template:
      'You are a support agent. Context: {{context}}. User: {{ user_input }}.',
  },
  2: {
    ...definitionOf(prompt),
    version: '1.1.0',
    template: 'You are a support agent.\nContext: {{context}}',
    variables: [{ name: 'context', type: 'string', required: true }],
    maxTokens: 2048,
  },
  1: {
    ...definitionOf(prompt),
    version: '1.0.0',
    template: 'You are a helpful support agent.\nContext: {{context}}',
    variables: [{ name: 'context', type: 'string', required: true }],
    maxTokens: 2048,
  },
};

export function versionDetail(versionNo: number): PromptVersionDetail {
  const summary = versions.find(v => v.versionNo === versionNo);
  if (!summary) throw new Error(`no version ${versionNo} in the fixtures`);
  return { ...summary, definition: versionDefinitions[versionNo] };
}

export const auditEntries: AuditLogEntry[] = [
  {
    seq: 12,
    id: 'a-12',
    action: 'update',
    outcome: 'failure',
    promptId: 'p-1',
    entityRef: 'component:default/support-bot',
    actor: 'user:default/bo',
    details: {
      promptName: 'customer-support-assistant',
      expectedRevision: 2,
      error: 'revision 3, not 2',
    },
    createdAt: '2026-11-26T12:00:00.000Z',
    prevHash: '9f86d081884c7d65',
    hash: 'e3b0c44298fc1c149afbf4c8996fb924',
  },
  {
    seq: 11,
    id: 'a-11',
    action: 'update',
    outcome: 'success',
    promptId: 'p-1',
    entityRef: 'component:default/support-bot',
    actor: 'user:default/ana',
    details: {
      promptName: 'customer-support-assistant',
      versionNo: 4,
      revision: 3,
      reason: 'mention the mood',
    },
    createdAt: '2026-11-26T11:00:00.000Z',
    prevHash: '0000000000000000',
    hash: '9f86d081884c7d659a2feaa0c55ad015',
  },
];

/** What the backend answers for a successful write that became version `versionNo`. */
export function writeResponse(
  versionNo: number,
  overrides: Partial<PromptVersionDetail> = {},
): PromptWriteResponse {
  return {
    prompt: { ...prompt, revision: prompt.revision + 1 },
    version: {
      ...versionDetail(4),
      versionNo,
      revision: prompt.revision + 1,
      ...overrides,
    },
  };
}

/* ---- Metrics, experiments and the guard ---- */

export const METRICS_TO = '2026-11-26T12:00:00.000Z';
export const METRICS_FROM = '2026-11-25T12:00:00.000Z';

export function totals(
  requests: number,
  errors: number,
  p95: number,
  tokens: number,
): MetricsTotals {
  return {
    requests,
    errors,
    successRate: requests ? (requests - errors) / requests : null,
    tokens,
    latencyMs: { avg: p95 * 0.6, p50: p95 * 0.5, p95, p99: p95 * 1.4 },
  };
}

/** `count` hourly buckets ending at METRICS_TO, requests growing by `step`. */
export function hourlySeries(count: number, step: number): MetricsPoint[] {
  const end = Date.parse(METRICS_TO);
  return Array.from({ length: count }, (_, index) => {
    const start = end - (count - index) * 3600_000;
    return {
      start: new Date(start).toISOString(),
      end: new Date(start + 3600_000).toISOString(),
      ...totals(100 + index * step, index % 3, 400 + index * 10, 5000 + index),
    };
  });
}

export const entityMetrics: EntityMetricsResponse = {
  from: METRICS_FROM,
  to: METRICS_TO,
  granularity: 'PT1H',
  items: [
    {
      promptId: 'p-1',
      name: 'customer-support-assistant',
      totals: totals(12480, 125, 812, 3_400_000),
      series: hourlySeries(6, 10),
      drift: false,
      runningExperimentId: 'e-1',
    },
    {
      promptId: 'p-2',
      name: 'refund-helper',
      totals: totals(300, 30, 1450, 92_000),
      series: hourlySeries(6, -5),
      drift: true,
      guardRollback: {
        at: '2026-11-26T09:00:00.000Z',
        versionNo: 6,
        reason: 'success rate fell from 97.0 % to 88.0 % (limit 5 points)',
      },
    },
  ],
};

export const promptMetrics: PromptMetricsResponse = {
  promptId: 'p-1',
  name: 'customer-support-assistant',
  from: METRICS_FROM,
  to: METRICS_TO,
  granularity: 'PT1H',
  totals: totals(12480, 125, 812, 3_400_000),
  series: hourlySeries(24, 10),
  deploys: [
    {
      versionNo: 4,
      action: 'update',
      actor: 'user:default/ana',
      versionLabel: '1.2.0',
      at: '2026-11-26T06:30:00.000Z',
    },
  ],
};

export const guardChecks: GuardCheck[] = [
  {
    id: 'g-2',
    promptId: 'p-1',
    versionNo: 4,
    previousVersionNo: 3,
    deployedAt: '2026-11-26T06:30:00.000Z',
    dueAt: '2026-11-26T07:30:00.000Z',
    status: 'passed',
    thresholds: {
      maxSuccessRateDrop: 0.05,
      maxP95LatencyIncrease: 0.5,
      maxErrorRate: 0.1,
      minRequests: 100,
      windowSeconds: 3600,
    },
    summary: 'success rate 98.9 % (before 98.7 %), p95 812 ms (before 790 ms)',
    checkedAt: '2026-11-26T07:31:00.000Z',
  },
  {
    id: 'g-1',
    promptId: 'p-1',
    versionNo: 3,
    previousVersionNo: 2,
    deployedAt: '2026-11-25T09:00:00.000Z',
    dueAt: '2026-11-25T10:00:00.000Z',
    status: 'rolled-back',
    thresholds: {
      maxSuccessRateDrop: 0.05,
      maxP95LatencyIncrease: 0.5,
      maxErrorRate: 0.1,
      minRequests: 100,
      windowSeconds: 3600,
    },
    summary: 'error rate 14.0 % is above the 10.0 % limit',
    rollbackVersionNo: 2,
    checkedAt: '2026-11-25T10:01:00.000Z',
  },
];

export function makeExperiment(
  overrides: Partial<Experiment> = {},
): Experiment {
  return {
    id: 'e-1',
    entityRef: 'component:default/support-bot',
    primaryPromptId: 'p-1',
    status: 'running',
    variants: [
      { promptId: 'p-1', name: 'customer-support-assistant', weight: 80 },
      { promptId: 'p-2', name: 'refund-helper', weight: 20 },
    ],
    guard: {},
    createdBy: 'user:default/ana',
    createdAt: '2026-11-25T08:00:00.000Z',
    startedAt: '2026-11-25T09:00:00.000Z',
    history: [],
    ...overrides,
  };
}

/** Results of `makeExperiment()`: `enoughData` decides whether the verdicts count. */
export function makeResults(enoughData: boolean): ExperimentResults {
  return {
    experimentId: 'e-1',
    from: '2026-11-25T09:00:00.000Z',
    to: METRICS_TO,
    variants: [
      {
        promptId: 'p-1',
        name: 'customer-support-assistant',
        weight: 80,
        totals: totals(enoughData ? 4000 : 480, enoughData ? 200 : 24, 800, 1),
      },
      {
        promptId: 'p-2',
        name: 'refund-helper',
        weight: 20,
        totals: totals(enoughData ? 1000 : 120, enoughData ? 20 : 3, 650, 1),
      },
    ],
    comparisons: [
      {
        promptId: 'p-2',
        againstPromptId: 'p-1',
        enoughData,
        successRate: {
          method: 'two-proportion-z-test',
          rateA: 0.95,
          rateB: 0.98,
          difference: 0.03,
          z: 4.1,
          pValue: 0.0004,
          confidenceInterval: [0.018, 0.042],
          confidenceLevel: 0.95,
          significant: true,
        },
        latency: {
          method: 'mann-whitney-u',
          medianA: 400,
          medianB: 325,
          u: 1234,
          z: -2.3,
          pValue: 0.021,
          probabilityBFaster: 0.62,
          significant: true,
        },
      },
    ],
    sampleSize: {
      perVariant: 400,
      baselineRate: 0.95,
      minDetectableEffect: 0.02,
      alpha: 0.05,
      power: 0.8,
    },
    conversationsAnalysed: 900,
  };
}

export const exportTargets: ExportTargetsResponse = {
  items: [
    { name: 'langfuse-prod', format: 'langfuse' },
    { name: 'audit-webhook', format: 'generic' },
  ],
};

/** Where the fake API's download URLs point (as the client would build them). */
export const FAKE_BASE_URL = 'http://backstage.test/api/genesys-prompts';

/** A fake API whose methods are jest mocks. */
export function makeApi(
  overrides: Partial<GenesysPromptsApi> = {},
): jest.Mocked<GenesysPromptsApi> {
  return {
    getEntityPrompts: jest.fn(
      overrides.getEntityPrompts ?? (async () => promptList),
    ),
    // Optional in the API: absent unless a test gives one (a client without a cache).
    ...(overrides.peekEntityPrompts && {
      peekEntityPrompts: jest.fn(overrides.peekEntityPrompts),
    }),
    getPrompt: jest.fn(overrides.getPrompt ?? (async () => promptDetail)),
    createPrompt: jest.fn(
      overrides.createPrompt ?? (async () => writeResponse(1)),
    ),
    updatePrompt: jest.fn(
      overrides.updatePrompt ?? (async () => writeResponse(5)),
    ),
    rollbackPrompt: jest.fn(
      overrides.rollbackPrompt ??
        (async (_ref, _id, request) =>
          writeResponse(5, {
            action: 'rollback',
            sourceVersionNo: request.toVersion ?? 3,
          })),
    ),
    getPromptVersions: jest.fn(
      overrides.getPromptVersions ?? (async () => ({ items: versions })),
    ),
    getPromptVersion: jest.fn(
      overrides.getPromptVersion ??
        (async (_ref, _id, versionNo) => versionDetail(versionNo)),
    ),
    getPromptAudit: jest.fn(
      overrides.getPromptAudit ?? (async () => ({ items: auditEntries })),
    ),
    validatePrompt: jest.fn(
      overrides.validatePrompt ??
        (async () => {
          throw new Error('the browser validates; no dry run expected');
        }),
    ),
    getEntityMetrics: jest.fn(
      overrides.getEntityMetrics ?? (async () => entityMetrics),
    ),
    getPromptMetrics: jest.fn(
      overrides.getPromptMetrics ?? (async () => promptMetrics),
    ),
    listExperiments: jest.fn(
      overrides.listExperiments ?? (async () => ({ items: [] })),
    ),
    createExperiment: jest.fn(
      overrides.createExperiment ??
        (async (_ref, _id, request) =>
          makeExperiment({
            id: 'e-new',
            status: 'draft',
            startedAt: undefined,
            variants: request.variants.map(v => ({
              ...v,
              name: v.promptId,
            })),
          })),
    ),
    startExperiment: jest.fn(
      overrides.startExperiment ?? (async () => makeExperiment()),
    ),
    stopExperiment: jest.fn(
      overrides.stopExperiment ??
        (async () =>
          makeExperiment({
            status: 'stopped',
            stoppedAt: '2026-11-26T12:00:00.000Z',
          })),
    ),
    promoteExperiment: jest.fn(
      overrides.promoteExperiment ??
        (async (_ref, _id, _experimentId, request) => ({
          experiment: makeExperiment({
            status: 'promoted',
            promotedPromptId: request.promptId,
          }),
          version: {
            ...versionDetail(4),
            versionNo: 5,
            action: 'promote' as const,
          },
        })),
    ),
    getExperimentResults: jest.fn(
      overrides.getExperimentResults ?? (async () => makeResults(false)),
    ),
    getGuardChecks: jest.fn(
      overrides.getGuardChecks ?? (async () => ({ items: guardChecks })),
    ),
    getExportTargets: jest.fn(
      overrides.getExportTargets ?? (async () => exportTargets),
    ),
    exportPrompt: jest.fn(
      overrides.exportPrompt ??
        (async (_ref, _id, request) => ({
          target: request.target,
          format:
            exportTargets.items.find(t => t.name === request.target)?.format ??
            'generic',
          status: 201,
          exportedAt: '2026-11-26T12:00:00.000Z',
        })),
    ),
    getPromptHistoryExportUrl: jest.fn(
      overrides.getPromptHistoryExportUrl ??
        (async (ref, id) =>
          `${FAKE_BASE_URL}/entities/${ref.namespace}/${ref.kind}/${
            ref.name
          }/prompts/${encodeURIComponent(id)}/history/export`),
    ),
    getAuditExportUrl: jest.fn(
      overrides.getAuditExportUrl ??
        (async request =>
          `${FAKE_BASE_URL}/audit/export?${new URLSearchParams(
            Object.entries(request).filter(
              (entry): entry is [string, string] => entry[1] !== undefined,
            ),
          )}`),
    ),
  };
}

// The decision values without a dependency on @backstage/plugin-permission-common.
type Decision = Awaited<ReturnType<PermissionApi['authorize']>>['result'];
const ALLOW = 'ALLOW' as Extract<Decision, 'ALLOW'>;
const DENY = 'DENY' as Extract<Decision, 'DENY'>;

/**
 * A permission API that allows exactly the permissions named in `allowed`
 * (all of them when omitted).
 */
export function makePermissionApi(
  allowed?: string[],
): jest.Mocked<PermissionApi> {
  return {
    authorize: jest.fn(async request => ({
      result:
        !allowed || allowed.includes(request.permission.name) ? ALLOW : DENY,
    })),
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

/** A ResponseError as the client throws it for a backend error body. */
export async function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'PUT', url: '/api/genesys-prompts/entities/x' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: status === 409 ? 'Conflict' : 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}
