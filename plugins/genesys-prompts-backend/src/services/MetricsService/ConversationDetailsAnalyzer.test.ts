import { startEmulator, RunningEmulator, demoPromptId } from '@genesys-prompts/genesys-emulator';
import { emulatorConnection } from '../../testing/emulatorConnection';
import { LlmGatewayClient, GenesysPromptsGateway } from '../GenesysClient/GenesysClient';
import { readResilienceConfig } from '../../config';
import { ConfigReader } from '@backstage/config';
import { analyzeConversationDetails } from './ConversationDetailsAnalyzer';

const PROMPT = demoPromptId('escalation-detector');

describe('analyzeConversationDetails', () => {
  let emulator: RunningEmulator;
  let gateway: LlmGatewayClient;
  const end = new Date(Date.now() - 1000);
  const start = new Date(end.getTime() - 10_000);

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: { allowed: 100_000, windowSeconds: 60 } });
    emulator.setTraffic({
      prompts: {
        [PROMPT]: { ratePerSecond: 250, startsAt: new Date(start.getTime() - 5000).toISOString() },
      },
    });
    gateway = new LlmGatewayClient(
      emulatorConnection(emulator),
      readResilienceConfig(
        new ConfigReader({ genesysPrompts: { rateLimit: { requestsPerMinute: 100_000 } } }),
      ),
    );
  });
  afterAll(() => emulator.close());

  /** What the upstream holds for the interval, read page by page without aggregation. */
  async function everyConversation() {
    const all = [];
    let page = await gateway.queryConversationDetails({
      query: {
        interval: `${start.toISOString()}/${end.toISOString()}`,
        paging: { pageSize: 100, pageNumber: 1 },
        filters: [{ filterType: 'string', type: 'aiPromptId', values: [PROMPT] }],
      },
    });
    all.push(...page.conversations);
    while (page.nextPageUri) {
      page = await gateway.queryConversationDetails({ nextPageUri: page.nextPageUri });
      all.push(...page.conversations);
    }
    return all;
  }

  it('reads every page by nextPageUri and folds them into counts and a histogram', async () => {
    const expected = await everyConversation();
    expect(expected.length).toBeGreaterThan(2000);
    emulator.clearRequestLog();
    const analysis = await analyzeConversationDetails(gateway, {
      promptIds: [PROMPT],
      start,
      end,
    });
    const sample = analysis.samples.get(PROMPT)!;
    expect(analysis.conversations).toBe(expected.length);
    expect(analysis.pages).toBe(Math.ceil(expected.length / 100));
    expect(sample.requests).toBe(expected.length);
    expect(sample.successes).toBe(expected.filter(c => c.aiSuccess).length);
    expect(sample.tokens).toBe(expected.reduce((sum, c) => sum + c.aiTokensUsed, 0));
    expect(sample.latency.count).toBe(expected.length);
    const sorted = expected.map(c => c.aiLatency).sort((a, b) => a - b);
    const median = sorted[Math.ceil(sorted.length / 2) - 1];
    expect(sample.latency.quantile(0.5)).toBeGreaterThan(median * 0.97);
    expect(sample.latency.quantile(0.5)).toBeLessThan(median * 1.03);
    const log = emulator.requestLog().counts;
    expect(
      (log['POST /api/v2/analytics/conversations/details/query']?.['200'] ?? 0) +
        (log['GET /api/v2/analytics/conversations/details/query']?.['200'] ?? 0),
    ).toBe(analysis.pages);
  });

  it('pages by pageNumber against totalHits when the upstream gives no nextPageUri', async () => {
    const expected = await everyConversation();
    // The real API: no nextPageUri, only totalHits.
    const withoutNextPage: GenesysPromptsGateway = Object.create(gateway);
    withoutNextPage.queryConversationDetails = async page => {
      const { nextPageUri, ...rest } = await gateway.queryConversationDetails(page);
      expect('nextPageUri' in page).toBe(false);
      return rest;
    };
    const analysis = await analyzeConversationDetails(withoutNextPage, {
      promptIds: [PROMPT],
      start,
      end,
    });
    expect(analysis.conversations).toBe(expected.length);
    expect(analysis.samples.get(PROMPT)!.successes).toBe(
      expected.filter(c => c.aiSuccess).length,
    );
  });

  it('refuses a nextPageUri that is not a path of the details query', async () => {
    await expect(
      gateway.queryConversationDetails({ nextPageUri: 'https://elsewhere.example/steal' }),
    ).rejects.toThrow(/not a path of the details query/);
  });
});
