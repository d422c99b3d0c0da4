/** One audit entry forwarded to `POST /api/v2/users/me/auditlogs`. */
export interface ForwardedAuditEntry {
  receivedAt: string;
  correlationId: string;
  /** The sender's `Idempotency-Key`, if it sent one. */
  idempotencyKey?: string;
  entry: Record<string, unknown>;
}

// Bounds memory in a long-running demo.
const MAX_ENTRIES = 10_000;

/** In-memory store of forwarded audit entries. */
export class AuditLog {
  private entries: ForwardedAuditEntry[] = [];
  private readonly keys = new Set<string>();
  private repeats = 0;

  /**
   * Keeps an entry; one whose idempotency key was seen before is not kept
   * again (a retried delivery), only counted. False for such a repeat.
   */
  add(entry: ForwardedAuditEntry): boolean {
    if (entry.idempotencyKey !== undefined) {
      if (this.keys.has(entry.idempotencyKey)) {
        this.repeats += 1;
        return false;
      }
      this.keys.add(entry.idempotencyKey);
    }
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    return true;
  }

  /** Deliveries refused as repeats of an idempotency key already kept. */
  get repeatedDeliveries(): number {
    return this.repeats;
  }

  list(): ForwardedAuditEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
    this.keys.clear();
    this.repeats = 0;
  }
}
