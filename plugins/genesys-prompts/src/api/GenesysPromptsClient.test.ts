/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GenesysPromptsClient } from './GenesysPromptsClient';

type Handler = (req: IncomingMessage) => { status: number; body: unknown };

describe('GenesysPromptsClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const seen: Array<{ url: string; accept?: string; auth?: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({
        url: req.url ?? '',
        accept: req.headers.accept,
        auth: req.headers.authorization,
      });
      const { status, body } = handler(req);
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
  });

  function makeClient() {
    const getBaseUrl = jest.fn(async (_pluginId: string) => baseUrl);
    const client = new GenesysPromptsClient({
      discoveryApi: { getBaseUrl },
      // Stands in for the app's fetchApi, which adds the user's token.
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { ...init?.headers, Authorization: 'Bearer user-token' },
          }),
      },
    });
    return { client, getBaseUrl };
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
});
