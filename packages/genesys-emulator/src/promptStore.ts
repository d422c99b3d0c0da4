import { randomUUID } from 'node:crypto';
import { Timeline } from './timeline';
import { Prompt, PromptDefinition } from './types';

/** Base path of the prompt resources. */
export const PROMPTS_PATH = '/api/v2/ai/llm/prompts';

/** Server-side fields a seeded prompt may preset. */
export interface PromptSeedFields {
  id: string;
  revision: number;
  dateCreated: string;
  dateModified: string;
}

/** What a prompt served with at some instant (the traffic needs only its template). */
export interface PromptRevisionRecord {
  revision: number;
  template: string;
}

/** A prompt's life: every revision from when it became current, and its deletion. */
interface PromptHistory {
  revisions: Timeline<PromptRevisionRecord>;
  deletedAt?: number;
}

/** In-memory prompt resources, with the history the synthetic traffic replays. */
export class PromptStore {
  private readonly prompts = new Map<string, Prompt>();
  private readonly histories = new Map<string, PromptHistory>();

  constructor(private readonly now: () => number) {}

  /** Every prompt, ordered by name (stable paging). */
  all(): Prompt[] {
    return [...this.prompts.values()]
      .sort(
        (a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id),
      )
      .map(prompt => structuredClone(prompt));
  }

  get(id: string): Prompt | undefined {
    const prompt = this.prompts.get(id);
    return prompt && structuredClone(prompt);
  }

  has(id: string): boolean {
    return this.prompts.has(id);
  }

  findByName(name: string): Prompt | undefined {
    for (const prompt of this.prompts.values()) {
      if (prompt.name === name) return structuredClone(prompt);
    }
    return undefined;
  }

  create(definition: PromptDefinition, seed?: PromptSeedFields): Prompt {
    const timestamp = new Date(this.now()).toISOString();
    const id = seed?.id ?? randomUUID();
    const prompt: Prompt = {
      id,
      ...structuredClone(definition),
      revision: seed?.revision ?? 1,
      dateCreated: seed?.dateCreated ?? timestamp,
      dateModified: seed?.dateModified ?? timestamp,
      selfUri: `${PROMPTS_PATH}/${id}`,
    };
    this.prompts.set(id, prompt);
    // A seeded revision counts as current from its dateModified.
    this.histories.set(id, { revisions: new Timeline() });
    this.record(prompt);
    return structuredClone(prompt);
  }

  /** Full replacement; the caller has checked existence and revision. */
  replace(id: string, definition: PromptDefinition): Prompt {
    const current = this.prompts.get(id);
    if (!current) throw new Error(`No prompt ${id}`);
    const prompt: Prompt = {
      id,
      ...structuredClone(definition),
      revision: current.revision + 1,
      dateCreated: current.dateCreated,
      dateModified: new Date(this.now()).toISOString(),
      selfUri: current.selfUri,
    };
    this.prompts.set(id, prompt);
    this.record(prompt);
    return structuredClone(prompt);
  }

  delete(id: string): boolean {
    const history = this.histories.get(id);
    if (history && history.deletedAt === undefined) {
      history.deletedAt = this.now();
    }
    return this.prompts.delete(id);
  }

  clear(): void {
    this.prompts.clear();
    this.histories.clear();
  }

  /**
   * The revision serving at `at`: before the oldest recorded one (seeded
   * prompts have earlier, unrecorded revisions; traffic may be configured to
   * start before creation) the oldest stands in. 'deleted' from the deletion
   * on; undefined for an id this store never held.
   */
  revisionAt(
    id: string,
    at: number,
  ): PromptRevisionRecord | 'deleted' | undefined {
    const history = this.histories.get(id);
    if (!history) return undefined;
    if (history.deletedAt !== undefined && at >= history.deletedAt) {
      return 'deleted';
    }
    return history.revisions.at(at) ?? history.revisions.first()?.value;
  }

  get size(): number {
    return this.prompts.size;
  }

  private record(prompt: Prompt): void {
    this.histories
      .get(prompt.id)!
      .revisions.set(Date.parse(prompt.dateModified), {
        revision: prompt.revision,
        template: prompt.template,
      });
  }
}

// Code-point order, independent of the process locale.
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
