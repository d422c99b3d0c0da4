import {
  DEMO_PROMPT_NAMES,
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '../index';
import { promptDefinition, TestClient } from '../testing/harness';
import { Prompt } from '../types';

const PROMPTS = '/api/v2/ai/llm/prompts';

describe('prompts', () => {
  let emulator: RunningEmulator;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    client = await TestClient.connect(emulator.url);
  });

  describe('list envelope', () => {
    it('lists the seeded prompts with the default page size', async () => {
      const { status, body } = await client.get(PROMPTS);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        pageSize: 25,
        pageNumber: 1,
        total: 5,
        pageCount: 1,
      });
      expect(body.entities.map((p: Prompt) => p.name).sort()).toEqual(
        [...DEMO_PROMPT_NAMES].sort(),
      );
      expect(body.selfUri).toBe(`${PROMPTS}?pageSize=25&pageNumber=1`);
      expect(body.firstUri).toBe(`${PROMPTS}?pageSize=25&pageNumber=1`);
      expect(body.lastUri).toBe(`${PROMPTS}?pageSize=25&pageNumber=1`);
      expect(body.nextUri).toBeUndefined();
      expect(body.previousUri).toBeUndefined();
    });

    it('pages with relative URIs and no nextUri on the last page', async () => {
      for (let i = 0; i < 7; i++) {
        expect((await client.post(PROMPTS, promptDefinition())).status).toBe(
          200,
        );
      }
      // 12 prompts, 5 per page: 3 pages.
      const first = await client.get(`${PROMPTS}?pageSize=5&pageNumber=1`);
      expect(first.body).toMatchObject({
        pageSize: 5,
        pageNumber: 1,
        total: 12,
        pageCount: 3,
      });
      expect(first.body.entities).toHaveLength(5);
      expect(first.body.nextUri).toBe(`${PROMPTS}?pageSize=5&pageNumber=2`);
      expect(first.body.lastUri).toBe(`${PROMPTS}?pageSize=5&pageNumber=3`);

      const seen: string[] = [];
      let next: string | undefined = first.body.selfUri;
      let pages = 0;
      const previous: Array<string | undefined> = [];
      while (next) {
        const page = await client.get(next);
        expect(page.status).toBe(200);
        seen.push(...page.body.entities.map((p: Prompt) => p.id));
        next = page.body.nextUri;
        pages += 1;
        previous.push(page.body.previousUri);
      }
      expect(pages).toBe(3);
      expect(previous).toEqual([
        undefined,
        `${PROMPTS}?pageSize=5&pageNumber=1`,
        `${PROMPTS}?pageSize=5&pageNumber=2`,
      ]);
      expect(new Set(seen).size).toBe(12);

      const last = await client.get(`${PROMPTS}?pageSize=5&pageNumber=3`);
      expect(last.body.entities).toHaveLength(2);
      expect(last.body.nextUri).toBeUndefined();

      const beyond = await client.get(`${PROMPTS}?pageSize=5&pageNumber=4`);
      expect(beyond.status).toBe(200);
      expect(beyond.body.entities).toEqual([]);
      expect(beyond.body.nextUri).toBeUndefined();
    });

    it('accepts pageSize 100 and rejects pageSize over 100 (and other bad paging) with 400', async () => {
      expect((await client.get(`${PROMPTS}?pageSize=100`)).status).toBe(200);
      for (const query of [
        'pageSize=101',
        'pageSize=0',
        'pageNumber=0',
        'pageSize=abc',
        'pageNumber=1.5',
      ]) {
        const response = await client.get(`${PROMPTS}?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('invalid.value');
        expect(response.body.details[0].fieldName).toBe(query.split('=')[0]);
      }
    });

    it('filters by exact name and keeps the filter in the URIs', async () => {
      const hit = await client.get(
        `${PROMPTS}?name=customer-support-assistant`,
      );
      expect(hit.body.total).toBe(1);
      expect(hit.body.entities[0].id).toBe(
        demoPromptId('customer-support-assistant'),
      );
      expect(hit.body.selfUri).toBe(
        `${PROMPTS}?pageSize=25&pageNumber=1&name=customer-support-assistant`,
      );
      const partial = await client.get(`${PROMPTS}?name=customer-support`);
      expect(partial.body.total).toBe(0);
      expect(partial.body.entities).toEqual([]);
      expect(partial.body.pageCount).toBe(0);
    });
  });

  describe('seeded data', () => {
    it('has stable ids, revisions above 1 and the documented models', async () => {
      const expectations: Record<string, [string, number]> = {
        'customer-support-assistant': ['openai-gpt-4-turbo', 3],
        'customer-support-assistant-concise': ['openai-gpt-4o-mini', 2],
        'escalation-detector': ['openai-gpt-4o', 4],
        'billing-inquiry-classifier': ['openai-gpt-4o-mini', 2],
        'order-status-summarizer': ['openai-gpt-3.5-turbo', 1],
      };
      for (const [name, [modelId, revision]] of Object.entries(expectations)) {
        const { status, body } = await client.get(
          `${PROMPTS}/${demoPromptId(name)}`,
        );
        expect(status).toBe(200);
        expect(body).toMatchObject({
          name,
          modelId,
          revision,
          selfUri: `${PROMPTS}/${demoPromptId(name)}`,
        });
      }
      const primary = await client.get(
        `${PROMPTS}/${demoPromptId('customer-support-assistant')}`,
      );
      expect(primary.body.maxTokens).toBe(4096);
    });

    it('seeds the same ids on every start and none without seed', async () => {
      const other = await startEmulator({ seed: false });
      try {
        const otherClient = await TestClient.connect(other.url);
        expect((await otherClient.get(PROMPTS)).body.total).toBe(0);
      } finally {
        await other.close();
      }
      expect(demoPromptId('escalation-detector')).toBe(
        demoPromptId('escalation-detector'),
      );
      expect(demoPromptId('escalation-detector')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });
  });

  describe('CRUD', () => {
    it('creates with revision 1, gets, replaces with revision + 1, deletes', async () => {
      const definition = promptDefinition();
      const created = await client.post(PROMPTS, definition);
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ ...definition, revision: 1 });
      const id = created.body.id;
      expect(created.body.selfUri).toBe(`${PROMPTS}/${id}`);
      expect(created.body.dateCreated).toBe(created.body.dateModified);

      expect((await client.get(`${PROMPTS}/${id}`)).body).toEqual(created.body);

      const replaced = await client.put(`${PROMPTS}/${id}`, {
        ...definition,
        template: 'Only {{topic}} now',
        variables: [{ name: 'topic', type: 'string', required: true }],
        revision: 1,
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        id,
        revision: 2,
        template: 'Only {{topic}} now',
        dateCreated: created.body.dateCreated,
      });
      expect(replaced.body.variables).toHaveLength(1);

      // A PUT without revision is accepted (the check is optional).
      const unchecked = await client.put(`${PROMPTS}/${id}`, definition);
      expect(unchecked.body.revision).toBe(3);

      const deleted = await client.delete(`${PROMPTS}/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBeUndefined();
      expect((await client.get(`${PROMPTS}/${id}`)).status).toBe(404);
      expect((await client.delete(`${PROMPTS}/${id}`)).status).toBe(404);
    });

    it('rejects a stale revision with 409 and changes nothing', async () => {
      const id = demoPromptId('escalation-detector');
      const before = (await client.get(`${PROMPTS}/${id}`)).body;
      const stale = await client.put(`${PROMPTS}/${id}`, {
        ...before,
        template: 'changed {{queue_name}}',
        revision: 3,
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'general.conflict',
        status: 409,
      });
      expect(stale.body.contextId).toBe(
        stale.headers.get('inin-correlation-id'),
      );
      expect((await client.get(`${PROMPTS}/${id}`)).body).toEqual(before);

      const current = await client.put(`${PROMPTS}/${id}`, {
        ...before,
        version: '2.0.2',
        revision: 4,
      });
      expect(current.status).toBe(200);
      expect(current.body.revision).toBe(5);
    });

    it('rejects a duplicate name with 409 on POST and on PUT', async () => {
      const duplicate = await client.post(
        PROMPTS,
        promptDefinition({ name: 'escalation-detector' }),
      );
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('general.conflict');
      const created = await client.post(PROMPTS, promptDefinition());
      const renamed = await client.put(
        `${PROMPTS}/${created.body.id}`,
        promptDefinition({ name: 'escalation-detector' }),
      );
      expect(renamed.status).toBe(409);
    });

    it('answers 404 not.found for unknown ids', async () => {
      const unknown = `${PROMPTS}/00000000-0000-4000-8000-000000000000`;
      for (const response of [
        await client.get(unknown),
        await client.put(unknown, promptDefinition()),
        await client.delete(unknown),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('not.found');
      }
    });
  });

  describe('server validation', () => {
    const detailsOf = async (body: unknown) => {
      const response = await client.post(PROMPTS, body);
      expect(response.status).toBe(400);
      expect(['bad.request', 'invalid.value']).toContain(response.body.code);
      return response.body.details as Array<{
        errorCode: string;
        fieldName: string;
      }>;
    };

    it('rejects a body that is not JSON', async () => {
      const response = await client.post(PROMPTS, '{"name": ');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('bad.request');
    });

    it('lists every missing required field', async () => {
      const details = await detailsOf({});
      expect(details.map(d => d.fieldName).sort()).toEqual([
        'maxTokens',
        'modelId',
        'name',
        'template',
        'version',
      ]);
      expect(details.every(d => d.errorCode === 'field.required')).toBe(true);
    });

    it('flags wrong types, sources and injection points', async () => {
      const details = await detailsOf({
        ...promptDefinition(),
        maxTokens: '1024',
        variables: [
          { name: 'topic', type: 'date', required: true },
          { name: 'user_input', type: 'string', required: 'yes' },
        ],
        contextRules: [
          { source: 'web', maxTokens: 10, injectionPoint: 'tool' },
        ],
      });
      expect(details).toEqual(
        expect.arrayContaining([
          { errorCode: 'field.invalid.type', fieldName: 'maxTokens' },
          { errorCode: 'field.invalid.value', fieldName: 'variables[0].type' },
          {
            errorCode: 'field.invalid.type',
            fieldName: 'variables[1].required',
          },
          {
            errorCode: 'field.invalid.value',
            fieldName: 'contextRules[0].source',
          },
          {
            errorCode: 'field.invalid.value',
            fieldName: 'contextRules[0].injectionPoint',
          },
        ]),
      );
    });

    it('rejects a template variable that is not declared', async () => {
      const response = await client.post(
        PROMPTS,
        promptDefinition({ template: 'Hi {{topic}} {{ missing }}' }),
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid.value');
      expect(response.body.details).toEqual([
        { errorCode: 'template.variable.undefined', fieldName: 'template' },
      ]);
      expect(response.body.message).toContain('missing');
    });

    it('rejects a token budget over maxTokens (ceil(length / 4) + context rules)', async () => {
      const template = `${'x'.repeat(397)} {{topic}}`; // 407 chars -> 102 tokens
      const rules = [
        { source: 'knowledge_base', maxTokens: 900, injectionPoint: 'system' },
      ] as const;
      const fits = await client.post(
        PROMPTS,
        promptDefinition({
          template,
          contextRules: [...rules],
          maxTokens: 1002,
        }),
      );
      expect(fits.status).toBe(200);
      const over = await client.post(
        PROMPTS,
        promptDefinition({
          template,
          contextRules: [...rules],
          maxTokens: 1001,
        }),
      );
      expect(over.status).toBe(400);
      expect(over.body.details).toEqual([
        { errorCode: 'token.budget.exceeded', fieldName: 'maxTokens' },
      ]);
      expect(over.body.messageParams).toEqual({
        estimatedTokens: '1002',
        maxTokens: '1001',
      });
    });

    it('validates PUT bodies too, and leaves the prompt unchanged', async () => {
      const id = demoPromptId('billing-inquiry-classifier');
      const before = (await client.get(`${PROMPTS}/${id}`)).body;
      const response = await client.put(`${PROMPTS}/${id}`, {
        ...before,
        template: '{{nope}}',
      });
      expect(response.status).toBe(400);
      expect((await client.get(`${PROMPTS}/${id}`)).body).toEqual(before);
    });
  });
});
