import { LoggerService } from '@backstage/backend-plugin-api';
import { GenesysPrompt } from '@genesys-prompts/plugin-genesys-prompts-common';
import { Knex } from 'knex';
import { AuditStore } from '../../database/AuditStore';
import { Operation, OperationStore } from '../../database/OperationStore';
import { sameDefinition } from '../GenesysClient/definitions';
import { GenesysApiError } from '../GenesysClient/errors';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { PromptWriteService } from '../PromptWriteService/PromptWriteService';

/** What one reconciliation pass did. */
export interface ReconcileResult {
  applied: number;
  notApplied: number;
  unresolved: number;
}

/**
 * Settles operations left pending by a crash or a lost answer: if the write
 * reached Genesys its version is recorded (once); if not, the operation fails.
 */
export class Reconciler {
  constructor(
    private readonly deps: {
      db: Knex;
      gateway: GenesysPromptsGateway;
      operations: OperationStore;
      audit: AuditStore;
      writes: PromptWriteService;
      logger: LoggerService;
      /** Operations younger than this may still be in progress: leave them. */
      gracePeriodMs: number;
    },
  ) {}

  async reconcilePending(): Promise<ReconcileResult> {
    const { operations, gracePeriodMs, logger } = this.deps;
    const result: ReconcileResult = { applied: 0, notApplied: 0, unresolved: 0 };
    const pending = await operations.pending({
      olderThan: new Date(Date.now() - gracePeriodMs),
    });
    for (const operation of pending) {
      try {
        const applied = await this.appliedUpstream(operation);
        if (applied) {
          await this.deps.writes.record(operation, applied, undefined, {
            reconciled: true,
          });
          result.applied += 1;
        } else {
          await this.markNotApplied(operation);
          result.notApplied += 1;
        }
      } catch (error) {
        // Genesys unreachable, say: the next pass tries again.
        result.unresolved += 1;
        logger.warn(
          `Could not reconcile operation ${operation.id}: ${
            error instanceof Error ? error.message : error
          }`,
        );
      }
    }
    if (pending.length > 0) {
      logger.info(
        `Reconciled ${pending.length} pending operations: ${JSON.stringify(result)}`,
      );
    }
    return result;
  }

  /** The prompt as the operation left it, if the operation was applied. */
  private async appliedUpstream(
    operation: Operation,
  ): Promise<GenesysPrompt | undefined> {
    const { gateway } = this.deps;
    if (operation.kind === 'create') {
      const existing = await gateway.findPromptByName(operation.promptName);
      return existing && sameDefinition(existing, operation.definition)
        ? existing
        : undefined;
    }
    let current: GenesysPrompt;
    try {
      current = await gateway.getPrompt(operation.promptId!);
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
    // Applied exactly when the revision moved by one to this definition; a
    // later change on top of it is drift, recorded by the drift check.
    return current.revision === (operation.expectedRevision ?? 0) + 1 &&
      sameDefinition(current, operation.definition)
      ? current
      : undefined;
  }

  private async markNotApplied(operation: Operation): Promise<void> {
    await this.deps.db.transaction(async tx => {
      if (
        await this.deps.operations.finish(tx, operation.id, {
          status: 'failed',
          error: 'not applied upstream (found by reconciliation)',
        })
      ) {
        await this.deps.audit.append(tx, {
          action: 'reconcile',
          outcome: 'success',
          promptId: operation.promptId ?? undefined,
          entityRef: operation.entityRef,
          actor: 'genesys-prompts:reconciler',
          details: {
            operationId: operation.id,
            operationKind: operation.kind,
            promptName: operation.promptName,
            result: 'not-applied',
          },
        });
      }
    });
  }
}
