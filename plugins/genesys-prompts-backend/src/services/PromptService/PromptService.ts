import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  getGenesysPromptNames,
  PromptDetailResponse,
  PromptListResponse,
  PromptSummary,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { GenesysApiError } from '../GenesysClient/errors';
import { VersionStore } from '../../database/VersionStore';
import { PromptValidator } from '../PromptValidator/PromptValidator';
import { definitionOf } from '../GenesysClient/definitions';
import { PromptCatalogue } from '../PromptCatalogue/PromptCatalogue';

/** The prompts a catalog entity owns, as read from Genesys. */
export class PromptService {
  constructor(
    private readonly gateway: GenesysPromptsGateway,
    private readonly catalogue: PromptCatalogue,
    private readonly versions: VersionStore,
    private readonly validator: PromptValidator,
  ) {}

  /** One row per annotated name; a name Genesys does not have is `notFound`. */
  async listEntityPrompts(entity: Entity): Promise<PromptListResponse> {
    const names = getGenesysPromptNames(entity);
    const upstream = await this.catalogue.byName(names);
    const items = await Promise.all(
      names.map(async (name): Promise<PromptSummary> => {
        const prompt = upstream.get(name);
        if (!prompt) {
          return { name, notFound: true };
        }
        const { budget } = await this.validator.validate(definitionOf(prompt));
        return {
          id: prompt.id,
          name: prompt.name,
          version: prompt.version,
          modelId: prompt.modelId,
          revision: prompt.revision,
          dateModified: prompt.dateModified,
          latestVersionNo: null,
          drift: false,
          budget: {
            total: budget.total,
            limit: budget.limit,
            fits: budget.fits,
            estimated: budget.estimated,
          },
        };
      }),
    );
    const found = items.flatMap(item => (item.notFound ? [] : [item.id]));
    const latest = new Map(
      (await this.versions.latestOfEach(found)).map(v => [v.promptId, v]),
    );
    return {
      items: items.map(item =>
        item.notFound
          ? item
          : {
              ...item,
              latestVersionNo: latest.get(item.id)?.versionNo ?? null,
              // Flagged until a change from the portal supersedes the drift.
              drift: latest.get(item.id)?.action === 'drift',
            },
      ),
    };
  }

  /** One prompt, only if the entity's annotation names it. */
  async getEntityPrompt(
    entity: Entity,
    promptId: string,
  ): Promise<PromptDetailResponse> {
    const notOwned = new NotFoundError(
      `No prompt ${promptId} is owned by ${stringifyEntityRef(entity)}`,
    );
    const names = getGenesysPromptNames(entity);
    if (names.length === 0) {
      throw notOwned;
    }
    let prompt;
    try {
      prompt = await this.gateway.getPrompt(promptId);
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 404) {
        throw notOwned;
      }
      throw error;
    }
    if (!names.includes(prompt.name)) {
      throw notOwned;
    }
    const latest = await this.versions.latest(prompt.id);
    return {
      prompt,
      validation: await this.validator.validate(definitionOf(prompt)),
      latestVersionNo: latest?.versionNo ?? null,
      drift: latest?.action === 'drift',
    };
  }
}
