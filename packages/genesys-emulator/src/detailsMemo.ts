import { ConversationSet, TrafficGenerator } from './traffic';

/** How long a selection stays reusable after its last use. */
export const MEMO_TTL_MS = 60_000;
const MAX_ENTRIES = 8;
// Larger selections are recomputed per page rather than held.
const MAX_HELD_CONVERSATIONS = 4_000_000;

/** What a details query selects, page and order aside. */
export interface SelectionQuery {
  start: number;
  end: number;
  /** null = every prompt. */
  promptIds: string[] | null;
}

interface Entry {
  key: string;
  cutoff: number;
  version: number;
  set: ConversationSet;
  lastUsed: number;
}

/**
 * Keeps the sorted selections of the last few distinct details queries, so
 * walking a thousand pages computes the interval once, and pages do not shift
 * while time passes: a selection covers [start, cutoff) with the cutoff fixed
 * when it was computed (min(end, now)), and the cursor of a nextPageUri carries it.
 * Routing and prompt changes apply from "now" on and cannot alter a computed
 * selection; traffic setting changes and reset can, so they invalidate it.
 */
export class DetailsMemo {
  private entries: Entry[] = [];

  constructor(
    private readonly traffic: TrafficGenerator,
    private readonly now: () => number,
  ) {}

  /**
   * The selection for a query. With a cursor's `cutoff`, exactly that
   * selection. Without, a later page reuses the latest selection of the same
   * query; a first page is computed afresh unless the interval had fully passed.
   */
  select(
    query: SelectionQuery,
    options: { cutoff?: number; firstPage: boolean },
  ): { set: ConversationSet; cutoff: number } {
    this.dropStale();
    const key = selectionKey(query);
    const latest = this.entries
      .filter(entry => entry.key === key)
      .sort((a, b) => b.cutoff - a.cutoff)[0];
    let entry: Entry | undefined;
    if (options.cutoff !== undefined) {
      // Never past what exists now, whatever a cursor says.
      const cutoff = Math.min(options.cutoff, this.traffic.cutoff(query.end));
      entry = this.entries.find(e => e.key === key && e.cutoff === cutoff);
      entry ??= this.compute(key, query, cutoff);
    } else if (latest && (!options.firstPage || latest.cutoff >= query.end)) {
      entry = latest;
    } else {
      entry = this.compute(key, query, this.traffic.cutoff(query.end));
    }
    entry.lastUsed = this.now();
    return { set: entry.set, cutoff: entry.cutoff };
  }

  private compute(key: string, query: SelectionQuery, cutoff: number): Entry {
    const ids = query.promptIds === null ? undefined : new Set(query.promptIds);
    const entry: Entry = {
      key,
      cutoff,
      version: this.traffic.version,
      set: this.traffic.select(query.start, cutoff, ids),
      lastUsed: this.now(),
    };
    if (entry.set.length <= MAX_HELD_CONVERSATIONS) {
      this.entries.push(entry);
      this.evict();
    }
    return entry;
  }

  private dropStale(): void {
    const now = this.now();
    const version = this.traffic.version;
    this.entries = this.entries.filter(
      entry => entry.version === version && now - entry.lastUsed <= MEMO_TTL_MS,
    );
  }

  private evict(): void {
    this.entries.sort((a, b) => b.lastUsed - a.lastUsed);
    let held = 0;
    this.entries = this.entries.filter((entry, index) => {
      held += entry.set.length;
      return index < MAX_ENTRIES && held <= MAX_HELD_CONVERSATIONS;
    });
  }
}

function selectionKey(query: SelectionQuery): string {
  const ids =
    query.promptIds === null
      ? '*'
      : [...new Set(query.promptIds)].sort().join(',');
  return `${query.start}/${query.end}/${ids}`;
}
