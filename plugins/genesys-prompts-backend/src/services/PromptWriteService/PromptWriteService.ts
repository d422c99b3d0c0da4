import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  GenesysPrompt,
  getGenesysPromptNames,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import {
  PreDeployHook,
  PromptDeploy,
} from '@genesys-prompts/plugin-genesys-prompts-node';
import { Knex } from 'knex';
import { AuditStore } from '../../database/AuditStore';
import { Operation, OperationStore } from '../../database/OperationStore';
import { PromptVersion, VersionStore } from '../../database/VersionStore';
import { PromptBusyError, WriteLeaseStore } from '../../database/WriteLeaseStore';
import { contentHash, definitionOf } from '../GenesysClient/definitions';
import { GenesysApiError } from '../GenesysClient/errors';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { PromptCatalogue } from '../PromptCatalogue/PromptCatalogue';
import { PromptValidator } from '../PromptValidator/PromptValidator';

/** A deploy just recorded, with the version it replaced (for the guard). */
export interface RecordedDeploy {
  version: PromptVersion;
  previous: PromptVersion;
  actor: string;
}

/** Who changes what: the signed-in user's entity ref, or a service. */
export interface WriteContext {
  entity: Entity;
  actor: string;
}

/** A write's result: the prompt as upstream now has it, and its new version. */
export interface WriteResult {
  prompt: GenesysPrompt;
  version: PromptVersion;
}

/**
 * Changes prompts upstream and records each change locally: an intent record
 * before the upstream call, then version, audit entry and the intent's
 * completion in one transaction. A failed write leaves no version, only a
 * `failure` audit entry.
 */
export class PromptWriteService {
  constructor(
    private readonly deps: {
      db: Knex;
      gateway: GenesysPromptsGateway;
      versions: VersionStore;
      audit: AuditStore;
      operations: OperationStore;
      /** Serializes writes to one prompt across replicas. */
      leases: WriteLeaseStore;
      validator: PromptValidator;
      /** Other modules' vetoes (the deploy-hooks extension point). */
      preDeployHooks?: PreDeployHook[];
      catalogue?: PromptCatalogue;
      /** Runs in the recording transaction of every update, rollback and promote. */
      afterDeploy?: (tx: Knex.Transaction, deploy: RecordedDeploy) => Promise<void>;
    },
  ) {}

  async create(context: WriteContext, input: unknown): Promise<WriteResult> {
    const entityRef = stringifyEntityRef(context.entity);
    const definition = await this.deps.validator.check(input);
    if (!getGenesysPromptNames(context.entity).includes(definition.name)) {
      throw new InputError(
        `The annotation genesys.cloud/llm-prompts of ${entityRef} does not list '${definition.name}'; add the name there first`,
      );
    }
    const operation = await this.deps.operations.begin({
      kind: 'create',
      promptId: null,
      promptName: definition.name,
      entityRef,
      actor: context.actor,
      expectedRevision: null,
      definition,
    });
    await this.checkPreDeployHooks(operation);
    const prompt = await this.callUpstream(operation, () =>
      this.deps.gateway.createPrompt(definition),
    );
    const version = await this.record(operation, prompt);
    return { prompt, version };
  }

  async update(
    context: WriteContext,
    promptId: string,
    input: unknown,
    expectedRevision: number,
    reason?: string,
  ): Promise<WriteResult> {
    return this.exclusively(context, 'update', promptId, reason, () =>
      this.updateHoldingLease(context, promptId, input, expectedRevision, reason),
    );
  }

  private async updateHoldingLease(
    context: WriteContext,
    promptId: string,
    input: unknown,
    expectedRevision: number,
    reason?: string,
  ): Promise<WriteResult> {
    const entityRef = stringifyEntityRef(context.entity);
    const current = await this.readOwned(context.entity, promptId);
    const definition = await this.deps.validator.check(input);
    if (definition.name !== current.name) {
      throw new InputError(
        `name: a prompt cannot be renamed (it is '${current.name}')`,
      );
    }
    const operation = await this.deps.operations.begin({
      kind: 'update',
      promptId,
      promptName: current.name,
      entityRef,
      actor: context.actor,
      expectedRevision,
      definition,
      reason,
    });
    if (current.revision !== expectedRevision) {
      // Stale: refuse before any upstream write.
      const stale = new ConflictError(
        `Prompt '${current.name}' is at revision ${current.revision}, not ${expectedRevision}: someone changed it since you loaded it; reload and apply your change again`,
      );
      await this.recordFailure(operation, stale);
      throw stale;
    }
    await this.checkPreDeployHooks(operation);
    const prompt = await this.callUpstream(operation, () =>
      this.deps.gateway.updatePrompt(promptId, definition, expectedRevision),
    );
    const version = await this.record(operation, prompt, current);
    return { prompt, version };
  }

  /**
   * Redeploys an earlier version's definition as a new version (history is
   * never rewritten): `toVersion`, or by default the one before the newest.
   */
  async rollback(
    context: WriteContext,
    promptId: string,
    reason: string,
    toVersion?: number,
  ): Promise<WriteResult> {
    return this.exclusively(context, 'rollback', promptId, reason, () =>
      this.rollbackHoldingLease(context, promptId, reason, toVersion),
    );
  }

  private async rollbackHoldingLease(
    context: WriteContext,
    promptId: string,
    reason: string,
    toVersion?: number,
  ): Promise<WriteResult> {
    const entityRef = stringifyEntityRef(context.entity);
    const current = await this.readOwned(context.entity, promptId);
    const latest = await this.deps.versions.latest(promptId);
    if (!latest) {
      throw new ConflictError(
        `Prompt '${current.name}' has no version history yet: change it from the portal first`,
      );
    }
    const targetNo = toVersion ?? latest.versionNo - 1;
    if (targetNo < 1) {
      throw new ConflictError(
        `Prompt '${current.name}' has no version before version ${latest.versionNo}`,
      );
    }
    if (targetNo === latest.versionNo) {
      throw new InputError(
        `toVersion: ${targetNo} is the current version of '${current.name}'`,
      );
    }
    const target = await this.deps.versions.get(promptId, targetNo);
    if (!target) {
      throw new NotFoundError(
        `Prompt '${current.name}' has no version ${targetNo} (the newest is ${latest.versionNo})`,
      );
    }
    // An imported or drifted state may break today's rules: never redeploy it unchecked.
    await this.deps.validator.check(target.definition);
    const operation = await this.deps.operations.begin({
      kind: 'rollback',
      promptId,
      promptName: current.name,
      entityRef,
      actor: context.actor,
      expectedRevision: current.revision,
      definition: target.definition,
      reason,
      sourceVersionNo: target.versionNo,
    });
    await this.checkPreDeployHooks(operation);
    const prompt = await this.callUpstream(operation, () =>
      this.deps.gateway.updatePrompt(promptId, target.definition, current.revision),
    );
    const version = await this.record(operation, prompt, current);
    return { prompt, version };
  }

  /**
   * An experiment's winner becomes the primary's new version: the variant's
   * definition under the primary's name, through the same checks and records.
   */
  async promote(
    context: WriteContext,
    primaryId: string,
    winnerId: string,
    reason: string,
    experimentId: string,
  ): Promise<WriteResult> {
    return this.exclusively(context, 'promote', primaryId, reason, () =>
      this.promoteHoldingLease(context, primaryId, winnerId, reason, experimentId),
    );
  }

  private async promoteHoldingLease(
    context: WriteContext,
    primaryId: string,
    winnerId: string,
    reason: string,
    experimentId: string,
  ): Promise<WriteResult> {
    const entityRef = stringifyEntityRef(context.entity);
    const current = await this.readOwned(context.entity, primaryId);
    const winner = await this.readOwned(context.entity, winnerId);
    const definition = await this.deps.validator.check({
      ...definitionOf(winner),
      name: current.name,
    });
    const operation = await this.deps.operations.begin({
      kind: 'promote',
      promptId: primaryId,
      promptName: current.name,
      entityRef,
      actor: context.actor,
      expectedRevision: current.revision,
      definition,
      reason: `${reason} (experiment ${experimentId}: promoted ${winner.name})`,
    });
    await this.checkPreDeployHooks(operation);
    const prompt = await this.callUpstream(operation, () =>
      this.deps.gateway.updatePrompt(primaryId, definition, current.revision),
    );
    const version = await this.record(operation, prompt, current, {
      experimentId,
      promotedPromptId: winnerId,
    });
    return { prompt, version };
  }

  /**
   * Holds the prompt's write lease from reading its current state until the
   * change is recorded: concurrent writes to one prompt, on any replica, take
   * turns, so none mistakes another's fresh state for a change made outside.
   */
  private async exclusively(
    context: WriteContext,
    kind: Operation['kind'],
    promptId: string,
    reason: string | undefined,
    work: () => Promise<WriteResult>,
  ): Promise<WriteResult> {
    try {
      return await this.deps.leases.exclusively(promptId, work);
    } catch (error) {
      if (error instanceof PromptBusyError) {
        // Permitted but refused: audited like a stale write.
        await this.deps.db.transaction(tx =>
          this.deps.audit.append(tx, {
            action: kind,
            outcome: 'failure',
            promptId,
            entityRef: stringifyEntityRef(context.entity),
            actor: context.actor,
            details: { reason, error: error.message },
          }),
        );
      }
      throw error;
    }
  }

  /** Lets other modules veto a deploy; a veto is a refused, audited attempt. */
  private async checkPreDeployHooks(operation: Operation): Promise<void> {
    const deploy: PromptDeploy = {
      action: operation.kind,
      promptId: operation.promptId ?? undefined,
      promptName: operation.promptName,
      entityRef: operation.entityRef,
      actor: operation.actor,
      definition: operation.definition,
      reason: operation.reason ?? undefined,
    };
    for (const hook of this.deps.preDeployHooks ?? []) {
      let decision;
      try {
        decision = await hook.check(deploy);
      } catch (error) {
        // A hook that cannot decide must not let a deploy through unchecked.
        decision = {
          allow: false as const,
          reason: `the check failed: ${
            error instanceof Error ? error.message : String(error)
          }`,
        };
      }
      if (!decision.allow) {
        const veto = new ConflictError(
          `Deploy of '${operation.promptName}' refused by ${hook.id}: ${decision.reason}`,
        );
        await this.recordFailure(operation, veto, { vetoedBy: hook.id });
        throw veto;
      }
    }
  }

  /** The prompt upstream, if the entity's annotation names it; else 404. */
  private async readOwned(entity: Entity, promptId: string): Promise<GenesysPrompt> {
    const notOwned = new NotFoundError(
      `No prompt ${promptId} is owned by ${stringifyEntityRef(entity)}`,
    );
    let prompt: GenesysPrompt;
    try {
      prompt = await this.deps.gateway.getPrompt(promptId);
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 404) {
        throw notOwned;
      }
      throw error;
    }
    if (!getGenesysPromptNames(entity).includes(prompt.name)) {
      throw notOwned;
    }
    return prompt;
  }

  private async callUpstream(
    operation: Operation,
    write: () => Promise<GenesysPrompt>,
  ): Promise<GenesysPrompt> {
    try {
      return await write();
    } catch (error) {
      await this.recordFailure(operation, error);
      throw error;
    }
  }

  /**
   * The upstream write succeeded: record version, audit entry and the
   * operation's completion together. Also used by reconciliation.
   */
  async record(
    operation: Operation,
    prompt: GenesysPrompt,
    before?: GenesysPrompt,
    extraDetails: Record<string, unknown> = {},
  ): Promise<PromptVersion> {
    const { db, versions, audit, operations } = this.deps;
    const recorded = await db.transaction(async tx => {
      await versions.lockPrompt(tx, prompt.id);
      if (
        !(await operations.finish(tx, operation.id, {
          status: 'applied',
          promptId: prompt.id,
        }))
      ) {
        throw new ConflictError(
          `Operation ${operation.id} was already resolved; nothing recorded twice`,
        );
      }
      // The state this write replaced is unseen history, unless another portal
      // write still in flight produced it: that write records it.
      const producedInFlight =
        before &&
        (await operations.pending({ promptId: prompt.id }, tx)).some(
          pending => contentHash(pending.definition) === contentHash(before),
        );
      if (before && !producedInFlight) {
        await recordUnseenState(tx, versions, audit, before, operation.entityRef);
      }
      const previous = await versions.latest(prompt.id, tx);
      const version = await versions.append(tx, {
        promptId: prompt.id,
        promptName: prompt.name,
        entityRef: operation.entityRef,
        action: operation.kind,
        actor: operation.actor,
        reason: operation.reason,
        versionLabel: prompt.version,
        revision: prompt.revision,
        contentHash: contentHash(prompt),
        sourceVersionNo: operation.sourceVersionNo,
        definition: definitionOf(prompt),
        operationId: operation.id,
      });
      await audit.append(tx, {
        action: operation.kind,
        outcome: 'success',
        promptId: prompt.id,
        entityRef: operation.entityRef,
        actor: operation.actor,
        details: {
          promptName: prompt.name,
          versionNo: version.versionNo,
          revision: prompt.revision,
          contentHash: version.contentHash,
          sourceVersionNo: operation.sourceVersionNo ?? undefined,
          reason: operation.reason ?? undefined,
          operationId: operation.id,
          ...extraDetails,
        },
      });
      if (previous && operation.kind !== 'create' && this.deps.afterDeploy) {
        await this.deps.afterDeploy(tx, {
          version,
          previous,
          actor: operation.actor,
        });
      }
      return version;
    });
    await this.deps.catalogue?.invalidate();
    return recorded;
  }

  /**
   * A permitted attempt that failed: the audit says so. The operation fails,
   * unless the upstream may have applied the write (a lost answer): then it
   * stays pending for reconciliation, which records the version if it was.
   */
  private async recordFailure(
    operation: Operation,
    error: unknown,
    extraDetails: Record<string, unknown> = {},
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const outcomeUnknown =
      error instanceof GenesysApiError && error.outcomeUnknown;
    await this.deps.db.transaction(async tx => {
      await this.deps.audit.append(tx, {
        action: operation.kind,
        outcome: 'failure',
        promptId: operation.promptId ?? undefined,
        entityRef: operation.entityRef,
        actor: operation.actor,
        details: {
          promptName: operation.promptName,
          expectedRevision: operation.expectedRevision ?? undefined,
          reason: operation.reason ?? undefined,
          error: message,
          correlationId:
            error instanceof GenesysApiError ? error.correlationId : undefined,
          operationId: operation.id,
          pendingReconciliation: outcomeUnknown || undefined,
          ...extraDetails,
        },
      });
      if (!outcomeUnknown) {
        await this.deps.operations.finish(tx, operation.id, {
          status: 'failed',
          error: message,
        });
      }
    });
    if (outcomeUnknown) await this.deps.catalogue?.invalidate();
  }
}


/**
 * Before recording a change over `before` (the upstream state it replaced):
 * a prompt never seen gets an `import` version of that state, and a state
 * changed outside the portal gets a `drift` version, so history shows every
 * state and each can be rolled back to.
 */
export async function recordUnseenState(
  tx: Knex.Transaction,
  versions: VersionStore,
  audit: AuditStore,
  before: GenesysPrompt,
  entityRef: string,
): Promise<PromptVersion | undefined> {
  const latest = await versions.latest(before.id, tx);
  if (latest && latest.contentHash === contentHash(before)) {
    return undefined;
  }
  // A state no newer than what history already holds is not a change made
  // outside: a concurrent portal write recorded past it first.
  if (latest && before.revision <= latest.revision) {
    return undefined;
  }
  const action = latest ? 'drift' : 'import';
  const version = await versions.append(tx, {
    promptId: before.id,
    promptName: before.name,
    entityRef,
    action,
    actor: latest ? EXTERNAL_ACTOR : IMPORT_ACTOR,
    reason: latest
      ? 'changed outside the portal'
      : 'first seen by the portal: the state before its first change',
    versionLabel: before.version,
    revision: before.revision,
    contentHash: contentHash(before),
    sourceVersionNo: null,
    definition: definitionOf(before),
  });
  if (action === 'drift') {
    await audit.append(tx, {
      action: 'drift',
      outcome: 'success',
      promptId: before.id,
      entityRef,
      actor: EXTERNAL_ACTOR,
      details: {
        promptName: before.name,
        versionNo: version.versionNo,
        revision: before.revision,
        contentHash: version.contentHash,
      },
    });
  }
  return version;
}

/** The actor of changes made outside the portal. */
export const EXTERNAL_ACTOR = 'genesys:external';
/** The actor of the first recorded state of a prompt. */
export const IMPORT_ACTOR = 'genesys:import';
