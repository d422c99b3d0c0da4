import { Prompt, PromptRouting, RoutingVariant } from './types';

/** In-memory routing configurations, keyed by primary prompt id. */
export class RoutingStore {
  private readonly configs = new Map<string, PromptRouting>();

  constructor(private readonly now: () => number) {}

  /** The prompt's routing; without an experiment, itself at weight 100 (revision 1). */
  get(prompt: Prompt): PromptRouting {
    const config = this.configs.get(prompt.id);
    if (config) return structuredClone(config);
    return {
      variants: [{ promptId: prompt.id, weight: 100 }],
      revision: 1,
      dateModified: prompt.dateCreated,
    };
  }

  /** Stores a validated configuration with the next revision. */
  set(
    prompt: Prompt,
    variants: RoutingVariant[],
    seed?: { revision: number; dateModified: string },
  ): PromptRouting {
    const config: PromptRouting = {
      variants: structuredClone(variants),
      revision: seed?.revision ?? this.get(prompt).revision + 1,
      dateModified: seed?.dateModified ?? new Date(this.now()).toISOString(),
    };
    this.configs.set(prompt.id, config);
    return structuredClone(config);
  }

  /**
   * A deleted prompt loses its own routing, and any experiment that used it
   * as a variant falls back to the primary alone (weights must keep summing to 100).
   */
  removePrompt(id: string): void {
    this.configs.delete(id);
    for (const [primaryId, config] of this.configs) {
      if (config.variants.some(variant => variant.promptId === id)) {
        this.configs.set(primaryId, {
          variants: [{ promptId: primaryId, weight: 100 }],
          revision: config.revision + 1,
          dateModified: new Date(this.now()).toISOString(),
        });
      }
    }
  }

  clear(): void {
    this.configs.clear();
  }
}
