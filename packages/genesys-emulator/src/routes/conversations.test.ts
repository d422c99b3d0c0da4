import { demoPromptId, RunningEmulator, startEmulator } from '../index';
import {
  isoInterval,
  PAST_DAY,
  promptDefinition,
  TestClient,
} from '../testing/harness';
import {
  ConversationDetail,
  ConversationDetailsResponse,
  MetricsResponse,
} from '../types';

const QUERY = '/api/v2/analytics/conversations/details/query';
const primary = demoPromptId('customer-support-assistant');
const concise = demoPromptId('customer-support-assistant-concise');

const query = (
  paging: { pageSize: number; pageNumber: number },
  ids = [primary, concise],
  interval = PAST_DAY,
) => ({
  interval,
  order: 'asc',
  view: 'ai_llm_gateway',
  paging,
  segmentFilters: [],
  filters: [{ filterType: 'string', type: 'aiPromptId', values: ids }],
});

describe('conversation details', () => {
  let emulator: RunningEmulator;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      rateLimit: { allowed: 10_000, windowSeconds: 60 },
    });
    client = await TestClient.connect(emulator.url);
  });
  afterAll(() => emulator.close());

  async function walkByNextPageUri(
    pageSize: number,
    method: 'POST' | 'GET' = 'POST',
  ) {
    const first = await client.post<ConversationDetailsResponse>(
      QUERY,
      query({ pageSize, pageNumber: 1 }),
    );
    expect(first.status).toBe(200);
    const conversations = [...first.body.conversations];
    let next = first.body.nextPageUri;
    let pages = 1;
    while (next) {
      expect(next.startsWith(`${QUERY}?`)).toBe(true);
      const page =
        method === 'POST'
          ? await client.post(next, {})
          : await client.get(next);
      expect(page.status).toBe(200);
      expect(page.body.totalHits).toBe(first.body.totalHits);
      conversations.push(...page.body.conversations);
      next = page.body.nextPageUri;
      pages += 1;
    }
    return { conversations, totalHits: first.body.totalHits, pages };
  }

  it('returns conversations in the contract shape', async () => {
    const { body } = await client.post<ConversationDetailsResponse>(
      QUERY,
      query({ pageSize: 5, pageNumber: 1 }),
    );
    expect(body.conversations).toHaveLength(5);
    for (const conversation of body.conversations) {
      expect(conversation).toEqual({
        conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        conversationStart: expect.stringMatching(/^2025-09-16T/),
        aiPromptId: expect.stringMatching(
          new RegExp(`^(${primary}|${concise})$`),
        ),
        aiLatency: expect.any(Number),
        aiTokensUsed: expect.any(Number),
        aiSuccess: expect.any(Boolean),
      });
    }
  });

  it('walks every page via nextPageUri (POST or GET), and via pageNumber against totalHits', async () => {
    const viaUri = await walkByNextPageUri(100);
    expect(viaUri.totalHits).toBeGreaterThan(200);
    expect(viaUri.conversations).toHaveLength(viaUri.totalHits);
    expect(viaUri.pages).toBe(Math.ceil(viaUri.totalHits / 100));
    expect(new Set(viaUri.conversations.map(c => c.conversationId)).size).toBe(
      viaUri.totalHits,
    );
    const starts = viaUri.conversations.map(c => c.conversationStart);
    expect([...starts].sort()).toEqual(starts);

    expect((await walkByNextPageUri(100, 'GET')).conversations).toEqual(
      viaUri.conversations,
    );

    const viaNumber: ConversationDetail[] = [];
    const pageSize = 37;
    for (
      let pageNumber = 1;
      (pageNumber - 1) * pageSize < viaUri.totalHits;
      pageNumber++
    ) {
      const page = await client.post<ConversationDetailsResponse>(
        QUERY,
        query({ pageSize, pageNumber }),
      );
      viaNumber.push(...page.body.conversations);
      const isLast = pageNumber * pageSize >= viaUri.totalHits;
      expect(page.body.nextPageUri === undefined).toBe(isLast);
    }
    expect(viaNumber).toEqual(viaUri.conversations);
  });

  it('agrees with the metrics over the same interval, bucket by bucket', async () => {
    const { conversations } = await walkByNextPageUri(100);
    const metrics = await client.get<MetricsResponse>(
      `/api/v2/ai/llm/metrics?promptId=${primary},${concise}&interval=${PAST_DAY}&granularity=PT1H`,
    );
    for (const result of metrics.body.results) {
      for (const bucket of result.data) {
        const [from, to] = bucket.interval.split('/');
        const mine = conversations.filter(
          c =>
            c.aiPromptId === result.group.aiPromptId &&
            c.conversationStart >= from &&
            c.conversationStart < to,
        );
        const stats = Object.fromEntries(
          bucket.metrics.map(m => [m.metric, m.stats]),
        );
        expect(stats.nAiRequests.count).toBe(mine.length);
        expect(stats.nAiErrors.count).toBe(
          mine.filter(c => !c.aiSuccess).length,
        );
        expect(stats.tAiLatency.sum).toBe(
          mine.reduce((s, c) => s + c.aiLatency, 0),
        );
        expect(stats.nAiTokens.sum).toBe(
          mine.reduce((s, c) => s + c.aiTokensUsed, 0),
        );
        expect(stats.tAiLatency.max).toBe(
          mine.length > 0 ? Math.max(...mine.map(c => c.aiLatency)) : undefined,
        );
      }
    }
    const totalRequests = metrics.body.results
      .flatMap(r => r.data)
      .reduce((sum, bucket) => sum + bucket.metrics[0].stats.count!, 0);
    expect(totalRequests).toBe(conversations.length);
  });

  it('filters by aiPromptId and covers every prompt without a filter', async () => {
    const onlyConcise = await client.post(
      QUERY,
      query({ pageSize: 100, pageNumber: 1 }, [concise]),
    );
    expect(
      onlyConcise.body.conversations.every(
        (c: ConversationDetail) => c.aiPromptId === concise,
      ),
    ).toBe(true);
    const both = await client.post(
      QUERY,
      query({ pageSize: 1, pageNumber: 1 }),
    );
    const all = await client.post(QUERY, { interval: PAST_DAY });
    expect(all.body.totalHits).toBeGreaterThan(both.body.totalHits);
    expect(all.body.conversations).toHaveLength(25);
  });

  it('orders newest first with order desc', async () => {
    const { body } = await client.post(QUERY, {
      ...query({ pageSize: 10, pageNumber: 1 }),
      order: 'desc',
    });
    const starts = body.conversations.map(
      (c: ConversationDetail) => c.conversationStart,
    );
    expect([...starts].sort().reverse()).toEqual(starts);
  });

  it.each([
    [
      'pageSize over 100',
      query({ pageSize: 101, pageNumber: 1 }),
      'paging.pageSize',
    ],
    [
      'pageNumber 0',
      query({ pageSize: 10, pageNumber: 0 }),
      'paging.pageNumber',
    ],
    ['no interval', { paging: { pageSize: 10, pageNumber: 1 } }, 'interval'],
    [
      'an unknown filter type',
      { interval: PAST_DAY, filters: [{ type: 'queueId', values: [] }] },
      'filters[0].type',
    ],
  ])('answers 400 for %s', async (_, body, fieldName) => {
    const response = await client.post(QUERY, body);
    expect(response.status).toBe(400);
    expect(
      response.body.details.map((d: { fieldName: string }) => d.fieldName),
    ).toContain(fieldName);
  });

  it('answers 400 for a forged cursor', async () => {
    const response = await client.post(`${QUERY}?cursor=bm9wZQ`, {});
    expect(response.status).toBe(400);
  });
});

describe('conversation details at high traffic', () => {
  let emulator: RunningEmulator;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      rateLimit: { allowed: 100_000, windowSeconds: 60 },
    });
    client = await TestClient.connect(emulator.url);
  });
  afterAll(() => emulator.close());

  it('pages through ~120,000 conversations of an interval ending in the future without shifting or repeating', async () => {
    const id = (await client.post('/api/v2/ai/llm/prompts', promptDefinition()))
      .body.id;
    const startsAt = Date.now() - 60_000;
    emulator.mergeTraffic({
      prompts: {
        [id]: {
          ratePerSecond: 2000,
          startsAt: new Date(startsAt).toISOString(),
        },
      },
    });
    // Ends a minute from now, like a dashboard's "last hour" that includes the present.
    const interval = isoInterval(startsAt, Date.now() + 60_000);
    const body = (pageNumber: number) => ({
      ...query({ pageSize: 100, pageNumber }, [id], interval),
    });

    const timings: string[] = [];
    let started = Date.now();
    const byNumber: ConversationDetail[] = [];
    let totalHits = -1;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await client.post<ConversationDetailsResponse>(
        QUERY,
        body(pageNumber),
      );
      expect(page.status).toBe(200);
      if (totalHits === -1) totalHits = page.body.totalHits;
      expect(page.body.totalHits).toBe(totalHits);
      byNumber.push(...page.body.conversations);
      if (pageNumber * 100 >= totalHits) break;
    }
    timings.push(
      `${Math.ceil(totalHits / 100)} pages by pageNumber: ${
        Date.now() - started
      } ms`,
    );
    expect(totalHits).toBeGreaterThan(110_000);
    expect(totalHits).toBeLessThan(140_000);
    expect(byNumber).toHaveLength(totalHits);
    expect(new Set(byNumber.map(c => c.conversationId)).size).toBe(totalHits);
    expect(
      byNumber.findIndex(
        (c, i) =>
          i > 0 && c.conversationStart < byNumber[i - 1].conversationStart,
      ),
    ).toBe(-1);

    started = Date.now();
    const first = await client.post<ConversationDetailsResponse>(
      QUERY,
      body(1),
    );
    const byCursor = [...first.body.conversations];
    let next = first.body.nextPageUri;
    let pages = 1;
    while (next) {
      const page = await client.post<ConversationDetailsResponse>(next, {});
      expect(page.status).toBe(200);
      expect(page.body.totalHits).toBe(first.body.totalHits);
      byCursor.push(...page.body.conversations);
      next = page.body.nextPageUri;
      pages += 1;
    }
    timings.push(`${pages} pages by nextPageUri: ${Date.now() - started} ms`);
    expect(byCursor).toHaveLength(first.body.totalHits);
    expect(pages).toBe(Math.ceil(first.body.totalHits / 100));
    expect(new Set(byCursor.map(c => c.conversationId)).size).toBe(
      byCursor.length,
    );
    // The second walk began later, so it may hold newer conversations, but
    // only after everything the first walk saw: history is never rewritten.
    expect(byCursor.length).toBeGreaterThanOrEqual(totalHits);
    expect(
      byNumber.findIndex(
        (c, i) => JSON.stringify(c) !== JSON.stringify(byCursor[i]),
      ),
    ).toBe(-1);
    console.log(`Details paging at 2,000/s: ${timings.join('; ')}`);
  }, 120_000);
});
