import { Timeline } from './timeline';
import { Prompt, PromptRouting, RoutingVariant } from './types';

/**
 * In-memory routing configurations, keyed by primary prompt id, with the
 * history of every split from the moment it was applied (the synthetic
 * traffic assigns each conversation with the split of its time).
 */
export class RoutingStore {
  private readonly configs = new Map<string, PromptRouting>();
  private readonly histories = new Map<string, Timeline<RoutingVariant[]>>();

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
    this.record(prompt.id, Date.parse(config.dateModified), config.variants);
    return structuredClone(config);
  }

  /**
   * A deleted prompt loses its own routing, and any experiment that used it
   * as a variant falls back to the primary alone (weights must keep summing to 100).
   */
  removePrompt(id: string): void {
    const now = this.now();
    if (this.configs.delete(id)) this.record(id, now, alone(id));
    for (const [primaryId, config] of this.configs) {
      if (config.variants.some(variant => variant.promptId === id)) {
        this.configs.set(primaryId, {
          variants: alone(primaryId),
          revision: config.revision + 1,
          dateModified: new Date(now).toISOString(),
        });
        this.record(primaryId, now, alone(primaryId));
      }
    }
  }

  /** The split in effect at `at` (the same array for the same entry); undefined before any, when the primary serves alone. */
  variantsAt(primaryId: string, at: number): RoutingVariant[] | undefined {
    return this.histories.get(primaryId)?.at(at);
  }

  /** Every prompt the primary's traffic has ever been routed to, itself included. */
  routedPromptIds(primaryId: string): Set<string> {
    const ids = new Set([primaryId]);
    for (const variants of this.histories.get(primaryId)?.values() ?? []) {
      for (const variant of variants) ids.add(variant.promptId);
    }
    return ids;
  }

  clear(): void {
    this.configs.clear();
    this.histories.clear();
  }

  private record(primaryId: string, from: number, variants: RoutingVariant[]) {
    let history = this.histories.get(primaryId);
    if (!history) {
      history = new Timeline();
      this.histories.set(primaryId, history);
    }
    history.set(from, structuredClone(variants));
  }
}

function alone(primaryId: string): RoutingVariant[] {
  return [{ promptId: primaryId, weight: 100 }];
}
