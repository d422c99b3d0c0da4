import { AuditExportFormat, AuditLogEntry } from '@genesys-prompts/plugin-genesys-prompts-common';

const CSV_COLUMNS: Array<keyof AuditLogEntry> = [
  'seq',
  'id',
  'createdAt',
  'action',
  'outcome',
  'promptId',
  'entityRef',
  'actor',
  'details',
  'prevHash',
  'hash',
];

/**
 * The text of an audit export, one chunk per batch of entries: JSON Lines
 * (one entry per line) or CSV (RFC 4180, `details` as JSON).
 */
export async function* auditExportChunks(
  format: AuditExportFormat,
  batches: AsyncIterable<AuditLogEntry[]>,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const batch of batches) {
    yield batch
      .map(entry =>
        format === 'csv'
          ? `${CSV_COLUMNS.map(column => csvCell(entry[column])).join(',')}\r\n`
          : `${JSON.stringify(entry)}\n`,
      )
      .join('');
  }
}

/** `Content-Type` and file extension of each format. */
export const AUDIT_EXPORT_TYPES: Record<AuditExportFormat, { contentType: string; extension: string }> = {
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
};

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A cell a spreadsheet would run as a formula is kept as text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
