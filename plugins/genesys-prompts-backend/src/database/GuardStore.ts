import {
  GuardCheck,
  GuardCheckStatus,
  GuardThresholds,
  MetricsTotals,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { DbGuardCheckRow } from './tables';

/** A check as the guard works with it: the API's view plus its context. */
export interface StoredGuardCheck extends GuardCheck {
  promptName: string;
  entityRef: string;
  previousDeployedAt: string;
}

export type NewGuardCheck = Pick<
  StoredGuardCheck,
  | 'promptId'
  | 'promptName'
  | 'entityRef'
  | 'versionNo'
  | 'previousVersionNo'
  | 'previousDeployedAt'
  | 'deployedAt'
  | 'dueAt'
  | 'thresholds'
>;

/** The guard's checks, one per guarded deploy. */
export class GuardStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async schedule(tx: Knex.Transaction, check: NewGuardCheck): Promise<void> {
    await tx<DbGuardCheckRow>('guard_checks').insert({
      id: randomUUID(),
      prompt_id: check.promptId,
      prompt_name: check.promptName,
      entity_ref: check.entityRef,
      version_no: check.versionNo,
      previous_version_no: check.previousVersionNo,
      previous_deployed_at: check.previousDeployedAt,
      deployed_at: check.deployedAt,
      due_at: check.dueAt,
      status: 'pending',
      thresholds: JSON.stringify(check.thresholds),
      result: null,
      rollback_version_no: null,
      checked_at: null,
    });
  }

  /** Pending checks whose window has passed, oldest first. */
  async due(limit = 50): Promise<StoredGuardCheck[]> {
    const rows = await this.db<DbGuardCheckRow>('guard_checks')
      .where({ status: 'pending' })
      .where('due_at', '<=', this.now().toISOString())
      .orderBy('due_at', 'asc')
      .limit(limit);
    return rows.map(toCheck);
  }

  /**
   * Records a verdict on a pending check; false when another run already
   * decided it (each check is decided once).
   */
  async decide(
    id: string,
    verdict: {
      status: Exclude<GuardCheckStatus, 'pending'>;
      before?: MetricsTotals;
      after?: MetricsTotals;
      summary: string;
      rollbackVersionNo?: number;
    },
  ): Promise<boolean> {
    const updated = await this.db<DbGuardCheckRow>('guard_checks')
      .where({ id, status: 'pending' })
      .update({
        status: verdict.status,
        result: JSON.stringify({
          before: verdict.before,
          after: verdict.after,
          summary: verdict.summary,
        }),
        rollback_version_no: verdict.rollbackVersionNo ?? null,
        checked_at: this.now().toISOString(),
      });
    return updated === 1;
  }

  /** A prompt's checks, newest deploy first. */
  async listForPrompt(promptId: string, limit = 50): Promise<GuardCheck[]> {
    const rows = await this.db<DbGuardCheckRow>('guard_checks')
      .where({ prompt_id: promptId })
      .orderBy('version_no', 'desc')
      .limit(limit);
    return rows.map(row => publicView(toCheck(row)));
  }

  /** The newest rollback the guard made on each of these prompts. */
  async latestRollbacks(promptIds: string[]): Promise<Map<string, GuardCheck>> {
    if (promptIds.length === 0) return new Map();
    const rows = await this.db<DbGuardCheckRow>('guard_checks')
      .whereIn('prompt_id', promptIds)
      .where({ status: 'rolled-back' })
      .orderBy('checked_at', 'asc');
    return new Map(rows.map(row => [row.prompt_id, publicView(toCheck(row))]));
  }
}

function toCheck(row: DbGuardCheckRow): StoredGuardCheck {
  const result = row.result ? JSON.parse(row.result) : {};
  return {
    id: row.id,
    promptId: row.prompt_id,
    promptName: row.prompt_name,
    entityRef: row.entity_ref,
    versionNo: row.version_no,
    previousVersionNo: row.previous_version_no,
    previousDeployedAt: row.previous_deployed_at,
    deployedAt: row.deployed_at,
    dueAt: row.due_at,
    status: row.status as GuardCheckStatus,
    thresholds: JSON.parse(row.thresholds) as GuardThresholds,
    before: result.before,
    after: result.after,
    summary: result.summary,
    rollbackVersionNo: row.rollback_version_no ?? undefined,
    checkedAt: row.checked_at ?? undefined,
  };
}

function publicView(check: StoredGuardCheck): GuardCheck {
  const { promptName, entityRef, previousDeployedAt, ...view } = check;
  return view;
}
