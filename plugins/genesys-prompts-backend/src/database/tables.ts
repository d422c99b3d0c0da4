import type { PromptVersionAction } from '@genesys-prompts/plugin-genesys-prompts-common';

/** Row types of the plugin's tables, as stored (see migrations/). */

export type OperationKind = 'create' | 'update' | 'rollback' | 'promote';
export type OperationStatus = 'pending' | 'applied' | 'failed';

export interface DbOperationRow {
  id: string;
  kind: OperationKind;
  prompt_id: string | null;
  prompt_name: string;
  entity_ref: string;
  actor: string;
  expected_revision: number | null;
  /** JSON of the definition being written. */
  definition: string;
  reason: string | null;
  source_version_no: number | null;
  status: OperationStatus;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export type VersionAction = PromptVersionAction;

export interface DbPromptVersionRow {
  id?: number;
  prompt_id: string;
  version_no: number;
  prompt_name: string;
  entity_ref: string;
  definition: string;
  content_hash: string;
  revision: number;
  version_label: string;
  action: VersionAction;
  actor: string;
  reason: string | null;
  source_version_no: number | null;
  operation_id: string | null;
  created_at: string;
}

export type AuditOutcome = 'success' | 'failure';

export interface DbAuditRow {
  seq: number | string;
  id: string;
  action: string;
  outcome: AuditOutcome;
  prompt_id: string | null;
  entity_ref: string | null;
  actor: string;
  /** Canonical JSON. */
  details: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface DbAuditChainHeadRow {
  id: number;
  seq: number | string;
  hash: string;
}

export interface DbExperimentRow {
  id: string;
  entity_ref: string;
  primary_prompt_id: string;
  status: string;
  /** JSON: ExperimentVariant[]. */
  variants: string;
  /** JSON: Partial<GuardThresholds>. */
  guard: string;
  created_by: string;
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
  promoted_prompt_id: string | null;
}

export interface DbExperimentEventRow {
  id?: number;
  experiment_id: string;
  action: string;
  actor: string;
  reason: string | null;
  /** JSON, or null. */
  details: string | null;
  created_at: string;
}

export interface DbGuardCheckRow {
  id: string;
  prompt_id: string;
  prompt_name: string;
  entity_ref: string;
  version_no: number;
  previous_version_no: number;
  previous_deployed_at: string;
  deployed_at: string;
  due_at: string;
  status: string;
  /** JSON: GuardThresholds. */
  thresholds: string;
  /** JSON: { before, after, summary }, once judged. */
  result: string | null;
  rollback_version_no: number | null;
  checked_at: string | null;
}
