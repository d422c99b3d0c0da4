import type { PromptVersionAction } from '@genesys-prompts/plugin-genesys-prompts-common';

/** Row types of the plugin's tables, as stored (see migrations/). */

export type OperationKind = 'create' | 'update' | 'rollback';
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
