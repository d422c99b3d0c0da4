import { CacheService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  bucketTotals,
  combineMetricBuckets,
  EntityMetricsResponse,
  GenesysMetricsResponse,
  GenesysPrompt,
  getGenesysPromptNames,
  metricsFromGenesysBucket,
  MetricsTotals,
  PromptMetricsResponse,
  PromptMetricsSeries,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { ExperimentStore } from '../../database/ExperimentStore';
import { GuardStore } from '../../database/GuardStore';
import { VersionStore } from '../../database/VersionStore';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { PromptCatalogue } from '../PromptCatalogue/PromptCatalogue';
import { MetricsRange } from './MetricsRange';

/**
 * Metrics of the prompts an entity owns: one upstream call for every prompt
 * (and variant) a page shows, cached for the configured TTL.
 */
export class MetricsService {
  // Identical cold requests in flight share one upstream call.
  private readonly inFlight = new Map<string, Promise<GenesysMetricsResponse>>();

  constructor(
    private readonly deps: {
      gateway: GenesysPromptsGateway;
      catalogue: PromptCatalogue;
      cache: CacheService;
      cacheTtlMs: number;
      versions: VersionStore;
      experiments: ExperimentStore;
      guard: GuardStore;
    },
  ) {}

  /** Every prompt the entity owns, with badges: the metric card. */
  async entityMetrics(
    entity: Entity,
    range: MetricsRange,
  ): Promise<EntityMetricsResponse> {
    const prompts = [
      ...(
        await this.deps.catalogue.byName(getGenesysPromptNames(entity))
      ).values(),
    ];
    const ids = prompts.map(prompt => prompt.id);
    const [series, latest, running, rollbacks] = await Promise.all([
      this.fetchSeries(prompts, range),
      this.deps.versions.latestOfEach(ids),
      this.deps.experiments.listByStatus(['running'], ids),
      this.deps.guard.latestRollbacks(ids),
    ]);
    const latestById = new Map(latest.map(v => [v.promptId, v]));
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      granularity: range.granularity,
      items: series.map(item => {
        const rollback = rollbacks.get(item.promptId);
        return {
          ...item,
          drift: latestById.get(item.promptId)?.action === 'drift',
          runningExperimentId: running.find(
            e => e.primaryPromptId === item.promptId,
          )?.id,
          guardRollback:
            rollback?.checkedAt && rollback.checkedAt >= range.from.toISOString()
              ? {
                  at: rollback.checkedAt,
                  versionNo: rollback.rollbackVersionNo ?? rollback.versionNo,
                  reason: rollback.summary ?? '',
                }
              : undefined,
        };
      }),
    };
  }

  /** One prompt with deploy markers, and its variants when an experiment runs. */
  async promptMetrics(
    entity: Entity,
    promptId: string,
    range: MetricsRange,
  ): Promise<PromptMetricsResponse> {
    const owned = await this.deps.catalogue.byName(
      getGenesysPromptNames(entity),
    );
    const byId = new Map([...owned.values()].map(p => [p.id, p]));
    const prompt = byId.get(promptId);
    if (!prompt) {
      throw new NotFoundError(
        `No prompt ${promptId} is owned by ${stringifyEntityRef(entity)}`,
      );
    }
    const [experiment] = await this.deps.experiments.listByStatus(
      ['running'],
      [promptId],
    );
    const variantPrompts = (experiment?.variants ?? []).map(
      variant =>
        byId.get(variant.promptId) ??
        ({ id: variant.promptId, name: variant.name } as GenesysPrompt),
    );
    const shown = experiment ? variantPrompts : [prompt];
    const [series, deploys] = await Promise.all([
      this.fetchSeries(shown, range),
      this.deps.versions.listBetween(promptId, range.from, range.to),
    ]);
    const own = series.find(item => item.promptId === promptId)!;
    return {
      ...own,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      granularity: range.granularity,
      deploys: deploys.map(version => ({
        versionNo: version.versionNo,
        action: version.action,
        actor: version.actor,
        versionLabel: version.versionLabel,
        at: version.createdAt,
      })),
      ...(experiment
        ? {
            experimentId: experiment.id,
            variants: series.map((item, index) => ({
              ...item,
              weight: experiment.variants[index].weight,
            })),
          }
        : {}),
    };
  }

  /**
   * Totals of several prompts over one interval in one upstream call (a
   * single bucket, so the percentiles are the upstream's own), cached.
   */
  async totals(
    promptIds: string[],
    interval: { start: Date; end: Date },
  ): Promise<Map<string, MetricsTotals>> {
    const granularity = `PT${Math.max(
      1,
      Math.ceil((interval.end.getTime() - interval.start.getTime()) / 1000),
    )}S`;
    const response = await this.fetch(promptIds, interval, granularity);
    return new Map(
      response.results.map(result => [
        result.group.aiPromptId,
        combineMetricBuckets(
          result.data.map(bucket => metricsFromGenesysBucket(bucket.metrics)),
        ),
      ]),
    );
  }

  private async fetchSeries(
    prompts: Array<Pick<GenesysPrompt, 'id' | 'name'>>,
    range: MetricsRange,
  ): Promise<PromptMetricsSeries[]> {
    if (prompts.length === 0) return [];
    const response = await this.fetch(
      prompts.map(p => p.id),
      { start: range.from, end: range.to },
      range.granularity,
    );
    const byId = new Map(response.results.map(r => [r.group.aiPromptId, r]));
    return prompts.map(prompt => {
      const buckets = (byId.get(prompt.id)?.data ?? []).map(bucket => {
        const [start, end] = bucket.interval.split('/');
        return { start, end, input: metricsFromGenesysBucket(bucket.metrics) };
      });
      return {
        promptId: prompt.id,
        name: prompt.name,
        totals: combineMetricBuckets(buckets.map(b => b.input)),
        series: buckets.map(b => ({
          start: b.start,
          end: b.end,
          ...bucketTotals(b.input),
        })),
      };
    });
  }

  private async fetch(
    promptIds: string[],
    interval: { start: Date; end: Date },
    granularity: string,
  ): Promise<GenesysMetricsResponse> {
    const ids = [...new Set(promptIds)].sort();
    const key = `metrics:${ids.join(',')}:${interval.start.toISOString()}/${interval.end.toISOString()}:${granularity}`;
    const cached =
      this.deps.cacheTtlMs > 0 ? await this.deps.cache.get(key) : undefined;
    if (cached) return cached as unknown as GenesysMetricsResponse;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(key, ids, interval, granularity).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async load(
    key: string,
    ids: string[],
    interval: { start: Date; end: Date },
    granularity: string,
  ): Promise<GenesysMetricsResponse> {
    const response = await this.deps.gateway.getMetrics(
      ids,
      interval,
      granularity,
    );
    if (this.deps.cacheTtlMs > 0) {
      await this.deps.cache.set(key, response as any, {
        ttl: this.deps.cacheTtlMs,
      });
    }
    return response;
  }
}
