import { CacheService } from '@backstage/backend-plugin-api';
import { GenesysPrompt } from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';

const CACHE_KEY = 'prompt-catalogue';

/**
 * Every upstream prompt, read with one listing (one call per 100 prompts) and
 * cached for the configured TTL, so an entity's tab and its metric card do
 * not look prompts up one by one. Writes from this backend invalidate it.
 */
export class PromptCatalogue {
  private inFlight?: Promise<GenesysPrompt[]>;

  constructor(
    private readonly gateway: GenesysPromptsGateway,
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  /** The prompts with these names (names Genesys lacks are absent). */
  async byName(names: string[]): Promise<Map<string, GenesysPrompt>> {
    const wanted = new Set(names);
    const found = new Map<string, GenesysPrompt>();
    if (wanted.size === 0) return found;
    for (const prompt of await this.all()) {
      if (wanted.has(prompt.name)) found.set(prompt.name, prompt);
    }
    return found;
  }

  async all(): Promise<GenesysPrompt[]> {
    if (this.ttlMs === 0) return this.gateway.listPrompts();
    const cached = await this.cache.get<GenesysPrompt[] & any>(CACHE_KEY);
    if (cached) return cached as GenesysPrompt[];
    // One listing at a time: concurrent cold readers share it.
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** After a write: the next read lists again. */
  async invalidate(): Promise<void> {
    if (this.ttlMs > 0) await this.cache.delete(CACHE_KEY);
  }

  private async load(): Promise<GenesysPrompt[]> {
    const prompts = await this.gateway.listPrompts();
    await this.cache.set(CACHE_KEY, prompts as any, { ttl: this.ttlMs });
    return prompts;
  }
}
