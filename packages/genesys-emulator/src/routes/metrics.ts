import { EmulatorContext } from '../context';
import { invalidValue } from '../errors';
import { formatInterval, parseGranularity, parseInterval } from '../interval';
import { RouteDefinition } from '../router';
import { aggregate } from '../traffic';
import { ConversationDetail, MetricsResponse } from '../types';

const MAX_PROMPT_IDS = 100;

/** Aggregated metrics per prompt and time bucket, from the same conversations the details query returns. */
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

        const byPrompt = new Map<string, ConversationDetail[]>(
          promptIds.map(id => [id, []]),
        );
        for (const conversation of ctx.traffic.conversations(
          start,
          end,
          new Set(promptIds),
        )) {
          byPrompt.get(conversation.aiPromptId)?.push(conversation);
        }

        const body: MetricsResponse = {
          results: promptIds.map(id => {
            const conversations = byPrompt.get(id)!;
            const data = [];
            let next = 0;
            for (
              let bucketStart = start;
              bucketStart < end;
              bucketStart += step
            ) {
              const bucketEnd = Math.min(bucketStart + step, end);
              const inBucket: ConversationDetail[] = [];
              // Conversations are sorted by start, so one forward pass buckets them.
              while (
                next < conversations.length &&
                Date.parse(conversations[next].conversationStart) < bucketEnd
              ) {
                inBucket.push(conversations[next]);
                next += 1;
              }
              data.push({
                interval: formatInterval(bucketStart, bucketEnd),
                metrics: aggregate(inBucket),
              });
            }
            return { group: { aiPromptId: id }, data };
          }),
        };
        return { status: 200, body };
      },
    },
  ];
}
