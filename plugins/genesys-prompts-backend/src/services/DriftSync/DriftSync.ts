import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { AuditStore } from '../../database/AuditStore';
import { OperationStore } from '../../database/OperationStore';
import { VersionStore } from '../../database/VersionStore';
import { contentHash } from '../GenesysClient/definitions';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { recordUnseenState } from '../PromptWriteService/PromptWriteService';

/** What one drift check did. */
export interface DriftResult {
  checked: number;
  drifted: number;
  missing: number;
}

/**
 * Compares every prompt the portal knows with Genesys: a change made outside
 * the portal becomes a `drift` version (actor `genesys:external`), and the
 * prompt is flagged until a change from the portal supersedes it. Genesys is
 * read with one listing (one call per 100 prompts), not one call per prompt:
 * at 10,000 prompts and 300 requests a minute, per-prompt reads would take
 * over half an hour.
 */
export class DriftSync {
  constructor(
    private readonly deps: {
      db: Knex;
      gateway: GenesysPromptsGateway;
      versions: VersionStore;
      operations: OperationStore;
      audit: AuditStore;
      logger: LoggerService;
    },
  ) {}

  async check(): Promise<DriftResult> {
    const { db, gateway, versions, operations, audit, logger } = this.deps;
    const result: DriftResult = { checked: 0, drifted: 0, missing: 0 };
    const known = await versions.latestOfEach();
    if (known.length === 0) return result;
    const upstreamById = new Map(
      (await gateway.listPrompts()).map(prompt => [prompt.id, prompt]),
    );
    for (const recorded of known) {
      const upstream = upstreamById.get(recorded.promptId);
      if (!upstream) {
        result.missing += 1;
        continue;
      }
      result.checked += 1;
      if (contentHash(upstream) === recorded.contentHash) {
        continue;
      }
      // A listing page read before a portal write recorded: not a change made outside.
      if (
        await versions.hasState(recorded.promptId, upstream.revision, contentHash(upstream))
      ) {
        continue;
      }
      const drifted = await db.transaction(async tx => {
        await versions.lockPrompt(tx, recorded.promptId);
        // A portal write in flight changed it: that write records it, not us.
        const busy = await operations.pending({ promptId: recorded.promptId }, tx);
        return busy.length > 0
          ? undefined
          : recordUnseenState(tx, versions, audit, upstream, recorded.entityRef);
      });
      if (drifted) {
        result.drifted += 1;
        logger.info(
          `Prompt '${upstream.name}' changed outside the portal: recorded as version ${drifted.versionNo}`,
        );
      }
    }
    return result;
  }
}
