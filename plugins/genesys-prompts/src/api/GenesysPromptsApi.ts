import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditLogEntry,
  GenesysPromptDefinition,
  PagedResponse,
  PromptDetailResponse,
  PromptListResponse,
  PromptValidationReport,
  PromptVersionDetail,
  PromptVersionSummary,
  PromptWriteResponse,
  RollbackRequest,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/**
 * Body of an update: the whole new definition, the revision it was edited
 * from (a stale one is refused with 409) and an optional reason for the history.
 *
 * @public
 */
export interface UpdatePromptRequest extends GenesysPromptDefinition {
  /** The `revision` of the prompt as it was loaded into the editor. */
  expectedRevision: number;
  reason?: string;
}

/**
 * Paging of the history lists: `cursor` is a previous page's `nextCursor`.
 *
 * @public
 */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/**
 * Reads and changes the Genesys prompts a catalog entity owns, through the plugin's backend.
 *
 * @public
 */
export interface GenesysPromptsApi {
  /** The prompts the entity's annotation names; names Genesys lacks come back as `notFound`. */
  getEntityPrompts(entityRef: CompoundEntityRef): Promise<PromptListResponse>;
  /** One prompt the entity owns, with its local version and drift state. */
  getPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
  ): Promise<PromptDetailResponse>;
  /** Creates a prompt whose name the entity's annotation lists (201). */
  createPrompt(
    entityRef: CompoundEntityRef,
    definition: GenesysPromptDefinition,
  ): Promise<PromptWriteResponse>;
  /** Replaces a prompt's definition; a stale `expectedRevision` fails with 409. */
  updatePrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: UpdatePromptRequest,
  ): Promise<PromptWriteResponse>;
  /** Redeploys an earlier version as a new one (default: the version before the newest). */
  rollbackPrompt(
    entityRef: CompoundEntityRef,
    promptId: string,
    request: RollbackRequest,
  ): Promise<PromptWriteResponse>;
  /** The prompt's version history, newest first. */
  getPromptVersions(
    entityRef: CompoundEntityRef,
    promptId: string,
    page?: PageRequest,
  ): Promise<PagedResponse<PromptVersionSummary>>;
  /** One stored version with its full definition. */
  getPromptVersion(
    entityRef: CompoundEntityRef,
    promptId: string,
    versionNo: number,
  ): Promise<PromptVersionDetail>;
  /** The prompt's audit entries, newest first. */
  getPromptAudit(
    entityRef: CompoundEntityRef,
    promptId: string,
    page?: PageRequest,
  ): Promise<PagedResponse<AuditLogEntry>>;
  /** Dry run of the backend's validator (no writes, no upstream calls). */
  validatePrompt(definition: unknown): Promise<PromptValidationReport>;
}

/**
 * Utility API reference for {@link GenesysPromptsApi}.
 *
 * @public
 */
export const genesysPromptsApiRef = createApiRef<GenesysPromptsApi>({
  id: 'plugin.genesys-prompts.service',
});
