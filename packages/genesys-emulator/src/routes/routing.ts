import { EmulatorContext } from '../context';
import { conflict, invalidValue, notFound } from '../errors';
import { parseJsonObject } from '../http';
import { PROMPTS_PATH } from '../promptStore';
import { RouteDefinition } from '../router';
import { ErrorDetail, RoutingVariant } from '../types';
import { readRevision } from './prompts';

const MIN_VARIANTS = 2;
const MAX_VARIANTS = 5;

/** A/B routing on a primary prompt: read, and replace with validation. */
export function routingRoutes(ctx: EmulatorContext): RouteDefinition[] {
  const existing = (id: string) => {
    const prompt = ctx.prompts.get(id);
    if (!prompt) throw notFound(`Prompt ${id} was not found`);
    return prompt;
  };
  return [
    {
      method: 'GET',
      template: `${PROMPTS_PATH}/{id}/routing`,
      handler: ({ params }) => ({
        status: 200,
        body: ctx.routing.get(existing(params.id)),
      }),
    },
    {
      method: 'PUT',
      template: `${PROMPTS_PATH}/{id}/routing`,
      handler: ({ params, rawBody }) => {
        const primary = existing(params.id);
        const body = parseJsonObject(rawBody);
        const revision = readRevision(body.revision);
        const variants = validateVariants(body.variants, primary.id, id =>
          ctx.prompts.has(id),
        );
        const current = ctx.routing.get(primary);
        if (revision !== undefined && revision !== current.revision) {
          throw conflict(
            `Routing revision [${revision}] does not match the current revision [${current.revision}]`,
            {
              revision: String(revision),
              currentRevision: String(current.revision),
            },
          );
        }
        return { status: 200, body: ctx.routing.set(primary, variants) };
      },
    },
  ];
}

/**
 * 2–5 variants with integer weights 0–100 summing to 100, each an existing,
 * distinct prompt; or the "no experiment" shape: the primary alone at 100.
 */
function validateVariants(
  value: unknown,
  primaryId: string,
  exists: (id: string) => boolean,
): RoutingVariant[] {
  const details: ErrorDetail[] = [];
  const problem = (errorCode: string, fieldName: string) =>
    details.push({ errorCode, fieldName });
  if (!Array.isArray(value)) {
    problem(
      value === undefined ? 'field.required' : 'field.invalid.type',
      'variants',
    );
    throw invalidValue('variants must be an array', details);
  }
  const variants: RoutingVariant[] = [];
  const seen = new Set<string>();
  value.forEach((item: unknown, index) => {
    const at = `variants[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problem('field.invalid.type', at);
      return;
    }
    const { promptId, weight } = item as Record<string, unknown>;
    if (typeof promptId !== 'string' || promptId === '') {
      problem(
        promptId === undefined ? 'field.required' : 'field.invalid.type',
        `${at}.promptId`,
      );
    } else if (seen.has(promptId)) {
      problem('field.duplicate', `${at}.promptId`);
    } else if (!exists(promptId)) {
      problem('prompt.not.found', `${at}.promptId`);
    }
    if (typeof promptId === 'string') seen.add(promptId);
    if (weight === undefined) {
      problem('field.required', `${at}.weight`);
    } else if (
      !Number.isInteger(weight) ||
      (weight as number) < 0 ||
      (weight as number) > 100
    ) {
      problem('field.invalid.value', `${at}.weight`);
    }
    variants.push({ promptId: promptId as string, weight: weight as number });
  });
  const stopShape =
    variants.length === 1 &&
    variants[0].promptId === primaryId &&
    variants[0].weight === 100;
  if (
    !stopShape &&
    (variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS)
  ) {
    problem('field.invalid.value', 'variants');
  }
  if (details.length === 0) {
    const sum = variants.reduce((total, variant) => total + variant.weight, 0);
    if (sum !== 100) {
      problem('weights.sum.invalid', 'variants');
      throw invalidValue(`Variant weights sum to [${sum}], not 100`, details, {
        sum: String(sum),
      });
    }
  }
  if (details.length > 0) {
    throw invalidValue(
      'Routing needs 2 to 5 distinct existing prompts with integer weights 0-100 summing to 100 (or the primary alone at 100)',
      details,
    );
  }
  return variants;
}
