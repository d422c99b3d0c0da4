import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { DbOperationRow, OperationKind, OperationStatus } from './tables';

/** The intent to write upstream, recorded before the write. */
export interface Operation {
  id: string;
  kind: OperationKind;
  promptId: string | null;
  promptName: string;
  entityRef: string;
  actor: string;
  expectedRevision: number | null;
  definition: GenesysPromptDefinition;
  reason: string | null;
  sourceVersionNo: number | null;
  status: OperationStatus;
  error: string | null;
  createdAt: string;
}

export type NewOperation = Pick<
  Operation,
  'kind' | 'promptId' | 'promptName' | 'entityRef' | 'actor' | 'expectedRevision' | 'definition'
> & { reason?: string | null; sourceVersionNo?: number | null };

/**
 * Intent records for upstream writes: `pending` before the call, `applied` or
 * `failed` after it, so a crash in between can be reconciled on restart.
 */
export class OperationStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async begin(operation: NewOperation): Promise<Operation> {
    const at = this.now().toISOString();
    const row: DbOperationRow = {
      id: randomUUID(),
      kind: operation.kind,
      prompt_id: operation.promptId,
      prompt_name: operation.promptName,
      entity_ref: operation.entityRef,
      actor: operation.actor,
      expected_revision: operation.expectedRevision,
      definition: JSON.stringify(operation.definition),
      reason: operation.reason ?? null,
      source_version_no: operation.sourceVersionNo ?? null,
      status: 'pending',
      error: null,
      created_at: at,
      updated_at: at,
    };
    await this.db<DbOperationRow>('operations').insert(row);
    return toOperation(row);
  }

  /**
   * Marks a pending operation done, inside the transaction that records its
   * result. False when it was no longer pending (already resolved).
   */
  async finish(
    tx: Knex.Transaction,
    id: string,
    outcome: { status: 'applied'; promptId: string } | { status: 'failed'; error: string },
  ): Promise<boolean> {
    const updated = await tx<DbOperationRow>('operations')
      .where({ id, status: 'pending' })
      .update({
        status: outcome.status,
        ...(outcome.status === 'applied'
          ? { prompt_id: outcome.promptId }
          : { error: outcome.error }),
        updated_at: this.now().toISOString(),
      });
    return updated === 1;
  }

  /**
   * Pending operations, oldest first. `olderThan` skips ones that may still
   * be in progress; `promptId` narrows to one prompt.
   */
  async pending(
    options: { olderThan?: Date; promptId?: string } = {},
    db: Knex | Knex.Transaction = this.db,
  ): Promise<Operation[]> {
    let query = db<DbOperationRow>('operations')
      .where({ status: 'pending' })
      .orderBy('created_at', 'asc');
    if (options.olderThan) {
      query = query.where('created_at', '<=', options.olderThan.toISOString());
    }
    if (options.promptId) {
      query = query.where('prompt_id', options.promptId);
    }
    return (await query).map(toOperation);
  }

  async get(id: string): Promise<Operation | undefined> {
    const row = await this.db<DbOperationRow>('operations').where({ id }).first();
    return row && toOperation(row);
  }
}

function toOperation(row: DbOperationRow): Operation {
  return {
    id: row.id,
    kind: row.kind,
    promptId: row.prompt_id,
    promptName: row.prompt_name,
    entityRef: row.entity_ref,
    actor: row.actor,
    expectedRevision: row.expected_revision,
    definition: JSON.parse(row.definition),
    reason: row.reason,
    sourceVersionNo: row.source_version_no,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
  };
}
