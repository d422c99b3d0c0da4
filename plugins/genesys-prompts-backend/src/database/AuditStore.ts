import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { AuditLogEntry } from '@genesys-prompts/plugin-genesys-prompts-common';
import { canonicalJson } from '../lib/canonicalJson';
import { AuditOutcome, DbAuditChainHeadRow, DbAuditRow } from './tables';

/** What a caller appends; the store adds sequence, time and hashes. */
export interface NewAuditEntry {
  action: string;
  outcome: AuditOutcome;
  promptId?: string;
  entityRef?: string;
  actor: string;
  details: Record<string, unknown>;
}

/** An audit row as the API shows it. */
export type AuditEntry = AuditLogEntry;

/** Filters of `list`; all optional, combined with AND. */
export interface AuditFilter {
  promptId?: string;
  entityRef?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  /** Cursor: entries older than this sequence number. */
  beforeSeq?: number;
}

/** The result of walking the chain. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

export const GENESIS_HASH = '0'.repeat(64);
const VERIFY_BATCH = 5000;
const STREAM_BATCH = 1000;

const json = JSON.stringify;

/**
 * The hash of a row: its canonical content chained to the previous hash. The
 * canonical content is the row as JSON with keys in sorted order (what
 * `canonicalJson` gives), written out directly because verify hashes every row.
 */
export function auditRowHash(row: Omit<DbAuditRow, 'hash'>): string {
  const content =
    `{"action":${json(row.action)},"actor":${json(row.actor)},` +
    `"createdAt":${json(row.created_at)},"details":${json(row.details)},` +
    `"entityRef":${json(row.entity_ref)},"id":${json(row.id)},` +
    `"outcome":${json(row.outcome)},"promptId":${json(row.prompt_id)},` +
    `"seq":${Number(row.seq)}}`;
  return createHash('sha256')
    .update(`${row.prev_hash}\n${content}`)
    .digest('hex');
}

/**
 * The append-only, hash-chained audit log. No method updates or deletes a row.
 */
export class AuditStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Appends inside `tx` (the caller's transaction, so the entry commits with
   * the change it records). Locks the chain head row, so concurrent appends,
   * from this process or another replica, form one linear chain.
   */
  async append(tx: Knex.Transaction, entry: NewAuditEntry): Promise<AuditEntry> {
    let headQuery = tx<DbAuditChainHeadRow>('audit_chain_head').where({ id: 1 });
    // SQLite has one writer at a time already and no row locks.
    if (!isSqlite(tx)) {
      headQuery = headQuery.forUpdate();
    }
    const head = await headQuery.first();
    if (!head) {
      throw new Error('audit_chain_head is missing; migrations did not run');
    }
    const unhashed: Omit<DbAuditRow, 'hash'> = {
      seq: Number(head.seq) + 1,
      id: randomUUID(),
      action: entry.action,
      outcome: entry.outcome,
      prompt_id: entry.promptId ?? null,
      entity_ref: entry.entityRef ?? null,
      actor: entry.actor,
      details: canonicalJson(entry.details),
      created_at: this.now().toISOString(),
      prev_hash: head.hash,
    };
    const row: DbAuditRow = { ...unhashed, hash: auditRowHash(unhashed) };
    await tx<DbAuditRow>('audit_log').insert(row);
    await tx<DbAuditChainHeadRow>('audit_chain_head')
      .where({ id: 1 })
      .update({ seq: row.seq, hash: row.hash });
    return toEntry(row);
  }

  /** Appends in a transaction of its own. */
  async appendAlone(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction(tx => this.append(tx, entry));
  }

  /** Entries matching every given filter, newest first, `limit` at most. */
  async list(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const query = this.filtered(filter)
      .orderBy('seq', 'desc')
      .limit(limit);
    if (filter.beforeSeq !== undefined) query.where('seq', '<', filter.beforeSeq);
    return (await query).map(toEntry);
  }

  /**
   * Every entry matching the filter, oldest first, read in keyset batches so
   * memory stays flat however many there are (exports).
   */
  async *stream(
    filter: AuditFilter,
    batchSize = STREAM_BATCH,
  ): AsyncGenerator<AuditEntry[]> {
    let afterSeq = 0;
    for (;;) {
      const rows = await this.filtered(filter)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .limit(batchSize);
      if (rows.length === 0) return;
      yield rows.map(toEntry);
      afterSeq = Number(rows[rows.length - 1].seq);
      if (rows.length < batchSize) return;
    }
  }

  /** Entries not yet marked forwarded, oldest first (the forwarding outbox). */
  async unforwarded(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db<DbAuditRow>('audit_log as a')
      .leftJoin('audit_forwarding as f', 'f.seq', 'a.seq')
      .whereNull('f.seq')
      .orderBy('a.seq', 'asc')
      .limit(limit)
      .select('a.*');
    return rows.map(toEntry);
  }

  /**
   * Marks an entry forwarded. The mark lives beside the log, not in it: the
   * log's rows are never updated. Marking twice keeps the first mark.
   */
  async markForwarded(entry: AuditEntry, at: Date = new Date()): Promise<void> {
    await this.db('audit_forwarding')
      .insert({ seq: entry.seq, audit_id: entry.id, forwarded_at: at.toISOString() })
      .onConflict('seq')
      .ignore();
  }

  /** When each entry was forwarded, by seq (tests and status). */
  async forwardedAt(seqs: number[]): Promise<Map<number, string>> {
    const rows = await this.db('audit_forwarding').whereIn('seq', seqs);
    return new Map(rows.map(row => [Number(row.seq), row.forwarded_at]));
  }

  private filtered(filter: AuditFilter) {
    let query = this.db<DbAuditRow>('audit_log');
    if (filter.promptId) query = query.where('prompt_id', filter.promptId);
    if (filter.entityRef) query = query.where('entity_ref', filter.entityRef);
    if (filter.action) query = query.where('action', filter.action);
    if (filter.actor) query = query.where('actor', filter.actor);
    // ISO-8601 UTC strings sort as times.
    if (filter.from) query = query.where('created_at', '>=', filter.from);
    if (filter.to) query = query.where('created_at', '<', filter.to);
    return query;
  }

  /**
   * Walks the chain up to the head as it stood when the walk began (rows and
   * head commit together, so appends during the walk do not look like
   * tampering), in batches so memory stays flat, yielding between batches so
   * the backend keeps serving (SQLite's driver is synchronous).
   */
  async verify(): Promise<AuditVerification> {
    const head = await this.db<DbAuditChainHeadRow>('audit_chain_head')
      .where({ id: 1 })
      .first();
    const headSeq = Number(head?.seq ?? 0);
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    while (expectedSeq <= headSeq) {
      const rows = await this.db<DbAuditRow>('audit_log')
        .where('seq', '>=', expectedSeq)
        .andWhere('seq', '<=', headSeq)
        .orderBy('seq', 'asc')
        .limit(VERIFY_BATCH);
      if (rows.length === 0) {
        break;
      }
      for (const row of rows) {
        const seq = Number(row.seq);
        let reason: string | undefined;
        if (seq !== expectedSeq) {
          reason = `row ${expectedSeq} is missing (next is ${seq})`;
        } else if (row.prev_hash !== prevHash) {
          reason = 'prev_hash does not match the previous row';
        } else if (auditRowHash(row) !== row.hash) {
          reason = 'hash does not match the row content';
        }
        if (reason) {
          return {
            ok: false,
            checked: expectedSeq - 1,
            firstBroken: { seq: expectedSeq, reason },
          };
        }
        prevHash = row.hash;
        expectedSeq += 1;
      }
      await new Promise(resolve => setImmediate(resolve));
    }
    const checked = expectedSeq - 1;
    if (checked !== headSeq) {
      return {
        ok: false,
        checked,
        firstBroken: {
          seq: checked + 1,
          reason: `the chain head says ${headSeq} rows, found ${checked}`,
        },
      };
    }
    if (head && head.hash !== (headSeq === 0 ? GENESIS_HASH : prevHash)) {
      return {
        ok: false,
        checked,
        firstBroken: { seq: headSeq, reason: 'the chain head hash does not match the last row' },
      };
    }
    return { ok: true, checked };
  }
}

function toEntry(row: DbAuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    id: row.id,
    action: row.action,
    outcome: row.outcome,
    promptId: row.prompt_id,
    entityRef: row.entity_ref,
    actor: row.actor,
    details: JSON.parse(row.details),
    createdAt: row.created_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** True on SQLite, which has no row locks (and needs none: one writer). */
export function isSqlite(db: Knex): boolean {
  const client = String(db.client.config.client);
  return client.includes('sqlite');
}
