import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { AuditStore } from '../../database/AuditStore';
import { OperationStore } from '../../database/OperationStore';
import { VersionStore } from '../../database/VersionStore';
import { contentHash } from '../GenesysClient/definitions';
import { GenesysApiError } from '../GenesysClient/errors';
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
 * prompt is flagged until a change from the portal supersedes it.
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
    for (const known of await versions.latestOfEach()) {
      let upstream;
      try {
        upstream = await gateway.getPrompt(known.promptId);
      } catch (error) {
        if (error instanceof GenesysApiError && error.status === 404) {
          result.missing += 1;
          continue;
        }
        throw error;
      }
      result.checked += 1;
      if (contentHash(upstream) === known.contentHash) {
        continue;
      }
      // Concurrent portal writes may record out of revision order: a state
      // already recorded is not a change made outside.
      if (
        await versions.hasState(known.promptId, upstream.revision, contentHash(upstream))
      ) {
        continue;
      }
      const drifted = await db.transaction(async tx => {
        await versions.lockPrompt(tx, known.promptId);
        // A portal write in flight changed it: that write records it, not us.
        const busy = await operations.pending({ promptId: known.promptId }, tx);
        return busy.length > 0
          ? undefined
          : recordUnseenState(tx, versions, audit, upstream, known.entityRef);
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
