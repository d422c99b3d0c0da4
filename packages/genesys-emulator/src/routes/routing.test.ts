import { demoPromptId, RunningEmulator, startEmulator } from '../index';
import { promptDefinition, TestClient } from '../testing/harness';

const PROMPTS = '/api/v2/ai/llm/prompts';
const primary = demoPromptId('customer-support-assistant');
const concise = demoPromptId('customer-support-assistant-concise');
const escalation = demoPromptId('escalation-detector');
const billing = demoPromptId('billing-inquiry-classifier');

describe('variant routing', () => {
  let emulator: RunningEmulator;
  let client: TestClient;
  const routingOf = (id: string) => `${PROMPTS}/${id}/routing`;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    client = await TestClient.connect(emulator.url);
  });

  it('shows the seeded 50/50 split on the primary', async () => {
    const { status, body } = await client.get(routingOf(primary));
    expect(status).toBe(200);
    expect(body).toEqual({
      variants: [
        { promptId: primary, weight: 50 },
        { promptId: concise, weight: 50 },
      ],
      revision: 2,
      dateModified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('defaults to the prompt alone at weight 100', async () => {
    const { body } = await client.get(routingOf(escalation));
    expect(body.variants).toEqual([{ promptId: escalation, weight: 100 }]);
    expect(body.revision).toBe(1);
  });

  it('answers 404 for the routing of an unknown prompt', async () => {
    const response = await client.get(
      routingOf('00000000-0000-4000-8000-000000000000'),
    );
    expect(response.status).toBe(404);
  });

  it('replaces the split, checks revision, and accepts the stop-experiment shape', async () => {
    const split = await client.put(routingOf(escalation), {
      variants: [
        { promptId: escalation, weight: 70 },
        { promptId: billing, weight: 30 },
      ],
      revision: 1,
    });
    expect(split.status).toBe(200);
    expect(split.body.revision).toBe(2);
    expect(
      (await client.get(routingOf(escalation))).body.variants,
    ).toHaveLength(2);

    const stale = await client.put(routingOf(escalation), {
      variants: [{ promptId: escalation, weight: 100 }],
      revision: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('general.conflict');
    expect((await client.get(routingOf(escalation))).body.revision).toBe(2);

    const stop = await client.put(routingOf(escalation), {
      variants: [{ promptId: escalation, weight: 100 }],
      revision: 2,
    });
    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({
      variants: [{ promptId: escalation, weight: 100 }],
      revision: 3,
    });
  });

  it.each([
    [
      'weights not summing to 100',
      [
        { promptId: escalation, weight: 60 },
        { promptId: billing, weight: 30 },
      ],
      'variants',
    ],
    [
      'a non-integer weight',
      [
        { promptId: escalation, weight: 50.5 },
        { promptId: billing, weight: 49.5 },
      ],
      'variants[0].weight',
    ],
    [
      'a weight over 100',
      [
        { promptId: escalation, weight: 110 },
        { promptId: billing, weight: -10 },
      ],
      'variants[0].weight',
    ],
    [
      'an unknown prompt',
      [
        { promptId: escalation, weight: 50 },
        { promptId: '00000000-0000-4000-8000-000000000000', weight: 50 },
      ],
      'variants[1].promptId',
    ],
    [
      'a duplicate prompt',
      [
        { promptId: escalation, weight: 50 },
        { promptId: escalation, weight: 50 },
      ],
      'variants[1].promptId',
    ],
    ['a single other prompt', [{ promptId: billing, weight: 100 }], 'variants'],
    [
      'six variants',
      Array.from({ length: 6 }, () => ({ promptId: escalation, weight: 0 })),
      'variants',
    ],
    ['no variants', [], 'variants'],
  ])('rejects %s with 400', async (_, variants, fieldName) => {
    const response = await client.put(routingOf(escalation), { variants });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid.value');
    expect(
      response.body.details.map((d: { fieldName: string }) => d.fieldName),
    ).toContain(fieldName);
    expect((await client.get(routingOf(escalation))).body.revision).toBe(1);
  });

  it('accepts five variants including weight 0', async () => {
    const ids = [escalation, billing];
    for (let i = 0; i < 3; i++)
      ids.push((await client.post(PROMPTS, promptDefinition())).body.id);
    const response = await client.put(routingOf(escalation), {
      variants: ids.map((promptId, i) => ({
        promptId,
        weight: [40, 30, 30, 0, 0][i],
      })),
    });
    expect(response.status).toBe(200);
  });

  it('falls back to the primary alone when a variant prompt is deleted', async () => {
    expect((await client.delete(`${PROMPTS}/${concise}`)).status).toBe(204);
    const { body } = await client.get(routingOf(primary));
    expect(body.variants).toEqual([{ promptId: primary, weight: 100 }]);
    expect(body.revision).toBe(3);
  });
});
