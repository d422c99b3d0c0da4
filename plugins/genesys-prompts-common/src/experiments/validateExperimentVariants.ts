/** Fewest variants an experiment can have (the primary and one other). @public */
export const MIN_EXPERIMENT_VARIANTS = 2;

/** Most variants the gateway's routing accepts. @public */
export const MAX_EXPERIMENT_VARIANTS = 5;

/** The sum the weights of an experiment's variants must have. @public */
export const EXPERIMENT_WEIGHT_TOTAL = 100;

/**
 * A problem with an experiment's variants. `field` is a path into the
 * request body (`variants`, `variants[2].weight`, `variants[0].promptId`).
 * @public
 */
export interface ExperimentVariantIssue {
  field: string;
  message: string;
}

/** What the variants are checked against. @public */
export interface ExperimentVariantContext {
  /** The prompt whose routing splits the traffic: must be variants[0]. */
  primaryPromptId: string;
  /** The prompts the same entity owns: every variant must be one of them. */
  ownedPromptIds: readonly string[];
}

/** A variant as it arrives from a form or a request body, unchecked. @public */
export interface UncheckedExperimentVariant {
  promptId: unknown;
  weight: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function countIssues(count: number): ExperimentVariantIssue[] {
  if (count < MIN_EXPERIMENT_VARIANTS) {
    return [
      {
        field: 'variants',
        message: `An experiment needs at least ${MIN_EXPERIMENT_VARIANTS} variants; it has ${count}.`,
      },
    ];
  }
  if (count > MAX_EXPERIMENT_VARIANTS) {
    return [
      {
        field: 'variants',
        message: `An experiment can have at most ${MAX_EXPERIMENT_VARIANTS} variants; it has ${count}.`,
      },
    ];
  }
  return [];
}

function promptIdIssue(
  promptId: unknown,
  index: number,
  firstIndexOf: Map<string, number>,
  owned: ReadonlySet<string>,
): string | undefined {
  if (typeof promptId !== 'string' || promptId.trim() === '') {
    return 'Choose a prompt for this variant.';
  }
  const first = firstIndexOf.get(promptId);
  if (first !== undefined && first !== index) {
    return `Prompt ${promptId} is already variant ${
      first + 1
    }; each prompt can be listed once.`;
  }
  if (!owned.has(promptId)) {
    return `Prompt ${promptId} is not one of this entity's prompts.`;
  }
  return undefined;
}

function weightIssue(weight: unknown): string | undefined {
  const valid =
    typeof weight === 'number' &&
    Number.isInteger(weight) &&
    weight >= 0 &&
    weight <= EXPERIMENT_WEIGHT_TOTAL;
  return valid
    ? undefined
    : `A weight must be a whole number from 0 to ${EXPERIMENT_WEIGHT_TOTAL}, not ${String(
        weight,
      )}.`;
}

/**
 * Checks an experiment's variants, for the browser's weight editor and for
 * the backend (which answers 400 with the issues). No issues means valid.
 *
 * Rules: 2 to 5 variants; each `promptId` a non-empty string, listed once,
 * and one of the entity's own prompts; the primary listed first; each
 * `weight` an integer from 0 to 100; the weights summing to exactly 100
 * (checked once every weight is itself valid, and the message gives the
 * actual sum).
 *
 * @public
 */
export function validateExperimentVariants(
  variants: ReadonlyArray<UncheckedExperimentVariant>,
  context: ExperimentVariantContext,
): ExperimentVariantIssue[] {
  if (!Array.isArray(variants)) {
    return [{ field: 'variants', message: 'Variants must be a list.' }];
  }
  const issues = countIssues(variants.length);
  const owned = new Set(context.ownedPromptIds);
  const firstIndexOf = new Map<string, number>();
  variants.forEach((variant, index) => {
    const promptId = isObject(variant) ? variant.promptId : undefined;
    if (typeof promptId === 'string' && !firstIndexOf.has(promptId)) {
      firstIndexOf.set(promptId, index);
    }
  });

  let allWeightsValid = true;
  let weightSum = 0;
  variants.forEach((variant, index) => {
    const { promptId, weight } = isObject(variant)
      ? variant
      : { promptId: undefined, weight: undefined };
    const promptProblem = promptIdIssue(promptId, index, firstIndexOf, owned);
    if (promptProblem) {
      issues.push({
        field: `variants[${index}].promptId`,
        message: promptProblem,
      });
    }
    const weightProblem = weightIssue(weight);
    if (weightProblem) {
      allWeightsValid = false;
      issues.push({
        field: `variants[${index}].weight`,
        message: weightProblem,
      });
    } else {
      weightSum += weight as number;
    }
  });

  const first = isObject(variants[0]) ? variants[0].promptId : undefined;
  if (variants.length > 0 && first !== context.primaryPromptId) {
    const listedAt = firstIndexOf.get(context.primaryPromptId);
    issues.push({
      field: 'variants[0].promptId',
      message:
        listedAt === undefined
          ? `The primary prompt ${context.primaryPromptId} must be the first variant; it is not listed.`
          : `The primary prompt ${
              context.primaryPromptId
            } must be the first variant, not variant ${listedAt + 1}.`,
    });
  }

  if (
    allWeightsValid &&
    variants.length > 0 &&
    weightSum !== EXPERIMENT_WEIGHT_TOTAL
  ) {
    issues.push({
      field: 'variants',
      message: `The weights must add up to ${EXPERIMENT_WEIGHT_TOTAL}; they add up to ${weightSum}.`,
    });
  }
  return issues;
}
