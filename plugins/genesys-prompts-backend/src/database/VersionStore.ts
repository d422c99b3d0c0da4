import { PromptVersionDetail } from '@genesys-prompts/plugin-genesys-prompts-common';
import { Knex } from 'knex';
import { isSqlite } from './AuditStore';
import { DbPromptVersionRow } from './tables';

/** A stored snapshot of a prompt: the API's view plus where it belongs. */
export interface PromptVersion extends PromptVersionDetail {
  promptId: string;
  promptName: string;
  entityRef: string;
}

/** What a caller records; the store numbers it. */
export type NewPromptVersion = Omit<PromptVersion, 'versionNo' | 'createdAt'> & {
  operationId?: string;
};

/** Version history: gapless numbers per prompt; rows are never changed. */
export class VersionStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Serializes recordings of one prompt until `tx` ends, across replicas: the
   * next version number is read, then written, inside that window. SQLite
   * has a single writer already.
   */
  async lockPrompt(tx: Knex.Transaction, promptId: string): Promise<void> {
    if (isSqlite(tx)) return;
    await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
      `genesys-prompts/prompt/${promptId}`,
    ]);
  }

  /** Records the next version of a prompt inside `tx` (after `lockPrompt`). */
  async append(
    tx: Knex.Transaction,
    version: NewPromptVersion,
  ): Promise<PromptVersion> {
    const latest = await tx<DbPromptVersionRow>('prompt_versions')
      .where({ prompt_id: version.promptId })
      .max({ max: 'version_no' })
      .first();
    const row: DbPromptVersionRow = {
      prompt_id: version.promptId,
      version_no: Number(latest?.max ?? 0) + 1,
      prompt_name: version.promptName,
      entity_ref: version.entityRef,
      definition: JSON.stringify(version.definition),
      content_hash: version.contentHash,
      revision: version.revision,
      version_label: version.versionLabel,
      action: version.action,
      actor: version.actor,
      reason: version.reason,
      source_version_no: version.sourceVersionNo,
      operation_id: version.operationId ?? null,
      created_at: this.now().toISOString(),
    };
    await tx<DbPromptVersionRow>('prompt_versions').insert(row);
    return toVersion(row);
  }

  /** The newest version of a prompt, if any. */
  async latest(
    promptId: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<PromptVersion | undefined> {
    const row = await db<DbPromptVersionRow>('prompt_versions')
      .where({ prompt_id: promptId })
      .orderBy('version_no', 'desc')
      .first();
    return row && toVersion(row);
  }

  /** A prompt's versions, newest first; `before` pages past a version number. */
  async list(
    promptId: string,
    options: { limit: number; before?: number },
  ): Promise<PromptVersion[]> {
    let query = this.db<DbPromptVersionRow>('prompt_versions')
      .where({ prompt_id: promptId })
      .orderBy('version_no', 'desc')
      .limit(options.limit);
    if (options.before !== undefined) {
      query = query.where('version_no', '<', options.before);
    }
    return (await query).map(toVersion);
  }

  /** One stored version, if it exists. */
  async get(promptId: string, versionNo: number): Promise<PromptVersion | undefined> {
    const row = await this.db<DbPromptVersionRow>('prompt_versions')
      .where({ prompt_id: promptId, version_no: versionNo })
      .first();
    return row && toVersion(row);
  }

  /** The newest version of each given prompt, or of every prompt with history. */
  async latestOfEach(promptIds?: string[]): Promise<PromptVersion[]> {
    if (promptIds?.length === 0) {
      return [];
    }
    let newest = this.db('prompt_versions')
      .select('prompt_id')
      .max({ version_no: 'version_no' })
      .groupBy('prompt_id');
    if (promptIds) {
      newest = newest.whereIn('prompt_id', promptIds);
    }
    const rows = await this.db<DbPromptVersionRow>('prompt_versions as v')
      .join(newest.as('newest'), function joinNewest() {
        this.on('v.prompt_id', '=', 'newest.prompt_id').andOn(
          'v.version_no',
          '=',
          'newest.version_no',
        );
      })
      .select('v.*');
    return rows.map(toVersion);
  }

  /** Whether a version of this revision and content was recorded (in any order). */
  async hasState(
    promptId: string,
    revision: number,
    contentHash: string,
  ): Promise<boolean> {
    const row = await this.db<DbPromptVersionRow>('prompt_versions')
      .where({ prompt_id: promptId, revision, content_hash: contentHash })
      .first();
    return row !== undefined;
  }

  /** A prompt's versions created in [from, to), oldest first (chart markers). */
  async listBetween(
    promptId: string,
    from: Date,
    to: Date,
  ): Promise<PromptVersion[]> {
    const rows = await this.db<DbPromptVersionRow>('prompt_versions')
      .where({ prompt_id: promptId })
      .where('created_at', '>=', from.toISOString())
      .where('created_at', '<', to.toISOString())
      .orderBy('version_no', 'asc')
      .limit(500);
    return rows.map(toVersion);
  }

  /** How many versions exist in all (tests and health). */
  async count(): Promise<number> {
    const row = await this.db('prompt_versions').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}

function toVersion(row: DbPromptVersionRow): PromptVersion {
  return {
    versionNo: row.version_no,
    promptId: row.prompt_id,
    promptName: row.prompt_name,
    entityRef: row.entity_ref,
    action: row.action,
    actor: row.actor,
    reason: row.reason,
    versionLabel: row.version_label,
    revision: row.revision,
    contentHash: row.content_hash,
    sourceVersionNo: row.source_version_no,
    createdAt: row.created_at,
    definition: JSON.parse(row.definition),
  };
}
