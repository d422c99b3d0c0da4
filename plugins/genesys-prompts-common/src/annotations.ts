import { Entity } from '@backstage/catalog-model';

/**
 * Annotation through which a catalog entity owns Genesys LLM prompts:
 * a comma-separated list of prompt names.
 *
 * @public
 */
export const GENESYS_PROMPTS_ANNOTATION = 'genesys.cloud/llm-prompts';

/**
 * The prompt names an entity owns, in annotation order, trimmed and without
 * empty entries or repeats.
 *
 * @public
 */
export function getGenesysPromptNames(entity: Entity): string[] {
  const value = entity.metadata.annotations?.[GENESYS_PROMPTS_ANNOTATION];
  if (!value) {
    return [];
  }
  const names = value
    .split(',')
    .map(name => name.trim())
    .filter(name => name.length > 0);
  return [...new Set(names)];
}

/**
 * True when the entity names at least one Genesys prompt in its annotation.
 *
 * @public
 */
export function isGenesysPromptsAvailable(entity: Entity): boolean {
  return getGenesysPromptNames(entity).length > 0;
}
