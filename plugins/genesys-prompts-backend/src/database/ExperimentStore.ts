import {
  Experiment,
  ExperimentEvent,
  ExperimentStatus,
  ExperimentVariant,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { DbExperimentEventRow, DbExperimentRow } from './tables';

/**
 * What a caller records when creating an experiment: the store assigns the
 * id, creation time and history; later transitions set the rest.
 */
export type NewExperiment = Omit<
  Experiment,
  'id' | 'createdAt' | 'history' | 'stoppedAt' | 'promotedPromptId'
>;

/** What a status transition sets: the new status and the time or winner it brings. */
export type ExperimentTransition = Pick<
  Experiment,
  'status' | 'startedAt' | 'stoppedAt' | 'promotedPromptId'
>;

/** Experiments and their event history (events are only ever appended). */
export class ExperimentStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(
    tx: Knex.Transaction,
    experiment: NewExperiment,
    event: Omit<ExperimentEvent, 'at'>,
  ): Promise<Experiment> {
    const at = this.now().toISOString();
    const row: DbExperimentRow = {
      id: randomUUID(),
      entity_ref: experiment.entityRef,
      primary_prompt_id: experiment.primaryPromptId,
      status: experiment.status,
      variants: JSON.stringify(experiment.variants),
      guard: JSON.stringify(experiment.guard),
      created_by: experiment.createdBy,
      created_at: at,
      started_at: experiment.startedAt ?? null,
      stopped_at: null,
      promoted_prompt_id: null,
    };
    await tx<DbExperimentRow>('experiments').insert(row);
    await this.appendEvent(tx, row.id, event);
    return (await this.get(row.id, tx))!;
  }

  /**
   * Moves an experiment from `from` to a new status and records the event;
   * false when it was no longer in `from` (another request got there first).
   */
  async transition(
    tx: Knex.Transaction,
    id: string,
    from: ExperimentStatus,
    change: ExperimentTransition,
    event: Omit<ExperimentEvent, 'at'>,
  ): Promise<boolean> {
    const updated = await tx<DbExperimentRow>('experiments')
      .where({ id, status: from })
      .update({
        status: change.status,
        ...(change.startedAt ? { started_at: change.startedAt } : {}),
        ...(change.stoppedAt ? { stopped_at: change.stoppedAt } : {}),
        ...(change.promotedPromptId
          ? { promoted_prompt_id: change.promotedPromptId }
          : {}),
      });
    if (updated !== 1) return false;
    await this.appendEvent(tx, id, event);
    return true;
  }

  async get(
    id: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<Experiment | undefined> {
    const row = await db<DbExperimentRow>('experiments').where({ id }).first();
    if (!row) return undefined;
    const events = await db<DbExperimentEventRow>('experiment_events')
      .where({ experiment_id: id })
      .orderBy('id', 'asc');
    return toExperiment(row, events);
  }

  /** A primary prompt's experiments, newest first. */
  async listForPrompt(primaryPromptId: string): Promise<Experiment[]> {
    const rows = await this.db<DbExperimentRow>('experiments')
      .where({ primary_prompt_id: primaryPromptId })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
    return this.withEvents(rows);
  }

  /** Experiments in one of these states, optionally only on these primaries. */
  async listByStatus(
    statuses: ExperimentStatus[],
    primaryPromptIds?: string[],
    db: Knex | Knex.Transaction = this.db,
  ): Promise<Experiment[]> {
    let query = db<DbExperimentRow>('experiments').whereIn('status', statuses);
    if (primaryPromptIds) {
      query = query.whereIn('primary_prompt_id', primaryPromptIds);
    }
    return this.withEvents(await query.orderBy('created_at', 'desc'), db);
  }

  private async withEvents(
    rows: DbExperimentRow[],
    db: Knex | Knex.Transaction = this.db,
  ): Promise<Experiment[]> {
    if (rows.length === 0) return [];
    const events = await db<DbExperimentEventRow>('experiment_events')
      .whereIn(
        'experiment_id',
        rows.map(row => row.id),
      )
      .orderBy('id', 'asc');
    return rows.map(row =>
      toExperiment(
        row,
        events.filter(event => event.experiment_id === row.id),
      ),
    );
  }

  private async appendEvent(
    tx: Knex.Transaction,
    experimentId: string,
    event: Omit<ExperimentEvent, 'at'>,
  ): Promise<void> {
    await tx<DbExperimentEventRow>('experiment_events').insert({
      experiment_id: experimentId,
      action: event.action,
      actor: event.actor,
      reason: event.reason ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
      created_at: this.now().toISOString(),
    });
  }
}

function toExperiment(
  row: DbExperimentRow,
  events: DbExperimentEventRow[],
): Experiment {
  const variants: ExperimentVariant[] = JSON.parse(row.variants);
  return {
    id: row.id,
    entityRef: row.entity_ref,
    primaryPromptId: row.primary_prompt_id,
    status: row.status as ExperimentStatus,
    variants,
    guard: JSON.parse(row.guard),
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at ?? undefined,
    stoppedAt: row.stopped_at ?? undefined,
    promotedPromptId: row.promoted_prompt_id ?? undefined,
    history: events.map(event => ({
      action: event.action as ExperimentEvent['action'],
      actor: event.actor,
      at: event.created_at,
      reason: event.reason ?? undefined,
      details: event.details ? JSON.parse(event.details) : undefined,
    })),
  };
}
