import { PromptListResponse } from '@genesys-prompts/plugin-genesys-prompts-common';

/** How long a loaded list may be shown while a fresh one is fetched. */
export const ENTITY_PROMPTS_SHOW_MS = 5 * 60_000;
/** Loads of one entity's list this close together share one request. */
export const ENTITY_PROMPTS_SHARE_MS = 2_000;

type Entry = {
  /** The last list loaded, and when it arrived. */
  value?: PromptListResponse;
  at?: number;
  /** The request in flight, if any. */
  pending?: Promise<PromptListResponse>;
};

/**
 * The entity prompt lists one client has loaded, keyed by entity ref:
 * concurrent loads of one list share a request, a list loaded in the last
 * few minutes can be shown at once while it is refreshed, and `clear` (after
 * any write of the client) forgets everything, including what is in flight.
 */
export class EntityPromptsCache {
  private entries = new Map<string, Entry>();
  /** Bumped by `clear`: a request started before it does not store its answer. */
  private generation = 0;

  /** The list loaded for `key` in the last {@link ENTITY_PROMPTS_SHOW_MS}, if any. */
  peek(key: string): PromptListResponse | undefined {
    const entry = this.entries.get(key);
    if (entry?.value === undefined || entry.at === undefined) {
      return undefined;
    }
    return Date.now() - entry.at < ENTITY_PROMPTS_SHOW_MS
      ? entry.value
      : undefined;
  }

  /**
   * The list for `key`: the request in flight or one answered in the last
   * {@link ENTITY_PROMPTS_SHARE_MS}, else a new one made with `fetch`. A new
   * answer equal to the cached list returns the cached object, so a refresh
   * that changed nothing re-renders nothing.
   */
  load(
    key: string,
    fetch: () => Promise<PromptListResponse>,
  ): Promise<PromptListResponse> {
    const entry = this.entries.get(key) ?? {};
    if (entry.pending) {
      return entry.pending;
    }
    if (
      entry.value !== undefined &&
      entry.at !== undefined &&
      Date.now() - entry.at < ENTITY_PROMPTS_SHARE_MS
    ) {
      return Promise.resolve(entry.value);
    }
    const generation = this.generation;
    const pending = fetch().then(
      fresh => {
        if (generation !== this.generation) {
          return fresh;
        }
        const value =
          entry.value !== undefined &&
          JSON.stringify(entry.value) === JSON.stringify(fresh)
            ? entry.value
            : fresh;
        this.prune();
        this.entries.set(key, { value, at: Date.now() });
        return value;
      },
      error => {
        // A list that cannot be loaded now is not shown from memory either.
        if (generation === this.generation) {
          this.entries.delete(key);
        }
        throw error;
      },
    );
    this.entries.set(key, { ...entry, pending });
    return pending;
  }

  /** Forgets every list and every request in flight. */
  clear(): void {
    this.generation += 1;
    this.entries = new Map();
  }

  /** Drops lists too old to show, so the map holds only recent entities. */
  private prune() {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (
        !entry.pending &&
        (entry.at === undefined || now - entry.at >= ENTITY_PROMPTS_SHOW_MS)
      ) {
        this.entries.delete(key);
      }
    }
  }
}
