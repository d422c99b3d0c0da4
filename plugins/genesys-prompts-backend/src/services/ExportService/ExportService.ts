import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ExportPromptResponse,
  ExportTargetSummary,
  PromptHistoryExport,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { ExportTarget, ResilienceConfig } from '../../config';
import { AuditStore } from '../../database/AuditStore';
import { VersionStore } from '../../database/VersionStore';
import { toDetail } from '../HistoryService/HistoryService';
import { PromptService } from '../PromptService/PromptService';
import { exportPayload } from './exportFormats';
import { postToTarget } from './ExportTargetClient';

const HISTORY_PAGE = 500;

/**
 * Exports prompt metadata to targets an admin configured (never to a URL a
 * request names), and the full history of one prompt as a download.
 */
export class ExportService {
  private readonly targets: Map<string, ExportTarget>;

  constructor(
    private readonly deps: {
      targets: ExportTarget[];
      prompts: PromptService;
      versions: VersionStore;
      audit: AuditStore;
      resilience: ResilienceConfig;
    },
  ) {
    this.targets = new Map(deps.targets.map(target => [target.name, target]));
  }

  /** Names and formats only: URLs and headers stay on the server. */
  listTargets(): ExportTargetSummary[] {
    return [...this.targets.values()].map(({ name, format }) => ({
      name,
      format,
    }));
  }

  async exportPrompt(
    context: { entity: Entity; actor: string },
    promptId: string,
    targetName: string,
  ): Promise<ExportPromptResponse> {
    const target = this.targets.get(targetName);
    if (!target) {
      throw new InputError(
        `target: no export target named '${targetName}' is configured (genesysPrompts.exportTargets)`,
      );
    }
    const { prompt, latestVersionNo } = await this.deps.prompts.getEntityPrompt(
      context.entity,
      promptId,
    );
    const entityRef = stringifyEntityRef(context.entity);
    const exportedAt = new Date().toISOString();
    const payload = exportPayload(target.format, {
      prompt,
      entityRef,
      latestVersionNo,
      targetName: target.name,
      exportedAt,
    });
    const recorded = {
      promptId: prompt.id,
      entityRef,
      actor: context.actor,
    };
    // The audit names the target, never its URL or headers.
    const details = {
      promptName: prompt.name,
      target: target.name,
      format: target.format,
      revision: prompt.revision,
      versionNo: latestVersionNo ?? undefined,
    };
    try {
      const status = await postToTarget(target, payload, this.deps.resilience);
      await this.deps.audit.appendAlone({
        ...recorded,
        action: 'export',
        outcome: 'success',
        details: { ...details, status },
      });
      return { target: target.name, format: target.format, status, exportedAt };
    } catch (error) {
      await this.deps.audit.appendAlone({
        ...recorded,
        action: 'export',
        outcome: 'failure',
        details: {
          ...details,
          error: error instanceof Error ? error.message : String(error),
        },
      });
      throw error;
    }
  }

  /** Every stored version of one prompt the entity owns, oldest first. */
  async promptHistory(
    entity: Entity,
    promptId: string,
  ): Promise<PromptHistoryExport> {
    const { prompt } = await this.deps.prompts.getEntityPrompt(
      entity,
      promptId,
    );
    const newestFirst = [];
    let before: number | undefined;
    for (;;) {
      const page = await this.deps.versions.list(promptId, {
        limit: HISTORY_PAGE,
        before,
      });
      newestFirst.push(...page);
      if (page.length < HISTORY_PAGE) break;
      before = page[page.length - 1].versionNo;
    }
    return {
      promptId: prompt.id,
      promptName: prompt.name,
      entityRef: stringifyEntityRef(entity),
      exportedAt: new Date().toISOString(),
      versions: newestFirst.reverse().map(toDetail),
    };
  }
}
