import { FaultKind } from './faults';

/** One call to `/oauth/token` or `/api/v2/*` as the emulator saw it. */
export interface RequestLogEntry {
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Query string without the leading `?`; empty when there was none. */
  query: string;
  /** Normalised route, e.g. `GET /api/v2/ai/llm/prompts/{id}`. */
  route: string;
  /** HTTP status sent; 0 when no answer was sent (reset or hang). */
  status: number;
  correlationId: string;
  /** When the request arrived (ISO 8601). */
  time: string;
  /** The injected fault that shaped this answer, if any. */
  fault?: FaultKind;
  /** For `resetAfterApply`: the status the applied request would have had. */
  appliedStatus?: number;
}

/** The request log and its counts by route and status. */
export interface EmulatorRequestLog {
  entries: RequestLogEntry[];
  /** `counts[route][status]` = number of requests; status "0" for resets and hangs. */
  counts: Record<string, Record<string, number>>;
}

// Bounds memory in a long-running demo; counts stay exact.
const MAX_ENTRIES = 10_000;

/** In-memory request log. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private counts: Record<string, Record<string, number>> = {};

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    const byStatus = (this.counts[entry.route] ??= {});
    const status = String(entry.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }

  snapshot(): EmulatorRequestLog {
    return structuredClone({ entries: this.entries, counts: this.counts });
  }

  clear(): void {
    this.entries = [];
    this.counts = {};
  }
}
