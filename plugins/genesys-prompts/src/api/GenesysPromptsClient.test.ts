/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GenesysPromptsClient } from './GenesysPromptsClient';

type Handler = (
  req: IncomingMessage,
  body: unknown,
) => { status: number; body: unknown };

describe('GenesysPromptsClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const seen: Array<{ url: string; accept?: string; auth?: string }> = [];
  const requests: Array<{
    method?: string;
    url: string;
    contentType?: string;
    body: unknown;
  }> = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      seen.push({
        url: req.url ?? '',
        accept: req.headers.accept,
        auth: req.headers.authorization,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const requestBody = text ? JSON.parse(text) : undefined;
      requests.push({
        method: req.method,
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: requestBody,
      });
      const { status, body } = handler(req, requestBody);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/genesys-prompts`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    requests.length = 0;
  });

  function makeClient() {
    const getBaseUrl = jest.fn(async (_pluginId: string) => baseUrl);
    // Stands in for the app's fetchApi, which adds the user's token.
    const fetchApi = {
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, Authorization: 'Bearer user-token' },
        }),
    };
    const client = new GenesysPromptsClient({
      discoveryApi: { getBaseUrl },
      fetchApi,
    });
    return { client, getBaseUrl, fetchApi };
  }

  it('lists an entity prompts, encoding every path segment', async () => {
    const items = [
      {
        id: 'p-1',
        name: 'assistant',
        version: '1.0.0',
        modelId: 'm',
        revision: 2,
        dateModified: '2026-11-26T11:00:00.000Z',
        latestVersionNo: null,
        drift: false,
      },
      { name: 'gone', notFound: true },
    ];
    handler = () => ({ status: 200, body: { items } });
    const { client, getBaseUrl } = makeClient();

    const result = await client.getEntityPrompts({
      namespace: 'team a',
      kind: 'Component',
      name: 'bot/v2?#',
    });

    expect(result).toEqual({ items });
    expect(getBaseUrl).toHaveBeenCalledWith('genesys-prompts');
    expect(seen).toEqual([
      {
        url: '/api/genesys-prompts/entities/team%20a/Component/bot%2Fv2%3F%23/prompts',
        accept: 'application/json',
        auth: 'Bearer user-token',
      },
    ]);
  });

  it('gets one prompt, encoding the prompt id', async () => {
    const detail = {
      prompt: { id: 'a/b', name: 'assistant' },
      latestVersionNo: 3,
      drift: true,
    };
    handler = () => ({ status: 200, body: detail });
    const { client } = makeClient();

    const result = await client.getPrompt(
      { namespace: 'default', kind: 'component', name: 'support-bot' },
      'a/b c',
    );

    expect(result).toEqual(detail);
    expect(seen[0].url).toBe(
      '/api/genesys-prompts/entities/default/component/support-bot/prompts/a%2Fb%20c',
    );
  });

  it('throws a ResponseError carrying the server message and status', async () => {
    handler = () => ({
      status: 502,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: 'Genesys Cloud failed (correlation id abc-123)',
        },
        response: { statusCode: 502 },
      },
    });
    const { client } = makeClient();

    const error = await client
      .getPrompt(
        { namespace: 'default', kind: 'component', name: 'support-bot' },
        'p-1',
      )
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
    expect(error.cause.name).toBe('ServiceUnavailableError');
    expect(error.cause.message).toBe(
      'Genesys Cloud failed (correlation id abc-123)',
    );
  });

  it('throws a ResponseError for a 404 on the list too', async () => {
    handler = () => ({
      status: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: 'No entity component:default/x',
        },
        response: { statusCode: 404 },
      },
    });
    const { client } = makeClient();

    await expect(
      client.getEntityPrompts({
        namespace: 'default',
        kind: 'component',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'No entity component:default/x' },
    });
  });
  const entityRef = {
    namespace: 'default',
    kind: 'component',
    name: 'support-bot',
  };
  const definition = {
    name: 'assistant',
    version: '1.1.0',
    template: 'Hi {{name}}',
    variables: [{ name: 'name', type: 'string' as const, required: true }],
    contextRules: [],
    modelId: 'gpt-4o',
    maxTokens: 1024,
  };
  const version = {
    versionNo: 5,
    action: 'update',
    actor: 'user:default/ana',
    reason: 'typo',
    versionLabel: '1.1.0',
    revision: 4,
    contentHash: 'abc',
    sourceVersionNo: null,
    createdAt: '2026-11-26T11:00:00.000Z',
    definition,
  };
  const written = {
    prompt: { ...definition, id: 'p-1', revision: 4 },
    version,
  };

  it('creates a prompt with a JSON POST of the definition', async () => {
    handler = () => ({ status: 201, body: written });
    const { client } = makeClient();

    const result = await client.createPrompt(entityRef, definition);

    expect(result).toEqual(written);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: '/api/genesys-prompts/entities/default/component/support-bot/prompts',
        contentType: 'application/json',
        body: definition,
      },
    ]);
    expect(seen[0].auth).toBe('Bearer user-token');
  });

  it('updates a prompt with a PUT carrying expectedRevision and reason', async () => {
    handler = () => ({ status: 200, body: written });
    const { client } = makeClient();

    await client.updatePrompt(entityRef, 'p/1', {
      ...definition,
      expectedRevision: 3,
      reason: 'fix typo',
    });

    expect(requests).toEqual([
      {
        method: 'PUT',
        url: '/api/genesys-prompts/entities/default/component/support-bot/prompts/p%2F1',
        contentType: 'application/json',
        body: { ...definition, expectedRevision: 3, reason: 'fix typo' },
      },
    ]);
  });

  it('turns a stale-revision 409 into a ResponseError with the server message', async () => {
    handler = () => ({
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message: "Prompt 'assistant' is at revision 4, not 3",
        },
        response: { statusCode: 409 },
      },
    });
    const { client } = makeClient();

    await expect(
      client.updatePrompt(entityRef, 'p-1', {
        ...definition,
        expectedRevision: 3,
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: {
        name: 'ConflictError',
        message: "Prompt 'assistant' is at revision 4, not 3",
      },
    });
  });

  it('rolls back with a POST of toVersion and reason', async () => {
    handler = () => ({ status: 200, body: written });
    const { client } = makeClient();

    const result = await client.rollbackPrompt(entityRef, 'p-1', {
      toVersion: 2,
      reason: 'bad answers',
    });

    expect(result.version.versionNo).toBe(5);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: '/api/genesys-prompts/entities/default/component/support-bot/prompts/p-1/rollback',
        contentType: 'application/json',
        body: { toVersion: 2, reason: 'bad answers' },
      },
    ]);
  });

  it('pages the version history and the audit log with limit and cursor', async () => {
    handler = req => ({
      status: 200,
      body: req.url?.includes('/audit')
        ? { items: [] }
        : { items: [version], nextCursor: '17' },
    });
    const { client } = makeClient();

    expect(await client.getPromptVersions(entityRef, 'p-1')).toEqual({
      items: [version],
      nextCursor: '17',
    });
    await client.getPromptVersions(entityRef, 'p-1', {
      limit: 20,
      cursor: '17',
    });
    expect(await client.getPromptAudit(entityRef, 'p-1', { limit: 5 })).toEqual(
      { items: [] },
    );

    expect(requests.map(r => [r.method, r.url])).toEqual([
      [
        'GET',
        '/api/genesys-prompts/entities/default/component/support-bot/prompts/p-1/versions',
      ],
      [
        'GET',
        '/api/genesys-prompts/entities/default/component/support-bot/prompts/p-1/versions?limit=20&cursor=17',
      ],
      [
        'GET',
        '/api/genesys-prompts/entities/default/component/support-bot/prompts/p-1/audit?limit=5',
      ],
    ]);
    expect(requests[0].contentType).toBeUndefined();
  });

  it('gets one version with its definition', async () => {
    handler = () => ({ status: 200, body: version });
    const { client } = makeClient();

    expect(await client.getPromptVersion(entityRef, 'p-1', 5)).toEqual(version);
    expect(requests[0].url).toBe(
      '/api/genesys-prompts/entities/default/component/support-bot/prompts/p-1/versions/5',
    );
  });

  it('validates a definition with a dry-run POST /validate', async () => {
    const report = {
      valid: true,
      issues: [],
      budget: { total: 300, limit: 1024, fits: true },
    };
    handler = (_req, body) => ({
      status: 200,
      body: { ...report, echoed: body },
    });
    const { client } = makeClient();

    const result = await client.validatePrompt(definition);

    expect(result).toMatchObject(report);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/genesys-prompts/validate',
      body: definition,
    });
  });

  const base =
    '/api/genesys-prompts/entities/default/component/support-bot/prompts/p%2F1';
  const experiment = {
    id: 'e-1',
    entityRef: 'component:default/support-bot',
    primaryPromptId: 'p/1',
    status: 'draft',
    variants: [
      { promptId: 'p/1', name: 'assistant', weight: 50 },
      { promptId: 'p-2', name: 'assistant-b', weight: 50 },
    ],
    guard: {},
    createdBy: 'user:default/ana',
    createdAt: '2026-11-26T11:00:00.000Z',
    history: [],
  };

  it('reads entity and prompt metrics with from, to and granularity', async () => {
    handler = () => ({ status: 200, body: { items: [] } });
    const { client } = makeClient();
    const range = {
      from: '2026-11-25T00:00:00.000Z',
      to: '2026-11-26T00:00:00.000Z',
      granularity: 'PT15M' as const,
    };

    await client.getEntityMetrics(entityRef, range);
    await client.getEntityMetrics(entityRef);
    await client.getPromptMetrics(entityRef, 'p/1', range);

    expect(requests.map(r => [r.method, r.url])).toEqual([
      [
        'GET',
        '/api/genesys-prompts/entities/default/component/support-bot/metrics?from=2026-11-25T00%3A00%3A00.000Z&to=2026-11-26T00%3A00%3A00.000Z&granularity=PT15M',
      ],
      [
        'GET',
        '/api/genesys-prompts/entities/default/component/support-bot/metrics',
      ],
      [
        'GET',
        `${base}/metrics?from=2026-11-25T00%3A00%3A00.000Z&to=2026-11-26T00%3A00%3A00.000Z&granularity=PT15M`,
      ],
    ]);
  });

  it('turns a refused range (400) into a ResponseError with the server message', async () => {
    handler = () => ({
      status: 400,
      body: {
        error: { name: 'InputError', message: 'from must be before to' },
        response: { statusCode: 400 },
      },
    });
    const { client } = makeClient();

    await expect(
      client.getPromptMetrics(entityRef, 'p-1', {
        from: '2026-11-26T00:00:00.000Z',
        to: '2026-11-25T00:00:00.000Z',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { name: 'InputError', message: 'from must be before to' },
    });
  });

  it('lists and creates experiments', async () => {
    handler = req => ({
      status: req.method === 'POST' ? 201 : 200,
      body: req.method === 'POST' ? experiment : { items: [experiment] },
    });
    const { client } = makeClient();
    const body = {
      variants: [
        { promptId: 'p/1', weight: 70 },
        { promptId: 'p-2', weight: 30 },
      ],
      guard: { maxErrorRate: 0.1 },
    };

    expect(await client.listExperiments(entityRef, 'p/1')).toEqual({
      items: [experiment],
    });
    expect(await client.createExperiment(entityRef, 'p/1', body)).toEqual(
      experiment,
    );

    expect(requests).toEqual([
      {
        method: 'GET',
        url: `${base}/experiments`,
        contentType: undefined,
        body: undefined,
      },
      {
        method: 'POST',
        url: `${base}/experiments`,
        contentType: 'application/json',
        body,
      },
    ]);
  });

  it('starts without a body, stops with a reason and promotes a winner', async () => {
    handler = req => ({
      status: 200,
      body: req.url?.endsWith('/promote')
        ? { experiment, version }
        : experiment,
    });
    const { client } = makeClient();

    await client.startExperiment(entityRef, 'p/1', 'e 1');
    await client.stopExperiment(entityRef, 'p/1', 'e 1', { reason: 'done' });
    await client.stopExperiment(entityRef, 'p/1', 'e 1');
    const promoted = await client.promoteExperiment(entityRef, 'p/1', 'e 1', {
      promptId: 'p-2',
      reason: 'B converts better',
    });

    expect(promoted).toEqual({ experiment, version });
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${base}/experiments/e%201/start`,
        contentType: undefined,
        body: undefined,
      },
      {
        method: 'POST',
        url: `${base}/experiments/e%201/stop`,
        contentType: 'application/json',
        body: { reason: 'done' },
      },
      {
        method: 'POST',
        url: `${base}/experiments/e%201/stop`,
        contentType: 'application/json',
        body: {},
      },
      {
        method: 'POST',
        url: `${base}/experiments/e%201/promote`,
        contentType: 'application/json',
        body: { promptId: 'p-2', reason: 'B converts better' },
      },
    ]);
  });

  it('reads experiment results over a range and the guard checks', async () => {
    handler = req => ({
      status: 200,
      body: req.url?.endsWith('/guard')
        ? { items: [] }
        : { experimentId: 'e-1', variants: [], comparisons: [] },
    });
    const { client } = makeClient();

    await client.getExperimentResults(entityRef, 'p/1', 'e-1');
    await client.getExperimentResults(entityRef, 'p/1', 'e-1', {
      from: '2026-11-25T00:00:00.000Z',
    });
    expect(await client.getGuardChecks(entityRef, 'p/1')).toEqual({
      items: [],
    });

    expect(requests.map(r => [r.method, r.url])).toEqual([
      ['GET', `${base}/experiments/e-1/results`],
      [
        'GET',
        `${base}/experiments/e-1/results?from=2026-11-25T00%3A00%3A00.000Z`,
      ],
      ['GET', `${base}/guard`],
    ]);
  });

  it('keeps the server message of a refused experiment action (409)', async () => {
    handler = () => ({
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message: 'Experiment e-1 is stopped, not running',
        },
        response: { statusCode: 409 },
      },
    });
    const { client } = makeClient();

    await expect(
      client.stopExperiment(entityRef, 'p-1', 'e-1'),
    ).rejects.toMatchObject({
      statusCode: 409,
      cause: { message: 'Experiment e-1 is stopped, not running' },
    });
  });
  it('lists the export targets and exports with the target name only', async () => {
    const targets = { items: [{ name: 'langfuse-prod', format: 'langfuse' }] };
    const exported = {
      target: 'langfuse-prod',
      format: 'langfuse',
      status: 201,
      exportedAt: '2026-11-26T12:00:00.000Z',
    };
    handler = req => ({
      status: 200,
      body: req.method === 'POST' ? exported : targets,
    });
    const { client } = makeClient();

    expect(await client.getExportTargets()).toEqual(targets);
    // Whatever else a caller passes, only the name goes out.
    const request = {
      target: 'langfuse-prod',
      url: 'http://evil.test',
    } as unknown as { target: string };
    expect(await client.exportPrompt(entityRef, 'p/1', request)).toEqual(
      exported,
    );

    expect(requests).toEqual([
      {
        method: 'GET',
        url: '/api/genesys-prompts/export-targets',
        contentType: undefined,
        body: undefined,
      },
      {
        method: 'POST',
        url: `${base}/export`,
        contentType: 'application/json',
        body: { target: 'langfuse-prod' },
      },
    ]);
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
  });

  it('keeps the message naming the target when an export fails (502)', async () => {
    handler = () => ({
      status: 502,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: "Export target 'langfuse-prod' answered HTTP 500",
        },
        response: { statusCode: 502 },
      },
    });
    const { client } = makeClient();

    await expect(
      client.exportPrompt(entityRef, 'p-1', { target: 'langfuse-prod' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
      cause: { message: "Export target 'langfuse-prod' answered HTTP 500" },
    });
  });

  it('builds the download URLs without a token, for the fetchApi to fetch', async () => {
    handler = () => ({ status: 200, body: { promptId: 'p/1', versions: [] } });
    const { client, getBaseUrl, fetchApi } = makeClient();
    const origin = new URL(baseUrl).origin;

    const history = await client.getPromptHistoryExportUrl(entityRef, 'p/1');
    expect(history).toBe(`${origin}${base}/history/export`);
    expect(
      await client.getAuditExportUrl({ format: 'csv', promptId: 'p/1' }),
    ).toBe(`${baseUrl}/audit/export?format=csv&promptId=p%2F1`);
    expect(
      await client.getAuditExportUrl({
        format: 'jsonl',
        entityRef: 'component:default/support-bot',
        action: 'export',
        actor: 'user:default/ana',
        from: '2026-11-25T00:00:00.000Z',
        to: '2026-11-26T00:00:00.000Z',
      }),
    ).toBe(
      `${baseUrl}/audit/export?format=jsonl&entityRef=component%3Adefault%2Fsupport-bot&action=export&actor=user%3Adefault%2Fana&from=2026-11-25T00%3A00%3A00.000Z&to=2026-11-26T00%3A00%3A00.000Z`,
    );
    expect(getBaseUrl).toHaveBeenCalledWith('genesys-prompts');
    // Building a URL calls nothing; fetching it goes out with the user's token.
    expect(seen).toEqual([]);
    expect(history).not.toMatch(/token/i);
    await fetchApi.fetch(history);
    expect(seen).toEqual([
      {
        url: `${base}/history/export`,
        accept: '*/*',
        auth: 'Bearer user-token',
      },
    ]);
  });

  describe('the entity prompt lists it keeps', () => {
    const listUrl =
      '/api/genesys-prompts/entities/default/component/support-bot/prompts';
    const listOf = (label: string) => ({
      items: [
        {
          id: 'p-1',
          name: 'assistant',
          version: label,
          modelId: 'm',
          revision: 2,
          dateModified: '2026-11-26T11:00:00.000Z',
          latestVersionNo: null,
          drift: false,
        },
      ],
    });
    const listRequests = () =>
      requests.filter(r => r.method === 'GET' && r.url === listUrl).length;
    let now: number;

    beforeEach(() => {
      now = Date.parse('2026-11-26T12:00:00.000Z');
      jest.spyOn(Date, 'now').mockImplementation(() => now);
    });

    afterEach(() => {
      jest.restoreAllMocks();
    });

    it('shares one request among loads close together and offers the list at once afterwards', async () => {
      handler = () => ({ status: 200, body: listOf('1.0.0') });
      const { client } = makeClient();
      expect(client.peekEntityPrompts(entityRef)).toBeUndefined();

      const [first, second] = await Promise.all([
        client.getEntityPrompts(entityRef),
        client.getEntityPrompts(entityRef),
      ]);
      now += 1000;
      const third = await client.getEntityPrompts(entityRef);

      expect(listRequests()).toBe(1);
      expect(second).toBe(first);
      expect(third).toBe(first);
      // Entity refs compare case-insensitively.
      expect(
        client.peekEntityPrompts({ ...entityRef, kind: 'Component' }),
      ).toBe(first);
      expect(listRequests()).toBe(1);
      expect(
        client.peekEntityPrompts({ ...entityRef, name: 'other-bot' }),
      ).toBeUndefined();
    });

    it('refreshes a list that is seconds old, keeping the same object when nothing changed', async () => {
      handler = () => ({ status: 200, body: listOf('1.0.0') });
      const { client } = makeClient();
      const first = await client.getEntityPrompts(entityRef);

      now += 3000;
      const same = await client.getEntityPrompts(entityRef);
      expect(listRequests()).toBe(2);
      expect(same).toBe(first);

      handler = () => ({ status: 200, body: listOf('1.1.0') });
      now += 3000;
      const changed = await client.getEntityPrompts(entityRef);
      expect(listRequests()).toBe(3);
      expect(changed.items[0]).toMatchObject({ version: '1.1.0' });
      expect(client.peekEntityPrompts(entityRef)).toBe(changed);
    });

    it('offers a list for five minutes, and none that failed to load', async () => {
      handler = () => ({ status: 200, body: listOf('1.0.0') });
      const { client } = makeClient();
      const list = await client.getEntityPrompts(entityRef);

      now += 4 * 60_000;
      expect(client.peekEntityPrompts(entityRef)).toBe(list);
      now += 60_000;
      expect(client.peekEntityPrompts(entityRef)).toBeUndefined();

      now += 60_000;
      await client.getEntityPrompts(entityRef);
      handler = () => ({
        status: 503,
        body: {
          error: { name: 'ServiceUnavailableError', message: 'upstream down' },
          response: { statusCode: 503 },
        },
      });
      now += 3000;
      await expect(client.getEntityPrompts(entityRef)).rejects.toMatchObject({
        statusCode: 503,
      });
      expect(client.peekEntityPrompts(entityRef)).toBeUndefined();
    });

    it('forgets the lists after each of its writes, failed ones too', async () => {
      const { client } = makeClient();
      const writes: Array<[string, () => Promise<unknown>]> = [
        ['create', () => client.createPrompt(entityRef, definition)],
        [
          'update',
          () =>
            client.updatePrompt(entityRef, 'p-1', {
              ...definition,
              expectedRevision: 3,
            }),
        ],
        [
          'rollback',
          () =>
            client.rollbackPrompt(entityRef, 'p-1', {
              toVersion: 2,
              reason: 'bad answers',
            }),
        ],
        [
          'promote',
          () =>
            client.promoteExperiment(entityRef, 'p-1', 'e-1', {
              promptId: 'p-2',
              reason: 'wins',
            }),
        ],
      ];
      for (const [action, write] of writes) {
        handler = () => ({ status: 200, body: listOf('1.0.0') });
        await client.getEntityPrompts(entityRef);
        expect(client.peekEntityPrompts(entityRef)).toBeDefined();

        handler = req =>
          req.method === 'GET'
            ? { status: 200, body: listOf('1.0.0') }
            : { status: 200, body: written };
        await write();
        expect([action, client.peekEntityPrompts(entityRef)]).toEqual([
          action,
          undefined,
        ]);
      }

      await client.getEntityPrompts(entityRef);
      handler = () => ({
        status: 409,
        body: {
          error: { name: 'ConflictError', message: 'stale revision' },
          response: { statusCode: 409 },
        },
      });
      await expect(
        client.updatePrompt(entityRef, 'p-1', {
          ...definition,
          expectedRevision: 1,
        }),
      ).rejects.toMatchObject({ statusCode: 409 });
      expect(client.peekEntityPrompts(entityRef)).toBeUndefined();
    });

    it('keeps no list that was in flight during a write, and asks again after it', async () => {
      handler = req =>
        req.method === 'GET'
          ? { status: 200, body: listOf('1.0.0') }
          : { status: 200, body: written };
      const { client } = makeClient();

      const during = client.getEntityPrompts(entityRef);
      await client.updatePrompt(entityRef, 'p-1', {
        ...definition,
        expectedRevision: 3,
      });
      await during;
      expect(client.peekEntityPrompts(entityRef)).toBeUndefined();

      await client.getEntityPrompts(entityRef);
      expect(listRequests()).toBe(2);
    });
  });
});
