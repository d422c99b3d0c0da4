import { z } from 'zod';

/**
 * Request shapes of the REST API: JSON types and sizes, unknown fields
 * refused. What the values mean (variable types, sources, names, budgets) is
 * the shared validator's to say, with rule codes and positions.
 */

// Version numbers and revisions live in 32-bit integer columns.
const INT32_MAX = 2_147_483_647;
const int32 = z.number().int().positive().max(INT32_MAX);

// Text every database stores unchanged: PostgreSQL refuses NUL, and an
// unpaired surrogate would be stored as U+FFFD (the audit would disagree).
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine(value => !UNSAFE_TEXT.test(value), {
      message: 'must not contain NUL characters or unpaired surrogates',
    });
const reasonText = safeText(2000).pipe(z.string().trim().min(1, 'a reason is required'));

export const entityParams = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(63),
  name: z.string().min(1).max(253),
});

export const promptParams = z.object({
  promptId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, - or _'),
});

const variable = z
  .object({
    name: z.string().max(128),
    type: z.string().max(32),
    required: z.boolean().default(false),
    defaultValue: z.string().max(10_000).optional(),
  })
  .strict();

const contextRule = z
  .object({
    source: z.string().max(64),
    maxTokens: z.number(),
    injectionPoint: z.string().max(32),
  })
  .strict();

const definitionFields = {
  name: z.string().min(1).max(256),
  version: z.string().min(1).max(128),
  template: z.string().max(1_000_000),
  variables: z.array(variable).max(200).default([]),
  contextRules: z.array(contextRule).max(50).default([]),
  modelId: z.string().min(1).max(128),
  maxTokens: z.number(),
};

export const createPromptBody = z.object(definitionFields).strict();

/** A definition as the request gave it, before the validator has checked it. */
export type DefinitionInput = z.infer<typeof createPromptBody>;

export const updatePromptBody = z
  .object({
    ...definitionFields,
    expectedRevision: int32,
    reason: reasonText.optional(),
  })
  .strict();

export const versionParams = z.object({
  versionNo: z.coerce.number().pipe(int32),
});

export const rollbackBody = z
  .object({
    toVersion: int32.optional(),
    reason: z.string({ required_error: 'a reason is required' }).pipe(reasonText),
  })
  .strict();

// Cursors are version numbers or audit sequence numbers.
const cursor = z
  .string()
  .regex(/^\d{1,10}$/, 'not a cursor from this API')
  .refine(value => Number(value) <= INT32_MAX, 'not a cursor from this API');

export const pageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: cursor.optional(),
  })
  .strict();

const isoTime = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO-8601 time' })
  .transform(value => new Date(value).toISOString());

export const auditQuery = pageQuery
  .extend({
    promptId: safeText(128).optional(),
    entityRef: safeText(512).optional(),
    action: safeText(32).optional(),
    actor: safeText(512).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .strict();

export const metricsQuery = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    granularity: z.enum(['PT15M', 'PT1H', 'P1D']).optional(),
  })
  .strict();

export const resultsQuery = z
  .object({ from: isoTime.optional(), to: isoTime.optional() })
  .strict();

export const experimentParams = z.object({
  experimentId: z.string().uuid('not an experiment id'),
});

/** Guard overrides: the same bounds as in config. */
const guardOverrides = z
  .object({
    maxSuccessRateDrop: z.number().min(0).max(1),
    maxP95LatencyIncrease: z.number().min(0).max(100),
    maxErrorRate: z.number().min(0).max(1),
    minRequests: z.number().int().min(1).max(1e9),
    windowSeconds: z.number().int().min(1).max(7 * 86400),
  })
  .partial()
  .strict();

// Types and sizes only; the shared rules (2–5, owned, sum 100) say the rest.
export const createExperimentBody = z
  .object({
    variants: z
      .array(
        z
          .object({
            promptId: z.string().min(1).max(128),
            weight: z.number(),
          })
          .strict(),
      )
      .max(20),
    guard: guardOverrides.optional(),
  })
  .strict();

/** A body that must carry nothing (start). */
export const emptyBody = z.object({}).strict();

export const stopExperimentBody = z
  .object({ reason: reasonText.optional() })
  .strict();

export const promoteExperimentBody = z
  .object({
    promptId: z.string().min(1).max(128),
    reason: z.string({ required_error: 'a reason is required' }).pipe(reasonText),
  })
  .strict();

export const exportPromptBody = z
  .object({
    target: z
      .string({ required_error: 'the name of a configured export target is required' })
      .min(1)
      .max(64),
  })
  .strict();

export const auditExportQuery = auditQuery
  .omit({ limit: true, cursor: true })
  .extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') })
  .strict();
