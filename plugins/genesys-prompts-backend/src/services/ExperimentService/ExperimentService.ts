import { CacheService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CreateExperimentRequest,
  Experiment,
  ExperimentEvent,
  ExperimentResults,
  ExperimentStatus,
  GenesysPrompt,
  getGenesysPromptNames,
  GuardThresholds,
  LatencyHistogram,
  mannWhitneyU,
  requiredSampleSize,
  twoProportionZTest,
  validateExperimentVariants,
  VariantComparison,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { Knex } from 'knex';
import { ExperimentConfig } from '../../config';
import { AuditStore } from '../../database/AuditStore';
import { ExperimentStore } from '../../database/ExperimentStore';
import { GenesysApiError } from '../GenesysClient/errors';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { analyzeConversationDetails } from '../MetricsService/ConversationDetailsAnalyzer';
import { MAX_RANGE_DAYS, parseInstant } from '../MetricsService/MetricsRange';
import { MetricsService } from '../MetricsService/MetricsService';
import { PromptCatalogue } from '../PromptCatalogue/PromptCatalogue';
import {
  PromptWriteService,
  WriteContext,
  WriteResult,
} from '../PromptWriteService/PromptWriteService';

/** The actor of experiments found running upstream without a local record. */
export const ROUTING_IMPORT_ACTOR = 'genesys:import';
const EXTERNAL_ACTOR = 'genesys:external';
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * A/B experiments on a primary prompt and other prompts the same entity
 * owns: routing written upstream on start and stop, the winner promoted
 * through the prompt write path, every step stored and audited.
 */
export class ExperimentService {
  constructor(
    private readonly deps: {
      db: Knex;
      gateway: GenesysPromptsGateway;
      catalogue: PromptCatalogue;
      experiments: ExperimentStore;
      audit: AuditStore;
      writes: PromptWriteService;
      metrics: MetricsService;
      cache: CacheService;
      cacheTtlMs: number;
      config: ExperimentConfig;
    },
  ) {}

  /**
   * The primary's experiments, newest first. A split running upstream that
   * was not started here is recorded as an imported running experiment, and
   * a local one whose split was removed upstream as stopped.
   */
  async list(entity: Entity, promptId: string): Promise<Experiment[]> {
    const owned = await this.ownedPrompts(entity);
    const primary = this.requireOwned(entity, owned, promptId);
    await this.syncWithUpstream(entity, primary, owned);
    return this.deps.experiments.listForPrompt(promptId);
  }

  async create(
    context: WriteContext,
    promptId: string,
    request: CreateExperimentRequest,
  ): Promise<Experiment> {
    const owned = await this.ownedPrompts(context.entity);
    this.requireOwned(context.entity, owned, promptId);
    const issues = validateExperimentVariants(request.variants, {
      primaryPromptId: promptId,
      ownedPromptIds: [...owned.keys()],
    });
    if (issues.length > 0) {
      throw new InputError(
        `Invalid experiment: ${issues
          .map(issue => `${issue.field}: ${issue.message.replace(/\.$/, '')}`)
          .join('; ')}`,
      );
    }
    const entityRef = stringifyEntityRef(context.entity);
    return this.deps.db.transaction(async tx => {
      const experiment = await this.deps.experiments.create(
        tx,
        {
          entityRef,
          primaryPromptId: promptId,
          status: 'draft',
          variants: request.variants.map(variant => ({
            promptId: variant.promptId,
            name: owned.get(variant.promptId)!.name,
            weight: variant.weight,
          })),
          guard: request.guard ?? {},
          createdBy: context.actor,
        },
        { action: 'create', actor: context.actor },
      );
      await this.auditStep(tx, experiment, 'create', context.actor, {
        variants: experiment.variants,
      });
      return experiment;
    });
  }

  /** Writes the split upstream, then marks the experiment running. */
  async start(
    context: WriteContext,
    promptId: string,
    experimentId: string,
  ): Promise<Experiment> {
    const experiment = await this.requireExperiment(
      context.entity,
      promptId,
      experimentId,
      ['draft'],
    );
    const [running] = await this.deps.experiments.listByStatus(
      ['running'],
      [promptId],
    );
    if (running) {
      throw new ConflictError(
        `Experiment ${running.id} is already running on this prompt: stop it first`,
      );
    }
    await this.writeRouting(
      experiment,
      'start',
      context.actor,
      experiment.variants.map(({ promptId: id, weight }) => ({
        promptId: id,
        weight,
      })),
    );
    return this.recordTransition(experiment, 'draft', {
      status: 'running',
      startedAt: new Date().toISOString(),
    }, { action: 'start', actor: context.actor });
  }

  /** Sends all traffic back to the primary. */
  async stop(
    context: WriteContext,
    promptId: string,
    experimentId: string,
    reason?: string,
    action: 'stop' | 'guard-stop' = 'stop',
    details?: Record<string, unknown>,
  ): Promise<Experiment> {
    const experiment = await this.requireExperiment(
      context.entity,
      promptId,
      experimentId,
      ['running', 'draft'],
    );
    if (experiment.status === 'running') {
      await this.writeRouting(experiment, action, context.actor, [
        { promptId, weight: 100 },
      ]);
    }
    return this.recordTransition(
      experiment,
      experiment.status,
      { status: 'stopped', stoppedAt: new Date().toISOString() },
      { action, actor: context.actor, reason, details },
    );
  }

  /**
   * The winner's definition becomes the primary's new version (version and
   * audit through the write path), then all traffic goes to the primary.
   */
  async promote(
    context: WriteContext,
    promptId: string,
    experimentId: string,
    winnerId: string,
    reason: string,
  ): Promise<{ experiment: Experiment; write: WriteResult }> {
    const experiment = await this.requireExperiment(
      context.entity,
      promptId,
      experimentId,
      ['running', 'stopped'],
    );
    if (!experiment.variants.some(v => v.promptId === winnerId)) {
      throw new InputError(
        `promptId: ${winnerId} is not a variant of experiment ${experimentId}`,
      );
    }
    if (winnerId === promptId) {
      throw new InputError(
        'promptId: the primary is already deployed; stop the experiment to keep it',
      );
    }
    const write = await this.deps.writes.promote(
      context,
      promptId,
      winnerId,
      reason,
      experimentId,
    );
    if (experiment.status === 'running') {
      await this.writeRouting(experiment, 'promote', context.actor, [
        { promptId, weight: 100 },
      ]);
    }
    const promoted = await this.recordTransition(
      experiment,
      experiment.status,
      {
        status: 'promoted',
        stoppedAt: experiment.stoppedAt ? undefined : new Date().toISOString(),
        promotedPromptId: winnerId,
      },
      {
        action: 'promote',
        actor: context.actor,
        reason,
        details: { winner: winnerId, versionNo: write.version.versionNo },
      },
    );
    return { experiment: promoted, write };
  }

  /**
   * Per-variant totals from one metrics call; success rates compared with a
   * two-proportion z-test; latency with a Mann–Whitney U test on histograms
   * built while streaming the conversation details. Cached for the TTL.
   */
  async results(
    entity: Entity,
    promptId: string,
    experimentId: string,
    query: { from?: string; to?: string },
  ): Promise<ExperimentResults> {
    const experiment = await this.requireExperiment(
      entity,
      promptId,
      experimentId,
      ['running', 'stopped', 'promoted'],
    );
    if (!experiment.startedAt) {
      throw new ConflictError(`Experiment ${experimentId} has not started`);
    }
    const { from, to } = this.resultsRange(experiment, query);
    const ids = experiment.variants.map(v => v.promptId);
    const totals = await this.deps.metrics.totals(ids, { start: from, end: to });
    const latency = await this.latencyHistograms(experiment.id, ids, from, to);
    const [primary, ...others] = experiment.variants;
    const primaryTotals = totals.get(primary.promptId)!;
    const sampleSize = requiredSampleSize({
      baselineRate: primaryTotals.successRate ?? 0.95,
      minDetectableEffect: this.deps.config.minDetectableEffect,
    });
    const comparisons: VariantComparison[] = others.map(variant => {
      const variantTotals = totals.get(variant.promptId)!;
      return {
        promptId: variant.promptId,
        againstPromptId: primary.promptId,
        successRate: twoProportionZTest(
          successesOf(primaryTotals),
          successesOf(variantTotals),
        ),
        latency: mannWhitneyU(
          latency.histograms.get(primary.promptId)!,
          latency.histograms.get(variant.promptId)!,
        ),
        enoughData:
          primaryTotals.requests >= sampleSize.perVariant &&
          variantTotals.requests >= sampleSize.perVariant,
      };
    });
    return {
      experimentId,
      from: from.toISOString(),
      to: to.toISOString(),
      variants: experiment.variants.map(variant => ({
        ...variant,
        totals: totals.get(variant.promptId)!,
      })),
      comparisons,
      sampleSize,
      conversationsAnalysed: latency.conversations,
    };
  }

  /** The configured guard defaults under this experiment's own overrides. */
  thresholdsFor(
    experiment: Experiment,
    defaults: GuardThresholds,
  ): GuardThresholds {
    return { ...defaults, ...experiment.guard };
  }

  private resultsRange(
    experiment: Experiment,
    query: { from?: string; to?: string },
  ): { from: Date; to: Date } {
    const end = experiment.stoppedAt ? new Date(experiment.stoppedAt) : new Date();
    // Whole minutes, so repeated views within a minute share the cache.
    const to = query.to
      ? parseInstant(query.to, 'to')
      : new Date(Math.ceil(end.getTime() / MINUTE_MS) * MINUTE_MS);
    const earliest = Date.parse(experiment.startedAt!);
    const from = query.from
      ? parseInstant(query.from, 'from')
      : new Date(
          Math.max(
            earliest,
            to.getTime() - this.deps.config.analysisWindowDays * DAY_MS,
          ),
        );
    if (from.getTime() >= to.getTime()) {
      throw new InputError(
        `Invalid query: from (${from.toISOString()}) must be before to (${to.toISOString()})`,
      );
    }
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new InputError(
        `Invalid query: the range is longer than ${MAX_RANGE_DAYS} days`,
      );
    }
    return { from, to };
  }

  private async latencyHistograms(
    experimentId: string,
    ids: string[],
    from: Date,
    to: Date,
  ): Promise<{ histograms: Map<string, LatencyHistogram>; conversations: number }> {
    const key = `experiment-latency:${experimentId}:${from.toISOString()}/${to.toISOString()}`;
    const { cache, cacheTtlMs } = this.deps;
    const cached = cacheTtlMs > 0 ? ((await cache.get(key)) as any) : undefined;
    if (cached) {
      return {
        histograms: new Map(
          Object.entries(cached.histograms).map(([id, json]) => [
            id,
            LatencyHistogram.fromJSON(json as any),
          ]),
        ),
        conversations: cached.conversations,
      };
    }
    const analysis = await analyzeConversationDetails(this.deps.gateway, {
      promptIds: ids,
      start: from,
      end: to,
    });
    const histograms = new Map(
      [...analysis.samples].map(([id, sample]) => [id, sample.latency]),
    );
    if (cacheTtlMs > 0) {
      await cache.set(
        key,
        {
          histograms: Object.fromEntries(
            [...histograms].map(([id, h]) => [id, h.toJSON() as any]),
          ),
          conversations: analysis.conversations,
        },
        { ttl: cacheTtlMs },
      );
    }
    return { histograms, conversations: analysis.conversations };
  }

  private async syncWithUpstream(
    entity: Entity,
    primary: GenesysPrompt,
    owned: Map<string, GenesysPrompt>,
  ): Promise<void> {
    const routing = await this.deps.gateway.getRouting(primary.id);
    const [running] = await this.deps.experiments.listByStatus(
      ['running'],
      [primary.id],
    );
    const splitUpstream = routing.variants.length > 1;
    if (splitUpstream && !running) {
      const names = new Map(
        [...owned.values()].map(prompt => [prompt.id, prompt.name]),
      );
      await this.deps.db.transaction(async tx => {
        const imported = await this.deps.experiments.create(
          tx,
          {
            entityRef: stringifyEntityRef(entity),
            primaryPromptId: primary.id,
            status: 'running',
            variants: routing.variants.map(variant => ({
              ...variant,
              name: names.get(variant.promptId) ?? variant.promptId,
            })),
            guard: {},
            createdBy: ROUTING_IMPORT_ACTOR,
            startedAt: routing.dateModified,
          },
          {
            action: 'import',
            actor: ROUTING_IMPORT_ACTOR,
            reason: 'found running in Genesys',
            details: { routingRevision: routing.revision },
          },
        );
        await this.auditStep(tx, imported, 'import', ROUTING_IMPORT_ACTOR, {
          routingRevision: routing.revision,
        });
      });
    } else if (!splitUpstream && running) {
      await this.recordTransition(
        running,
        'running',
        { status: 'stopped', stoppedAt: routing.dateModified },
        {
          action: 'stop',
          actor: EXTERNAL_ACTOR,
          reason: 'the split was removed outside the portal',
        },
      );
    }
  }

  /** Reads the routing revision and replaces it; a failure is audited. */
  private async writeRouting(
    experiment: Experiment,
    action: ExperimentEvent['action'],
    actor: string,
    variants: Array<{ promptId: string; weight: number }>,
  ): Promise<void> {
    try {
      const current = await this.deps.gateway.getRouting(
        experiment.primaryPromptId,
      );
      await this.deps.gateway.putRouting(
        experiment.primaryPromptId,
        variants,
        current.revision,
      );
    } catch (error) {
      await this.deps.db.transaction(tx =>
        this.deps.audit.append(tx, {
          action: `experiment-${action}`,
          outcome: 'failure',
          promptId: experiment.primaryPromptId,
          entityRef: experiment.entityRef,
          actor,
          details: {
            experimentId: experiment.id,
            error: error instanceof Error ? error.message : String(error),
            correlationId:
              error instanceof GenesysApiError ? error.correlationId : undefined,
          },
        }),
      );
      throw error;
    }
  }

  private async recordTransition(
    experiment: Experiment,
    from: ExperimentStatus,
    change: Parameters<ExperimentStore['transition']>[3],
    event: Omit<ExperimentEvent, 'at'>,
  ): Promise<Experiment> {
    return this.deps.db.transaction(async tx => {
      const moved = await this.deps.experiments.transition(
        tx,
        experiment.id,
        from,
        change,
        event,
      );
      if (!moved) {
        throw new ConflictError(
          `Experiment ${experiment.id} changed meanwhile; reload it`,
        );
      }
      const updated = (await this.deps.experiments.get(experiment.id, tx))!;
      await this.auditStep(tx, updated, event.action, event.actor, {
        reason: event.reason,
        ...event.details,
      });
      return updated;
    });
  }

  private async auditStep(
    tx: Knex.Transaction,
    experiment: Experiment,
    action: ExperimentEvent['action'],
    actor: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append(tx, {
      action: `experiment-${action}`,
      outcome: 'success',
      promptId: experiment.primaryPromptId,
      entityRef: experiment.entityRef,
      actor,
      details: { experimentId: experiment.id, status: experiment.status, ...details },
    });
  }

  private async ownedPrompts(entity: Entity): Promise<Map<string, GenesysPrompt>> {
    const byName = await this.deps.catalogue.byName(getGenesysPromptNames(entity));
    return new Map([...byName.values()].map(prompt => [prompt.id, prompt]));
  }

  private requireOwned(
    entity: Entity,
    owned: Map<string, GenesysPrompt>,
    promptId: string,
  ): GenesysPrompt {
    const prompt = owned.get(promptId);
    if (!prompt) {
      throw new NotFoundError(
        `No prompt ${promptId} is owned by ${stringifyEntityRef(entity)}`,
      );
    }
    return prompt;
  }

  private async requireExperiment(
    entity: Entity,
    promptId: string,
    experimentId: string,
    allowed: ExperimentStatus[],
  ): Promise<Experiment> {
    const experiment = await this.deps.experiments.get(experimentId);
    if (
      !experiment ||
      experiment.primaryPromptId !== promptId ||
      experiment.entityRef !== stringifyEntityRef(entity)
    ) {
      throw new NotFoundError(
        `No experiment ${experimentId} on prompt ${promptId} of ${stringifyEntityRef(entity)}`,
      );
    }
    if (!allowed.includes(experiment.status)) {
      throw new ConflictError(
        `Experiment ${experimentId} is ${experiment.status}; this needs it ${allowed.join(' or ')}`,
      );
    }
    return experiment;
  }
}

function successesOf(totals: { requests: number; errors: number }) {
  return { successes: totals.requests - totals.errors, trials: totals.requests };
}
