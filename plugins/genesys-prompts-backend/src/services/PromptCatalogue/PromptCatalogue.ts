import { CacheService } from '@backstage/backend-plugin-api';
import { GenesysPrompt } from '@genesys-prompts/plugin-genesys-prompts-common';
import { randomUUID } from 'node:crypto';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';

const GENERATION_KEY = 'prompt-catalogue-generation';
// The generation outlives any listing; if it expires, one extra listing.
const GENERATION_TTL_MS = 7 * 24 * 3_600_000;

interface Snapshot {
  all: GenesysPrompt[];
  byName: Map<string, GenesysPrompt>;
  loadedAt: number;
  generation: string;
}

/**
 * Every upstream prompt, read with one listing (one call per 100 prompts) so
 * an entity's tab and its metric card do not look prompts up one by one.
 * The parsed listing stays in this process (decoding thousands of prompts
 * from the shared cache on every request would cost more than the request);
 * the shared cache holds only a generation stamp, so a write on any replica
 * makes every replica list again. An expired listing is served while a new
 * one loads in the background.
 */
export class PromptCatalogue {
  private snapshot?: Snapshot;
  private refreshing?: { generation: string; done: Promise<Snapshot> };

  constructor(
    private readonly gateway: GenesysPromptsGateway,
    private readonly cache: CacheService,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The prompts with these names (names Genesys lacks are absent). */
  async byName(names: string[]): Promise<Map<string, GenesysPrompt>> {
    const found = new Map<string, GenesysPrompt>();
    if (names.length === 0) return found;
    const { byName } = await this.current();
    for (const name of names) {
      const prompt = byName.get(name);
      if (prompt) found.set(name, prompt);
    }
    return found;
  }

  async all(): Promise<GenesysPrompt[]> {
    return (await this.current()).all;
  }

  /** After a write: every replica lists again on its next read. */
  async invalidate(): Promise<void> {
    this.snapshot = undefined;
    if (this.ttlMs > 0) {
      await this.cache.set(GENERATION_KEY, randomUUID(), {
        ttl: GENERATION_TTL_MS,
      });
    }
  }

  private async current(): Promise<Snapshot> {
    if (this.ttlMs === 0) return this.load('uncached');
    const generation =
      ((await this.cache.get(GENERATION_KEY)) as string | undefined) ??
      'initial';
    const snapshot = this.snapshot;
    if (!snapshot || snapshot.generation !== generation) {
      return this.refresh(generation);
    }
    if (this.now() - snapshot.loadedAt >= this.ttlMs) {
      // Served stale once more; a failed refresh is retried on the next read.
      this.refresh(generation).catch(() => undefined);
    }
    return snapshot;
  }

  /**
   * One listing per generation at a time: concurrent readers share it; a
   * listing begun before a write does not answer readers after it.
   */
  private refresh(generation: string): Promise<Snapshot> {
    if (this.refreshing?.generation === generation) {
      return this.refreshing.done;
    }
    const done = this.load(generation).then(snapshot => {
      if (this.refreshing?.done === done) {
        this.snapshot = snapshot;
        this.refreshing = undefined;
      }
      return snapshot;
    });
    done.catch(() => {
      if (this.refreshing?.done === done) this.refreshing = undefined;
    });
    this.refreshing = { generation, done };
    return done;
  }

  private async load(generation: string): Promise<Snapshot> {
    const all = await this.gateway.listPrompts();
    return {
      all,
      byName: new Map(all.map(prompt => [prompt.name, prompt])),
      loadedAt: this.now(),
      generation,
    };
  }
}
