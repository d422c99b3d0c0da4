/*
 * The upstream contract's entities (/work/shared/genesys-contract.md), typed
 * locally so the emulator depends on nothing but the contract text. Keep these
 * structurally identical to the contract.
 */

/** Template variable types the contract allows. */
export type VariableType = 'string' | 'number' | 'boolean' | 'array';

/** Where a context rule's content comes from. */
export type ContextSource =
  | 'conversation_history'
  | 'external_api'
  | 'knowledge_base';

/** Where a context rule's content is injected. */
export type InjectionPoint = 'system' | 'user' | 'assistant';

/** A variable a prompt template declares. */
export interface PromptVariable {
  name: string;
  type: VariableType;
  required: boolean;
  defaultValue?: string;
}

/** Context injected into a prompt at run time. */
export interface ContextRule {
  source: ContextSource;
  maxTokens: number;
  injectionPoint: InjectionPoint;
}

/** The fields a client sends to create or replace a prompt. */
export interface PromptDefinition {
  name: string;
  version: string;
  template: string;
  variables: PromptVariable[];
  contextRules: ContextRule[];
  modelId: string;
  maxTokens: number;
}

/** A prompt as the LLM Gateway returns it. */
export interface Prompt extends PromptDefinition {
  id: string;
  revision: number;
  dateCreated: string;
  dateModified: string;
  selfUri: string;
}

/** Genesys list envelope; URIs are relative. */
export interface EntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  selfUri: string;
  firstUri: string;
  nextUri?: string;
  previousUri?: string;
  lastUri: string;
}

/** One field-level problem inside an ErrorBody. */
export interface ErrorDetail {
  errorCode: string;
  fieldName: string;
}

/** Genesys error body. */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageParams: Record<string, string>;
  contextId: string;
  details: ErrorDetail[];
  errors: unknown[];
}

/** OAuth token endpoint success body. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/** OAuth token endpoint error body. */
export interface OAuthErrorBody {
  error: string;
  description: string;
  error_description: string;
}

/** One variant of an A/B routing split. */
export interface RoutingVariant {
  promptId: string;
  weight: number;
}

/** Routing configuration hanging on a primary prompt. */
export interface PromptRouting {
  variants: RoutingVariant[];
  revision: number;
  dateModified: string;
}

/** Metric names of the LLM Gateway aggregates. */
export type MetricName =
  | 'nAiRequests'
  | 'nAiErrors'
  | 'tAiLatency'
  | 'nAiTokens';

/** A statistic block in the aggregates shape. */
export interface MetricStats {
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

/** One time bucket of one prompt's metrics. */
export interface MetricBucket {
  interval: string;
  metrics: Array<{ metric: MetricName; stats: MetricStats }>;
}

/** Metrics response of the LLM Gateway, in the real aggregates shape. */
export interface MetricsResponse {
  results: Array<{ group: { aiPromptId: string }; data: MetricBucket[] }>;
}

/** One conversation in a details query answer. */
export interface ConversationDetail {
  conversationId: string;
  conversationStart: string;
  aiPromptId: string;
  aiLatency: number;
  aiTokensUsed: number;
  aiSuccess: boolean;
}

/** Answer of the conversation details query. */
export interface ConversationDetailsResponse {
  conversations: ConversationDetail[];
  totalHits: number;
  nextPageUri?: string;
}
