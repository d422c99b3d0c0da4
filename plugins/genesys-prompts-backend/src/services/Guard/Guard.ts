import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GuardThresholds,
  MetricsTotals,
  twoProportionZTest,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { Knex } from 'knex';
import { GuardConfig } from '../../config';
import { ExperimentStore } from '../../database/ExperimentStore';
import { GuardStore, StoredGuardCheck } from '../../database/GuardStore';
import { VersionStore } from '../../database/VersionStore';
import { ExperimentService } from '../ExperimentService/ExperimentService';
import { GenesysApiError } from '../GenesysClient/errors';
import { MetricsService } from '../MetricsService/MetricsService';
import {
  PromptWriteService,
  RecordedDeploy,
} from '../PromptWriteService/PromptWriteService';

/** The actor of everything the guard does on its own. */
export const GUARD_ACTOR = 'genesys-prompts:guard';

// Waits up to this many windows for enough traffic before giving up.
const MAX_WAIT_WINDOWS = 4;
const DAY_MS = 86_400_000;

/** The guard's reading of "before" against "after". */
export interface GuardVerdict {
  regressed: boolean;
  /** Each finding quoting its numbers; the rollback reason joins them. */
  findings: string[];
}

/**
 * Compares two periods against the thresholds. Success-rate drops must also
 * be significant (two-proportion z-test, p < 0.05) so noise never rolls back.
 */
export function judge(
  before: MetricsTotals,
  after: MetricsTotals,
  thresholds: GuardThresholds,
): GuardVerdict {
  const findings: string[] = [];
  let regressed = false;
  const srBefore = before.successRate ?? 1;
  const srAfter = after.successRate ?? 1;
  const test = twoProportionZTest(
    { successes: before.requests - before.errors, trials: before.requests },
    { successes: after.requests - after.errors, trials: after.requests },
  );
  const drop = srBefore - srAfter;
  if (drop > thresholds.maxSuccessRateDrop && test?.significant) {
    regressed = true;
    findings.push(
      `success rate fell from ${pct(srBefore)} to ${pct(srAfter)} (−${points(
        drop,
      )} points, more than the ${points(
        thresholds.maxSuccessRateDrop,
      )} allowed; z = ${test.z.toFixed(2)}, p = ${formatP(test.pValue)})`,
    );
  }
  const p95Before = before.latencyMs.p95;
  const p95After = after.latencyMs.p95;
  if (
    p95Before !== null &&
    p95After !== null &&
    p95After > p95Before * (1 + thresholds.maxP95LatencyIncrease)
  ) {
    regressed = true;
    findings.push(
      `p95 latency rose from ${ms(p95Before)} to ${ms(p95After)} (+${Math.round(
        (p95After / p95Before - 1) * 100,
      )} %, more than the ${Math.round(
        thresholds.maxP95LatencyIncrease * 100,
      )} % allowed)`,
    );
  }
  const errorRateBefore = 1 - srBefore;
  const errorRateAfter = 1 - srAfter;
  if (
    errorRateAfter >= thresholds.maxErrorRate &&
    errorRateAfter > errorRateBefore
  ) {
    regressed = true;
    findings.push(
      `error rate ${pct(errorRateAfter)} reached the ${pct(
        thresholds.maxErrorRate,
      )} limit (was ${pct(errorRateBefore)})`,
    );
  }
  if (!regressed) {
    findings.push(
      `success ${pct(srBefore)} → ${pct(srAfter)}, p95 ${ms(p95Before)} → ${ms(
        p95After,
      )}, within thresholds`,
    );
  }
  findings.push(`n = ${before.requests} before, ${after.requests} after`);
  return { regressed, findings };
}

/**
 * Guarded rollouts: every update, rollback and promote schedules a check; when
 * its window has passed, the new version's traffic is compared with the
 * previous version's and a regression is rolled back through the write path.
 * Running experiments are watched the same way, variant against primary.
 */
export class Guard {
  constructor(
    private readonly deps: {
      config: GuardConfig;
      store: GuardStore;
      versions: VersionStore;
      experiments: ExperimentStore;
      experimentService: ExperimentService;
      metrics: MetricsService;
      writes: PromptWriteService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The defaults under the prompt's configured overrides. */
  thresholdsFor(promptName: string): GuardThresholds {
    return {
      ...this.deps.config.defaults,
      ...this.deps.config.prompts.get(promptName),
    };
  }

  /** Runs inside a deploy's recording transaction. */
  async scheduleCheck(tx: Knex.Transaction, deploy: RecordedDeploy): Promise<void> {
    // Never guard the guard: undoing its own rollback would flap.
    if (!this.deps.config.enabled || deploy.actor === GUARD_ACTOR) return;
    const thresholds = this.thresholdsFor(deploy.version.promptName);
    const deployedAt = Date.parse(deploy.version.createdAt);
    await this.deps.store.schedule(tx, {
      promptId: deploy.version.promptId,
      promptName: deploy.version.promptName,
      entityRef: deploy.version.entityRef,
      versionNo: deploy.version.versionNo,
      previousVersionNo: deploy.previous.versionNo,
      // An imported or drifted state was live before we recorded it.
      previousDeployedAt:
        deploy.previous.action === 'import' || deploy.previous.action === 'drift'
          ? new Date(0).toISOString()
          : deploy.previous.createdAt,
      deployedAt: deploy.version.createdAt,
      dueAt: new Date(deployedAt + thresholds.windowSeconds * 1000).toISOString(),
      thresholds,
    });
  }

  /** The scheduled task: every due deploy check, then running experiments. */
  async run(): Promise<{ checked: number; rolledBack: number; stopped: number }> {
    const result = { checked: 0, rolledBack: 0, stopped: 0 };
    if (!this.deps.config.enabled) return result;
    for (const check of await this.deps.store.due()) {
      try {
        const status = await this.checkDeploy(check);
        if (status) result.checked += 1;
        if (status === 'rolled-back') result.rolledBack += 1;
      } catch (error) {
        this.deps.logger.warn(
          `Guard check of ${check.promptName} v${check.versionNo} failed; trying again next run: ${error}`,
        );
      }
    }
    result.stopped = await this.watchExperiments();
    return result;
  }

  /** Judges one deploy; undefined while it waits for more traffic. */
  async checkDeploy(check: StoredGuardCheck): Promise<string | undefined> {
    const { store, metrics, versions } = this.deps;
    const { thresholds } = check;
    const windowMs = thresholds.windowSeconds * 1000;
    const deployedAt = Date.parse(check.deployedAt);
    const now = this.now().getTime();
    // The window before stops at the previous deploy: only that version's traffic.
    const beforeStart = Math.max(
      Date.parse(check.previousDeployedAt),
      deployedAt - windowMs,
    );
    const afterEnd = Math.min(now, deployedAt + MAX_WAIT_WINDOWS * windowMs);
    const totals = await metrics.totals([check.promptId], {
      start: new Date(Math.min(beforeStart, deployedAt - 1000)),
      end: new Date(deployedAt),
    });
    const afterTotals = await metrics.totals([check.promptId], {
      start: new Date(deployedAt),
      end: new Date(Math.max(afterEnd, deployedAt + 1000)),
    });
    const before = totals.get(check.promptId)!;
    const after = afterTotals.get(check.promptId)!;
    if (
      before.requests < thresholds.minRequests ||
      after.requests < thresholds.minRequests
    ) {
      if (now < deployedAt + MAX_WAIT_WINDOWS * windowMs) return undefined;
      await store.decide(check.id, {
        status: 'insufficient-data',
        before,
        after,
        summary: `Not judged: ${before.requests} requests before and ${after.requests} after, fewer than the ${thresholds.minRequests} needed on each side`,
      });
      return 'insufficient-data';
    }
    const verdict = judge(before, after, thresholds);
    if (!verdict.regressed) {
      await store.decide(check.id, {
        status: 'passed',
        before,
        after,
        summary: verdict.findings.join('; '),
      });
      return 'passed';
    }
    const latest = await versions.latest(check.promptId);
    if (latest && latest.versionNo !== check.versionNo) {
      await store.decide(check.id, {
        status: 'superseded',
        before,
        after,
        summary: `Regressed, but version ${latest.versionNo} has replaced it since: ${verdict.findings.join('; ')}`,
      });
      return 'superseded';
    }
    const entity = await this.deps.catalog.getEntityByRef(check.entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    const reason = `Guard: version ${check.versionNo} regressed against version ${check.previousVersionNo}: ${verdict.findings.join('; ')}`;
    if (!entity) {
      await store.decide(check.id, {
        status: 'error',
        before,
        after,
        summary: `${reason}. Not rolled back: ${check.entityRef} is no longer in the catalog`,
      });
      return 'error';
    }
    try {
      const { version } = await this.deps.writes.rollback(
        { entity, actor: GUARD_ACTOR },
        check.promptId,
        reason,
        check.previousVersionNo,
      );
      await store.decide(check.id, {
        status: 'rolled-back',
        before,
        after,
        summary: reason,
        rollbackVersionNo: version.versionNo,
      });
      this.deps.logger.warn(reason);
      return 'rolled-back';
    } catch (error) {
      if (isTransient(error)) throw error;
      await store.decide(check.id, {
        status: 'error',
        before,
        after,
        summary: `${reason}. The rollback failed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      });
      return 'error';
    }
  }

  /** Stops a running experiment whose variant regressed against the primary. */
  private async watchExperiments(): Promise<number> {
    let stopped = 0;
    const running = await this.deps.experiments.listByStatus(['running']);
    for (const experiment of running) {
      try {
        const [primary, ...variants] = experiment.variants;
        const thresholds = {
          ...this.thresholdsFor(primary.name),
          ...experiment.guard,
        };
        const end = this.now();
        const start = new Date(
          Math.max(Date.parse(experiment.startedAt!), end.getTime() - 7 * DAY_MS),
        );
        if (end.getTime() - start.getTime() < thresholds.windowSeconds * 1000) {
          continue;
        }
        const totals = await this.deps.metrics.totals(
          experiment.variants.map(v => v.promptId),
          { start, end },
        );
        const base = totals.get(primary.promptId)!;
        for (const variant of variants) {
          const candidate = totals.get(variant.promptId)!;
          if (
            base.requests < thresholds.minRequests ||
            candidate.requests < thresholds.minRequests
          ) {
            continue;
          }
          const verdict = judge(base, candidate, thresholds);
          if (!verdict.regressed) continue;
          const entity = await this.deps.catalog.getEntityByRef(
            experiment.entityRef,
            { credentials: await this.deps.auth.getOwnServiceCredentials() },
          );
          if (!entity) break;
          await this.deps.experimentService.stop(
            { entity, actor: GUARD_ACTOR },
            experiment.primaryPromptId,
            experiment.id,
            `Guard: variant ${variant.name} regressed against ${primary.name}: ${verdict.findings.join('; ')}`,
            'guard-stop',
            { variant: variant.promptId },
          );
          stopped += 1;
          break;
        }
      } catch (error) {
        this.deps.logger.warn(
          `Guard could not check experiment ${experiment.id}: ${error}`,
        );
      }
    }
    return stopped;
  }
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof GenesysApiError &&
    (error.status === 0 || error.status === 429 || error.status >= 500)
  );
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const points = (value: number) => (value * 100).toFixed(1);
const ms = (value: number | null) =>
  value === null ? 'n/a' : `${Math.round(value).toLocaleString('en-US')} ms`;
const formatP = (p: number) => (p < 0.0001 ? '< 0.0001' : p.toFixed(4));
