import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  AuditLogEntry,
  AuditVerifyResponse,
  getGenesysPromptNames,
  PagedResponse,
  PromptVersionDetail,
  PromptVersionSummary,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { AuditFilter, AuditStore } from '../../database/AuditStore';
import { PromptVersion, VersionStore } from '../../database/VersionStore';
import { GenesysApiError } from '../GenesysClient/errors';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';

/** Version history and the audit log, as the API shows them. */
export class HistoryService {
  constructor(
    private readonly deps: {
      gateway: GenesysPromptsGateway;
      versions: VersionStore;
      audit: AuditStore;
    },
  ) {}

  async listVersions(
    entity: Entity,
    promptId: string,
    page: { limit: number; cursor?: string },
  ): Promise<PagedResponse<PromptVersionSummary>> {
    await this.assertOwned(entity, promptId);
    const before = page.cursor === undefined ? undefined : Number(page.cursor);
    const versions = await this.deps.versions.list(promptId, {
      limit: page.limit + 1,
      before,
    });
    const items = versions.slice(0, page.limit).map(toSummary);
    return {
      items,
      nextCursor:
        versions.length > page.limit
          ? String(items[items.length - 1].versionNo)
          : undefined,
    };
  }

  async getVersion(
    entity: Entity,
    promptId: string,
    versionNo: number,
  ): Promise<PromptVersionDetail> {
    await this.assertOwned(entity, promptId);
    const version = await this.deps.versions.get(promptId, versionNo);
    if (!version) {
      throw new NotFoundError(`Prompt ${promptId} has no version ${versionNo}`);
    }
    return toDetail(version);
  }

  /** One prompt's audit entries (readable by whoever may read the prompt). */
  async listPromptAudit(
    entity: Entity,
    promptId: string,
    page: { limit: number; cursor?: string },
  ): Promise<PagedResponse<AuditLogEntry>> {
    await this.assertOwned(entity, promptId);
    return this.listAudit({ promptId }, page);
  }

  async listAudit(
    filter: Omit<AuditFilter, 'beforeSeq'>,
    page: { limit: number; cursor?: string },
  ): Promise<PagedResponse<AuditLogEntry>> {
    const beforeSeq = page.cursor === undefined ? undefined : Number(page.cursor);
    const entries = await this.deps.audit.list(
      { ...filter, beforeSeq },
      page.limit + 1,
    );
    const items = entries.slice(0, page.limit);
    return {
      items,
      nextCursor:
        entries.length > page.limit ? String(items[items.length - 1].seq) : undefined,
    };
  }

  /** Every matching entry, oldest first, in batches (exports). */
  streamAudit(
    filter: Omit<AuditFilter, 'beforeSeq'>,
  ): AsyncIterable<AuditLogEntry[]> {
    return this.deps.audit.stream(filter);
  }

  verifyAudit(): Promise<AuditVerifyResponse> {
    return this.deps.audit.verify();
  }

  /**
   * 404 unless the entity's annotation names the prompt: by its recorded
   * name, or (no history yet) by asking Genesys.
   */
  private async assertOwned(entity: Entity, promptId: string): Promise<void> {
    const names = getGenesysPromptNames(entity);
    const notOwned = new NotFoundError(
      `No prompt ${promptId} is owned by ${stringifyEntityRef(entity)}`,
    );
    const latest = await this.deps.versions.latest(promptId);
    if (latest) {
      if (!names.includes(latest.promptName)) throw notOwned;
      return;
    }
    try {
      const prompt = await this.deps.gateway.getPrompt(promptId);
      if (!names.includes(prompt.name)) throw notOwned;
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 404) {
        throw notOwned;
      }
      throw error;
    }
  }
}

/** The API's view of a stored version. */
export function toSummary(version: PromptVersion): PromptVersionSummary {
  return {
    versionNo: version.versionNo,
    action: version.action,
    actor: version.actor,
    reason: version.reason,
    versionLabel: version.versionLabel,
    revision: version.revision,
    contentHash: version.contentHash,
    sourceVersionNo: version.sourceVersionNo,
    createdAt: version.createdAt,
  };
}

export function toDetail(version: PromptVersion): PromptVersionDetail {
  return { ...toSummary(version), definition: version.definition };
}
