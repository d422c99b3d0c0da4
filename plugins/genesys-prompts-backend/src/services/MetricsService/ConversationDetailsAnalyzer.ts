import {
  GenesysConversationDetailsResponse,
  LatencyHistogram,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsGateway } from '../GenesysClient/GenesysClient';

/** What the analysis keeps per prompt: counts and a fixed-size histogram. */
export interface PromptSample {
  requests: number;
  successes: number;
  tokens: number;
  latency: LatencyHistogram;
}

export interface DetailsAnalysis {
  samples: Map<string, PromptSample>;
  conversations: number;
  pages: number;
}

const PAGE_SIZE = 100;

/**
 * Reads every page of a conversation details query and folds each page into
 * per-prompt counts and latency histograms as it arrives, so memory stays
 * flat however many conversations there are. Pages follow `nextPageUri` when
 * the upstream gives one, else `pageNumber` against `totalHits`.
 */
export async function analyzeConversationDetails(
  gateway: GenesysPromptsGateway,
  request: { promptIds: string[]; start: Date; end: Date },
): Promise<DetailsAnalysis> {
  const samples = new Map<string, PromptSample>(
    request.promptIds.map(id => [id, emptySample()]),
  );
  const query = (pageNumber: number) => ({
    query: {
      view: 'ai_llm_gateway',
      interval: `${request.start.toISOString()}/${request.end.toISOString()}`,
      order: 'asc',
      paging: { pageSize: PAGE_SIZE, pageNumber },
      filters: [
        { filterType: 'string', type: 'aiPromptId', values: request.promptIds },
      ],
    },
  });
  let conversations = 0;
  let pages = 0;
  let page: GenesysConversationDetailsResponse =
    await gateway.queryConversationDetails(query(1));
  for (;;) {
    pages += 1;
    for (const conversation of page.conversations) {
      const sample = samples.get(conversation.aiPromptId);
      if (!sample) continue;
      conversations += 1;
      sample.requests += 1;
      if (conversation.aiSuccess) sample.successes += 1;
      sample.tokens += conversation.aiTokensUsed;
      sample.latency.add(conversation.aiLatency);
    }
    const lastPage =
      page.conversations.length === 0 ||
      (!page.nextPageUri && pages * PAGE_SIZE >= page.totalHits) ||
      // A guard against an upstream that never stops paging.
      pages > Math.ceil(page.totalHits / PAGE_SIZE);
    if (lastPage) break;
    page = await gateway.queryConversationDetails(
      page.nextPageUri ? { nextPageUri: page.nextPageUri } : query(pages + 1),
    );
  }
  return { samples, conversations, pages };
}

function emptySample(): PromptSample {
  return { requests: 0, successes: 0, tokens: 0, latency: new LatencyHistogram() };
}
