import type { PromptValidationReport } from './tokens';

/*
 * Types of the upstream contract (../shared/genesys-contract.md) and of this
 * plugin's REST API. The prompt resources are the LLM Gateway contract [T];
 * the envelopes and error bodies follow real Genesys Cloud conventions [real].
 */

/** @public */
export type GenesysVariableType = 'string' | 'number' | 'boolean' | 'array';

/** @public */
export const GENESYS_VARIABLE_TYPES: readonly GenesysVariableType[] = [
  'string',
  'number',
  'boolean',
  'array',
];

/** @public */
export type GenesysContextSource =
  | 'conversation_history'
  | 'external_api'
  | 'knowledge_base';

/** @public */
export const GENESYS_CONTEXT_SOURCES: readonly GenesysContextSource[] = [
  'conversation_history',
  'external_api',
  'knowledge_base',
];

/** @public */
export type GenesysInjectionPoint = 'system' | 'user' | 'assistant';

/** @public */
export const GENESYS_INJECTION_POINTS: readonly GenesysInjectionPoint[] = [
  'system',
  'user',
  'assistant',
];

/** A variable a prompt template declares. @public */
export interface GenesysPromptVariable {
  name: string;
  type: GenesysVariableType;
  required: boolean;
  defaultValue?: string;
}

/** Context injected into a prompt at run time. @public */
export interface GenesysContextRule {
  source: GenesysContextSource;
  maxTokens: number;
  injectionPoint: GenesysInjectionPoint;
}

/** What a caller sends to create or replace a prompt. @public */
export interface GenesysPromptDefinition {
  name: string;
  /** Free semantic-version label. */
  version: string;
  template: string;
  variables: GenesysPromptVariable[];
  contextRules: GenesysContextRule[];
  modelId: string;
  maxTokens: number;
}

/** A prompt as the LLM Gateway returns it. @public */
export interface GenesysPrompt extends GenesysPromptDefinition {
  id: string;
  /** Server concurrency counter: 1 on create, +1 on every accepted PUT. */
  revision: number;
  dateCreated: string;
  dateModified: string;
  selfUri: string;
}

/** Genesys list envelope. @public */
export interface GenesysEntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  selfUri?: string;
  firstUri?: string;
  nextUri?: string;
  previousUri?: string;
  lastUri?: string;
}

/** Genesys error body. @public */
export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  messageParams?: Record<string, string>;
  contextId?: string;
  details?: Array<{ errorCode?: string; fieldName?: string }>;
  errors?: unknown[];
}

/** One variant of an A/B routing split. @public */
export interface GenesysRoutingVariant {
  promptId: string;
  weight: number;
}

/** Routing configuration hanging on a primary prompt. @public */
export interface GenesysPromptRouting {
  variants: GenesysRoutingVariant[];
  revision: number;
  dateModified: string;
}

/** A statistic block in the aggregates shape. @public */
export interface GenesysMetricStats {
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

/** @public */
export type GenesysMetricName =
  | 'nAiRequests'
  | 'nAiErrors'
  | 'tAiLatency'
  | 'nAiTokens';

/** Metrics response of the LLM Gateway, in the real aggregates shape. @public */
export interface GenesysMetricsResponse {
  results: Array<{
    group: { aiPromptId: string };
    data: Array<{
      interval: string;
      metrics: Array<{ metric: GenesysMetricName; stats: GenesysMetricStats }>;
    }>;
  }>;
}

/** One conversation in a details query answer. @public */
export interface GenesysConversationDetail {
  conversationId: string;
  conversationStart: string;
  aiPromptId: string;
  aiLatency: number;
  aiTokensUsed: number;
  aiSuccess: boolean;
}

/** @public */
export interface GenesysConversationDetailsResponse {
  conversations: GenesysConversationDetail[];
  totalHits: number;
  nextPageUri?: string;
}

/* ---- This plugin's REST API ---- */

/** A prompt an entity's annotation names, as the entity's list shows it. @public */
export type PromptSummary =
  | {
      id: string;
      name: string;
      version: string;
      modelId: string;
      revision: number;
      dateModified: string;
      /** Newest local version number; null until version history exists. */
      latestVersionNo: number | null;
      /** True when the prompt was changed outside the portal. */
      drift: boolean;
      /** The token budget's verdict for the current definition. */
      budget?: {
        total: number;
        limit: number | null;
        fits: boolean;
        estimated: boolean;
      };
      notFound?: false;
    }
  | { name: string; notFound: true };

/** The entity's prompt list. @public */
export interface PromptListResponse {
  items: PromptSummary[];
}

/** One prompt with what the portal knows about it. @public */
export interface PromptDetailResponse {
  prompt: GenesysPrompt;
  /** The shared validator's report on the current definition, with its token budget. */
  validation?: PromptValidationReport;
  latestVersionNo: number | null;
  drift: boolean;
}

/** The unauthenticated health report. @public */
/** The upstream circuit breaker's state, as `/health` reports it. */
export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

export interface HealthResponse {
  status: 'ok' | 'degraded';
  upstream: {
    baseUrl: string;
    /** True when the emulator stands in for Genesys (local development). */
    emulator: boolean;
    /** What the last upstream call showed; null before the first call. */
    reachable: boolean | null;
    lastSuccessAt?: string;
    lastFailureAt?: string;
    lastError?: string;
    circuit: CircuitStateName;
    /** The upstream rate window as last seen, once a call has been made. */
    rateBudget?: {
      allowed: number;
      used: number;
      remaining: number;
      /** Epoch milliseconds. */
      resetsAt: number;
    };
    counts: {
      requests: number;
      retries: number;
      tooManyRequests: number;
      failures: number;
    };
  };
}

/** A page of a list: `nextCursor` fetches the next one. @public */
export interface PagedResponse<T> {
  items: T[];
  nextCursor?: string;
}

/** @public */
export type PromptVersionAction =
  | 'create'
  | 'update'
  | 'rollback'
  | 'promote'
  | 'drift'
  | 'import';

/** One entry of a prompt's version history. @public */
export interface PromptVersionSummary {
  versionNo: number;
  action: PromptVersionAction;
  /** The user's entity ref, or `genesys:external` / `genesys:import`. */
  actor: string;
  reason: string | null;
  versionLabel: string;
  revision: number;
  contentHash: string;
  /** For a rollback: the version it restored. */
  sourceVersionNo: number | null;
  createdAt: string;
}

/** One stored version with its full definition. @public */
export interface PromptVersionDetail extends PromptVersionSummary {
  definition: GenesysPromptDefinition;
}

/** What a create, update or rollback returns. @public */
export interface PromptWriteResponse {
  prompt: GenesysPrompt;
  version: PromptVersionDetail;
}

/** Body of `POST .../rollback`. @public */
export interface RollbackRequest {
  /** Default: the version before the newest. */
  toVersion?: number;
  reason: string;
}

/** One row of the hash-chained audit log. @public */
export interface AuditLogEntry {
  seq: number;
  id: string;
  action: string;
  outcome: 'success' | 'failure';
  promptId: string | null;
  entityRef: string | null;
  actor: string;
  details: Record<string, unknown>;
  createdAt: string;
  prevHash: string;
  hash: string;
}

/** The result of `GET /audit/verify`. @public */
export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}
