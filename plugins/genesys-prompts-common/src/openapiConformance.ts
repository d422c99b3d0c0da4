import type { components } from './generated/openapi';
import type {
  AuditLogEntry,
  AuditVerifyResponse,
  GenesysContextRule,
  GenesysPrompt,
  GenesysPromptDefinition,
  GenesysPromptVariable,
  HealthResponse,
  PagedResponse,
  PromptDetailResponse,
  PromptListResponse,
  PromptSummary,
  PromptVersionAction,
  PromptVersionDetail,
  PromptVersionSummary,
  PromptWriteResponse,
  RollbackRequest,
} from './types';
import type {
  CreateExperimentRequest,
  DeployMarker,
  EntityMetricsResponse,
  Experiment,
  ExperimentEvent,
  ExperimentResults,
  ExperimentVariant,
  GuardCheck,
  GuardThresholds,
  LatencyComparison,
  LatencySummary,
  MetricsGranularity,
  MetricsPoint,
  MetricsTotals,
  PromoteExperimentRequest,
  PromoteExperimentResponse,
  PromptMetricsResponse,
  ProportionComparison,
  SampleSizeEstimate,
  StopExperimentRequest,
  VariantComparison,
  VariantMetricsSeries,
} from './insightTypes';
import type {
  ExportFormat,
  ExportPromptRequest,
  ExportPromptResponse,
  ExportTargetSummary,
  ExportTargetsResponse,
  PromptHistoryExport,
} from './exportTypes';
import type { PromptValidationReport, TokenBudget } from './tokens';
import type { ValidationIssue } from './validation';

/*
 * Compile-time checks (tsc runs first in `npm test`) that the hand-written
 * REST types the UI and the backend use say the same as the OpenAPI spec: each
 * pair must be assignable both ways. Not exported from the package.
 */

type Schemas = components['schemas'];

/**
 * The property paths only one of A and B has, at any depth (array elements
 * and nullable values included). Mutual assignability alone would let an
 * optional property exist on one side only.
 */
type KeyMismatch<A, B, Path extends string = ''> = [
  Unwrap<A>,
  Unwrap<B>,
] extends [infer UA, infer UB]
  ? [UA] extends [object]
    ? [UB] extends [object]
      ?
          | `${Path}${Exclude<keyof UA, keyof UB> & string} (hand-written only)`
          | `${Path}${Exclude<keyof UB, keyof UA> & string} (spec only)`
          | {
              [K in keyof UA & keyof UB & string]: KeyMismatch<
                UA[K],
                UB[K],
                `${Path}${K}.`
              >;
            }[keyof UA & keyof UB & string]
      : never
    : never
  : never;
type Unwrap<T> = T extends readonly (infer E)[] ? Unwrap<E> : NonNullable<T>;

/** Then when A and B have the same properties, else a type naming the differences. */
type SameKeys<A, B, Then> = [KeyMismatch<A, B>] extends [never]
  ? Then
  : { propertiesDiffer: KeyMismatch<A, B> };

/**
 * Compiles only when A and B are assignable to each other and have the same
 * properties; a mismatch names the property.
 */
type Mutual<
  A extends B,
  B extends SameKeys<Same, Other, Same>,
  Same = A,
  Other = B,
> = [A, B];

/**
 * Compiles only when Narrow is assignable to Wide and both have the same
 * properties. For request bodies: the spec's input schemas check JSON types
 * and sizes only (the shared validator judges the values and reports
 * issues), so they are wider than the UI's definitions, and what the UI
 * sends must fit them.
 */
type Fits<
  Narrow extends Wide,
  Wide extends SameKeys<Same, Other, unknown>,
  Same = Narrow,
  Other = Wide,
> = [Narrow, Wide];

/** The pairs; a mismatch fails here, naming the property. @internal */
export type OpenApiConformance = [
  // Prompts
  Mutual<GenesysPromptVariable, Schemas['PromptVariable']>,
  Mutual<GenesysContextRule, Schemas['ContextRule']>,
  Mutual<GenesysPromptDefinition, Schemas['PromptDefinition']>,
  Mutual<GenesysPrompt, Schemas['GenesysPrompt']>,
  Mutual<ValidationIssue, Schemas['ValidationIssue']>,
  Mutual<TokenBudget, Schemas['TokenBudget']>,
  Mutual<PromptValidationReport, Schemas['PromptValidationReport']>,
  Mutual<
    PromptSummary,
    Schemas['PromptSummary'] | Schemas['MissingPromptSummary']
  >,
  Mutual<PromptListResponse, Schemas['PromptListResponse']>,
  Mutual<PromptDetailResponse, Schemas['PromptDetailResponse']>,
  Mutual<HealthResponse, Schemas['HealthResponse']>,
  // History and audit
  Mutual<PromptVersionAction, Schemas['PromptVersionAction']>,
  Mutual<PromptVersionSummary, Schemas['PromptVersionSummary']>,
  Mutual<PromptVersionDetail, Schemas['PromptVersionDetail']>,
  Mutual<PagedResponse<PromptVersionSummary>, Schemas['PromptVersionPage']>,
  Mutual<PromptWriteResponse, Schemas['PromptWriteResponse']>,
  Mutual<AuditLogEntry, Schemas['AuditLogEntry']>,
  Mutual<PagedResponse<AuditLogEntry>, Schemas['AuditPage']>,
  Mutual<AuditVerifyResponse, Schemas['AuditVerifyResponse']>,
  // Metrics
  Mutual<MetricsGranularity, Schemas['MetricsGranularity']>,
  Mutual<LatencySummary, Schemas['LatencySummary']>,
  Mutual<MetricsTotals, Schemas['MetricsTotals']>,
  Mutual<MetricsPoint, Schemas['MetricsPoint']>,
  Mutual<DeployMarker, Schemas['DeployMarker']>,
  Mutual<VariantMetricsSeries, Schemas['VariantMetricsSeries']>,
  Mutual<PromptMetricsResponse, Schemas['PromptMetricsResponse']>,
  Mutual<EntityMetricsResponse['items'][number], Schemas['EntityMetricsItem']>,
  Mutual<EntityMetricsResponse, Schemas['EntityMetricsResponse']>,
  // Experiments and the guard
  Mutual<GuardThresholds, Schemas['GuardThresholds']>,
  Mutual<Partial<GuardThresholds>, Schemas['GuardOverrides']>,
  Mutual<ExperimentVariant, Schemas['ExperimentVariant']>,
  Mutual<ExperimentEvent, Schemas['ExperimentEvent']>,
  Mutual<Experiment, Schemas['Experiment']>,
  Mutual<{ items: Experiment[] }, Schemas['ExperimentList']>,
  Mutual<PromoteExperimentResponse, Schemas['PromoteExperimentResponse']>,
  // The spec's comparisons are nullable schemas (null: a side had no data).
  Mutual<ProportionComparison | null, Schemas['ProportionComparison']>,
  Mutual<LatencyComparison | null, Schemas['LatencyComparison']>,
  Mutual<VariantComparison, Schemas['VariantComparison']>,
  Mutual<SampleSizeEstimate, Schemas['SampleSizeEstimate']>,
  Mutual<ExperimentResults, Schemas['ExperimentResults']>,
  Mutual<GuardCheck, Schemas['GuardCheck']>,
  Mutual<{ items: GuardCheck[] }, Schemas['GuardCheckList']>,
  // Exports
  Mutual<ExportFormat, Schemas['ExportFormat']>,
  Mutual<ExportTargetSummary, Schemas['ExportTargetSummary']>,
  Mutual<ExportTargetsResponse, Schemas['ExportTargetsResponse']>,
  Mutual<ExportPromptResponse, Schemas['ExportPromptResponse']>,
  Mutual<PromptHistoryExport, Schemas['PromptHistoryExport']>,
  // Request bodies
  Mutual<RollbackRequest, Schemas['RollbackRequest']>,
  Mutual<StopExperimentRequest, Schemas['StopExperimentRequest']>,
  Mutual<PromoteExperimentRequest, Schemas['PromoteExperimentRequest']>,
  Mutual<ExportPromptRequest, Schemas['ExportPromptRequest']>,
  Mutual<CreateExperimentRequest, Schemas['CreateExperimentRequest']>,
  // Definitions: the spec's input is wider by design (see Fits).
  Fits<GenesysPromptDefinition, Schemas['PromptDefinitionInput']>,
];
