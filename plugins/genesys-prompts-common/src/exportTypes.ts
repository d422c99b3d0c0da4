import type { PromptVersionDetail } from './types';

/* ---- Export to configured platforms, history and audit downloads ---- */

/** Payload formats an export target can receive. @public */
export type ExportFormat = 'generic' | 'langfuse';

/** @public */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['generic', 'langfuse'];

/** A configured export target as callers see it: never its URL or headers. @public */
export interface ExportTargetSummary {
  name: string;
  format: ExportFormat;
}

/** `GET /export-targets`. @public */
export interface ExportTargetsResponse {
  items: ExportTargetSummary[];
}

/** `POST .../prompts/:promptId/export` body: only a configured target's name. @public */
export interface ExportPromptRequest {
  target: string;
}

/** The target accepted the export; its response body is never echoed. @public */
export interface ExportPromptResponse {
  target: string;
  format: ExportFormat;
  /** The target's HTTP status. */
  status: number;
  exportedAt: string;
}

/** `GET .../prompts/:promptId/history/export`: every version of one prompt. @public */
export interface PromptHistoryExport {
  promptId: string;
  promptName: string;
  entityRef: string;
  exportedAt: string;
  /** Oldest first. */
  versions: PromptVersionDetail[];
}

/** Formats of `GET /audit/export`. @public */
export type AuditExportFormat = 'jsonl' | 'csv';
