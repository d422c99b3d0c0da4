import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

/** Longer than any one write (upstream timeouts and retries included). */
const DEFAULT_LEASE_MS = 2 * 60_000;
const DEFAULT_WAIT_MS = 15_000;
const MAX_BACKOFF_MS = 250;

/** The prompt's lease stayed taken for the whole wait. */
export class PromptBusyError extends ConflictError {}

/**
 * Per-prompt write leases in the plugin's database, shared by every replica:
 * on PostgreSQL and SQLite alike, without holding a connection while the
 * holder talks to Genesys.
 */
export class WriteLeaseStore {
  constructor(
    private readonly db: Knex,
    private readonly options: {
      leaseMs?: number;
      waitMs?: number;
      now?: () => number;
    } = {},
  ) {}

  /**
   * Runs `work` holding the prompt's lease, waiting for the current holder
   * up to the wait limit; past it, a ConflictError (a 409: try again).
   */
  async exclusively<T>(
    promptId: string,
    work: () => Promise<T>,
  ): Promise<T> {
    const holder = randomUUID();
    const deadline = this.now() + (this.options.waitMs ?? DEFAULT_WAIT_MS);
    let backoffMs = 5;
    while (!(await this.tryAcquire(promptId, holder))) {
      if (this.now() >= deadline) {
        throw new PromptBusyError(
          `Another change to prompt ${promptId} is being deployed right now; try again in a moment`,
        );
      }
      await new Promise(resolve =>
        setTimeout(resolve, backoffMs / 2 + Math.random() * backoffMs),
      );
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
    try {
      return await work();
    } finally {
      await this.db('prompt_write_leases')
        .where({ prompt_id: promptId, holder })
        .delete();
    }
  }

  /** Takes the lease if nobody holds it or the holder's lease has expired. */
  private async tryAcquire(promptId: string, holder: string): Promise<boolean> {
    const now = this.now();
    await this.db('prompt_write_leases')
      .insert({
        prompt_id: promptId,
        holder,
        expires_at: now + (this.options.leaseMs ?? DEFAULT_LEASE_MS),
      })
      .onConflict('prompt_id')
      .merge()
      .where('prompt_write_leases.expires_at', '<', now);
    const row = await this.db('prompt_write_leases')
      .where({ prompt_id: promptId })
      .first('holder');
    return row?.holder === holder;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }
}
