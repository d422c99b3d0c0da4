import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditExportFormat,
  AuditLogEntry,
  CreateExperimentRequest,
  EntityMetricsResponse,
  Experiment,
  ExperimentResults,
  ExportPromptRequest,
  ExportPromptResponse,
  ExportTargetsResponse,
  GenesysPromptDefinition,
  GuardCheck,
  PagedResponse,
  PromptDetailResponse,
  PromptListResponse,
  PromptMetricsResponse,
  PromptValidationReport,
  PromoteExperimentResponse,
  PromptVersionDetail,
  PromptVersionSummary,
  PromptWriteResponse,
  PromoteExperimentRequest,
  RollbackRequest,
  StopExperimentRequest,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import type { JsonRequestBody, QueryParams } from './openapi';

/*
 * The request types below are read from the backend's OpenAPI spec (through
 * the generated types in the common package), so they cannot drift from it.
 */

/**
 * A definition as the dry-run validator accepts it: JSON types and sizes
 * only, the validator judges the values. A `GenesysPromptDefinition` always
 * fits.
 *
 * @public
 */
export type PromptDefinitionInput = JsonRequestBody<'/validate', 'post'>;

type UpdatePromptBody = JsonRequestBody<
  '/entities/{namespace}/{kind}/{name}/prompts/{promptId}',
  'put'
>;

/**
 * Body of an update: the whole new definition, the `revision` it was edited
 * from as `expectedRevision` (a stale one is refused with 409) and an
 * optional reason for the history.
 *
 * @public
 */
export interface UpdatePromptRequest
  extends GenesysPromptDefinition,
    Pick<UpdatePromptBody, 'expectedRevision' | 'reason'> {}

/**
 * Paging of the history lists: `cursor` is a previous page's `nextCursor`.
 *
 * @public
 */
export type PageRequest = QueryParams<
  '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/versions',
  'get'
>;

/**
 * A time range (ISO-8601). The backend defaults to the experiment's run.
 *
 * @public
 */
export type TimeRangeRequest = QueryParams<
  '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/experiments/{experimentId}/results',
  'get'
>;

/**
 * A time range (ISO-8601, default the 24 hours before now) and bucket size
 * (default `PT1H`) of a metrics request.
 *
 * @public
 */
export type MetricsRequest = QueryParams<
  '/entities/{namespace}/{kind}/{name}/prompts/{promptId}/metrics',
  'get'
>;

/**
 * What `GET /audit/export` downloads: one format (always named, though the
 * backend defaults to JSON Lines), narrowed by the optional filters:
 * `entityRef` is a stringified entity ref, `from` and `to` are ISO-8601.
 *
 * @public
 */
export type AuditExportRequest = QueryParams<'/audit/export', 'get'> & {
  format: AuditExportFormat;
};

/**
 * Reads and changes the Genesys prompts a catalog entity owns, through the plugin's backend.
 *
 * @public
 */
export interface GenesysPromptsApi {
  /**
   * The prompts the entity's annotation names; names Genesys lacks come back
   * as `notFound`. Calls for one entity close together may share a request.
   */
  getEntityPrompts(entityRef: CompoundEntityRef): Promise<PromptListResponse>;
  /**
   * The entity's prompt list as this client loaded it in the last few
   * minutes, if no write of its own came since: something to show at once
   * while `getEntityPrompts` fetches the current one. Optional: without it
   * the list shows when it arrives.
   */
  peekEntityPrompts?(
    entityRef: CompoundEntityRef,
  ): PromptListResponse | undefined;
  /** One prompt the entity owns, with its local version and drift state. */
  getPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<PromptDetailResponse>;
  /** Creates a prompt whose name the entity's annotation lists (201). */
  createPrompt(
    entityRef: CompoundEntityRef,
    definition: GenesysPromptDefinition,
  ): Promise<PromptWriteResponse>;
  /** Replaces a prompt's definition; a stale `expectedRevision` fails with 409. */
  updatePrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: UpdatePromptRequest,
  ): Promise<PromptWriteResponse>;
  /** Redeploys an earlier version as a new one (default: the version before the newest). */
  rollbackPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: RollbackRequest,
  ): Promise<PromptWriteResponse>;
  /** The prompt's version history, newest first. */
  getPromptVersions(
    entityRef: CompoundEntityRef,
    promptId: string,
    page?: PageRequest,
  ): Promise<PagedResponse<PromptVersionSummary>>;
  /** One stored version with its full definition. */
  getPromptVersion(
    entityRef: CompoundEntityRef,
    promptId: string,
    versionNo: number,
  ): Promise<PromptVersionDetail>;
  /** The prompt's audit entries, newest first. */
  getPromptAudit(
    entityRef: CompoundEntityRef,
    promptId: string,
    page?: PageRequest,
  ): Promise<PagedResponse<AuditLogEntry>>;
  /** Dry run of the backend's validator (no writes, no upstream calls). */
  validatePrompt(
    definition: PromptDefinitionInput,
  ): Promise<PromptValidationReport>;
  /** Totals, series and badges of every prompt the entity owns (one upstream call). */
  getEntityMetrics(
    entityRef: CompoundEntityRef,
    request?: MetricsRequest,
  ): Promise<EntityMetricsResponse>;
  /** One prompt's totals, series and deploy markers, per variant when an experiment runs. */
  getPromptMetrics(
    entityRef: CompoundEntityRef,
    promptId: string,
    request?: MetricsRequest,
  ): Promise<PromptMetricsResponse>;
  /** The prompt's experiments, newest first. */
  listExperiments(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<{ items: Experiment[] }>;
  /** Creates a draft experiment; `promptId` must be `variants[0]` (201). */
  createExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: CreateExperimentRequest,
  ): Promise<Experiment>;
  /** Starts a draft experiment: the traffic split is written to Genesys. */
  startExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
  ): Promise<Experiment>;
  /** Stops an experiment: all traffic goes back to the primary. */
  stopExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    request?: StopExperimentRequest,
  ): Promise<Experiment>;
  /** Makes a variant's definition the primary's new version and stops the experiment. */
  promoteExperiment(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    request: PromoteExperimentRequest,
  ): Promise<PromoteExperimentResponse>;
  /** Per-variant totals and the statistical comparisons with the primary. */
  getExperimentResults(
    entityRef: CompoundEntityRef,
    promptId: string,
    experimentId: string,
    range?: TimeRangeRequest,
  ): Promise<ExperimentResults>;
  /** The guard's checks of the prompt's deploys, newest first. */
  getGuardChecks(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<{ items: GuardCheck[] }>;
  /** The configured export targets by name and format (never their URLs). */
  getExportTargets(): Promise<ExportTargetsResponse>;
  /** Sends the prompt to a configured target; 502/504 name the target when it fails. */
  exportPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: ExportPromptRequest,
  ): Promise<ExportPromptResponse>;
  /**
   * URL of the prompt's whole version history as a JSON file. Fetch it with
   * the fetchApi (it needs the user's token), e.g. with `downloadFile`.
   */
  getPromptHistoryExportUrl(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<string>;
  /** URL of an audit log download (JSON Lines or CSV); fetch it with the fetchApi. */
  getAuditExportUrl(request: AuditExportRequest): Promise<string>;
}

/**
 * Utility API reference for {@link GenesysPromptsApi}.
 *
 * @public
 */
export const genesysPromptsApiRef = createApiRef<GenesysPromptsApi>({
  id: 'plugin.genesys-prompts.service',
});
