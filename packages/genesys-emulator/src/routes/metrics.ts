import { EmulatorContext } from '../context';
import { invalidValue } from '../errors';
import { checkBucketCount, parseGranularity, parseInterval } from '../interval';
import { RouteDefinition } from '../router';
import { MetricsResponse } from '../types';

const MAX_PROMPT_IDS = 100;

/**
 * Aggregated metrics per prompt and time bucket, from the same conversations
 * the details query returns. `granularity` takes any ISO 8601 duration of days
 * and time of at least a second (an emulator extension; see parseGranularity),
 * up to 10,000 buckets per prompt.
 */
export function metricsRoutes(ctx: EmulatorContext): RouteDefinition[] {
  return [
    {
      method: 'GET',
      template: '/api/v2/ai/llm/metrics',
      handler: ({ query }) => {
        const promptIds = [
          ...new Set(
            query
              .getAll('promptId')
              .flatMap(value => value.split(','))
              .map(id => id.trim())
              .filter(id => id !== ''),
          ),
        ];
        if (promptIds.length === 0 || promptIds.length > MAX_PROMPT_IDS) {
          throw invalidValue(
            `promptId must list 1 to ${MAX_PROMPT_IDS} prompt ids`,
            [
              {
                errorCode:
                  promptIds.length === 0
                    ? 'field.required'
                    : 'field.invalid.value',
                fieldName: 'promptId',
              },
            ],
          );
        }
        const { start, end } = parseInterval(
          query.get('interval') ?? undefined,
        );
        const step = parseGranularity(query.get('granularity'));
        checkBucketCount(start, end, step);
        const body: MetricsResponse = {
          results: ctx.traffic.metrics(start, end, step, promptIds),
        };
        return { status: 200, body };
      },
    },
  ];
}
