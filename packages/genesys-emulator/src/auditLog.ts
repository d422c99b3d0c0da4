/** One audit entry forwarded to `POST /api/v2/users/me/auditlogs`. */
export interface ForwardedAuditEntry {
  receivedAt: string;
  correlationId: string;
  entry: Record<string, unknown>;
}

// Bounds memory in a long-running demo.
const MAX_ENTRIES = 10_000;

/** In-memory store of forwarded audit entries. */
export class AuditLog {
  private entries: ForwardedAuditEntry[] = [];

  add(entry: ForwardedAuditEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
  }

  list(): ForwardedAuditEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }
}
