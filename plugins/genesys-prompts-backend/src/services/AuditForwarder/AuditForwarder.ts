import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditStore } from '../../database/AuditStore';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';

const BATCH = 100;
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Forwards the audit log to Genesys from an outbox: every audit row without
 * a forwarded mark, oldest first, one at a time, the entry's id as the
 * idempotency key. Runs on a schedule, so no user action waits for it; a
 * failure stops the pass (order is kept) and the next passes back off.
 */
export class AuditForwarder {
  private failures = 0;
  private notBefore = 0;

  constructor(
    private readonly deps: {
      audit: AuditStore;
      gateway: GenesysPromptsGateway;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** One pass: forwards until the outbox is empty or a delivery fails. */
  async run(): Promise<{ forwarded: number; pending: boolean; skipped?: boolean }> {
    if (this.now() < this.notBefore) {
      return { forwarded: 0, pending: true, skipped: true };
    }
    let forwarded = 0;
    for (;;) {
      const batch = await this.deps.audit.unforwarded(BATCH);
      for (const entry of batch) {
        try {
          await this.deps.gateway.forwardAuditEntry(
            {
              source: 'backstage-genesys-prompts',
              id: entry.id,
              seq: entry.seq,
              action: entry.action,
              outcome: entry.outcome,
              promptId: entry.promptId,
              entityRef: entry.entityRef,
              actor: entry.actor,
              details: entry.details,
              createdAt: entry.createdAt,
              hash: entry.hash,
            },
            entry.id,
          );
        } catch (error) {
          this.failures += 1;
          const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
          this.notBefore = this.now() + backoff;
          this.deps.logger.warn(
            `Audit forwarding stopped at entry ${entry.seq} (next try in ${Math.round(
              backoff / 1000,
            )} s): ${error instanceof Error ? error.message : error}`,
          );
          return { forwarded, pending: true };
        }
        await this.deps.audit.markForwarded(entry);
        forwarded += 1;
      }
      if (batch.length < BATCH) break;
    }
    this.failures = 0;
    this.notBefore = 0;
    return { forwarded, pending: false };
  }
}
