import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { emulatorConnection } from './testing/emulatorConnection';
import { genesysPromptsPlugin } from './plugin';

const ESCALATION = demoPromptId('escalation-detector');
const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: { 'genesys.cloud/llm-prompts': 'escalation-detector' },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};
const PROMPT = `/api/genesys-prompts/entities/default/component/support-bot/prompts/${ESCALATION}`;
const auth = () => ({ Authorization: mockCredentials.user.header() });
const SECRET = 'target-api-key-not-for-logs';
const LANGFUSE_AUTH = `Basic ${Buffer.from('pk-lf-1:sk-lf-2').toString('base64')}`;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A local HTTP receiver that records what arrives and answers per path. */
async function receiver(
  answer: (url: string, res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      answer(req.url!, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

describe('exports to configured targets', () => {
  let emulator: RunningEmulator;
  let target: Awaited<ReturnType<typeof receiver>>;
  let elsewhere: Awaited<ReturnType<typeof receiver>>;
  let closedPort: number;

  beforeAll(async () => {
    emulator = await startEmulator();
    elsewhere = await receiver((_url, res) => res.writeHead(200).end('stolen'));
    target = await receiver((url, res) => {
      if (url === '/redirect') {
        res.writeHead(302, { Location: `${elsewhere.url}/collect` }).end();
      } else if (url === '/slow') {
        setTimeout(() => res.writeHead(201).end(), 1500);
      } else if (url === '/fail') {
        res.writeHead(500).end('internal stack trace of the target');
      } else {
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({ internal: 'body the caller must not see' }),
        );
      }
    });
    const probe = await receiver(() => undefined);
    closedPort = (probe.server.address() as AddressInfo).port;
    await new Promise(resolve => probe.server.close(resolve));
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise(resolve => target.server.close(resolve));
    await new Promise(resolve => elsewhere.server.close(resolve));
  });
  beforeEach(() => {
    emulator.reset();
    target.received.length = 0;
    elsewhere.received.length = 0;
  });

  async function startBackend(
    permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              ...emulatorConnection(emulator),
              retry: { maxAttempts: 2, initialDelayMs: 10 },
              exportTargets: [
                {
                  name: 'ai-catalogue',
                  url: `${target.url}/generic`,
                  headers: { 'X-Api-Key': SECRET },
                },
                {
                  name: 'langfuse',
                  url: `${target.url}/api/public/v2/prompts`,
                  format: 'langfuse',
                  headers: { Authorization: LANGFUSE_AUTH },
                },
                { name: 'redirecting', url: `${target.url}/redirect` },
                { name: 'slow', url: `${target.url}/slow`, timeoutMs: 300 },
                { name: 'failing', url: `${target.url}/fail` },
                { name: 'down', url: `http://127.0.0.1:${closedPort}/x` },
              ],
            },
          },
        }),
        mockServices.permissions.factory({ result: permission }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return server;
  }

  const exportTo = (server: any, body: object) =>
    request(server).post(`${PROMPT}/export`).set(auth()).send(body);

  async function auditOf(server: any) {
    return (await request(server).get(`${PROMPT}/audit`).set(auth())).body.items;
  }

  it('lists the targets by name and format only', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/genesys-prompts/export-targets')
      .set(auth());
    expect(response.body.items).toEqual([
      { name: 'ai-catalogue', format: 'generic' },
      { name: 'langfuse', format: 'langfuse' },
      { name: 'redirecting', format: 'generic' },
      { name: 'slow', format: 'generic' },
      { name: 'failing', format: 'generic' },
      { name: 'down', format: 'generic' },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('127.0.0.1');
  });

  it('exports the generic payload with the configured headers, and audits it without secrets', async () => {
    const server = await startBackend();
    const response = await exportTo(server, { target: 'ai-catalogue' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      target: 'ai-catalogue',
      format: 'generic',
      status: 201,
      exportedAt: expect.any(String),
    });
    expect(JSON.stringify(response.body)).not.toContain('must not see');
    expect(target.received).toHaveLength(1);
    const [sent] = target.received;
    expect(sent).toMatchObject({ method: 'POST', url: '/generic' });
    expect(sent.headers['x-api-key']).toBe(SECRET);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({
      sourcePlatform: 'genesys-cloud',
      targetPlatform: 'ai-catalogue',
      exportTimestamp: response.body.exportedAt,
      promptMetadata: {
        id: ESCALATION,
        name: 'escalation-detector',
        owner: 'component:default/support-bot',
      },
    });
    const [entry] = await auditOf(server);
    expect(entry).toMatchObject({
      action: 'export',
      outcome: 'success',
      details: { target: 'ai-catalogue', format: 'generic', status: 201 },
    });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(JSON.stringify(entry)).not.toContain(target.url);
  });

  it("exports Langfuse's create-prompt body", async () => {
    const server = await startBackend();
    const response = await exportTo(server, { target: 'langfuse' });
    expect(response.status).toBe(200);
    const [sent] = target.received;
    expect(sent.url).toBe('/api/public/v2/prompts');
    expect(sent.headers.authorization).toBe(LANGFUSE_AUTH);
    expect(sent.body).toEqual({
      name: 'escalation-detector',
      type: 'text',
      prompt: expect.stringContaining('{{'),
      config: expect.objectContaining({
        model: expect.any(String),
        max_tokens: expect.any(Number),
        genesys: expect.objectContaining({ promptId: ESCALATION }),
      }),
      labels: ['production'],
      tags: ['genesys-cloud'],
      commitMessage: expect.stringMatching(/^Exported from Backstage/),
    });
  });

  it.each([
    ['a URL beside the target', { target: 'ai-catalogue', url: 'URL' }, /url/],
    ['only a URL', { url: 'URL' }, /target/],
    ['a header', { target: 'ai-catalogue', headers: { Host: 'elsewhere' } }, /headers/],
    ['an unknown target', { target: 'URL' }, /no export target named/],
    ['a target that is not a string', { target: ['ai-catalogue'] }, /target/],
  ])('refuses %s with 400 and calls nothing', async (_label, body, message) => {
    const server = await startBackend();
    const withUrl = JSON.parse(
      JSON.stringify(body).replace(/URL/g, `${elsewhere.url}/collect`),
    );
    const response = await exportTo(server, withUrl);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(target.received).toHaveLength(0);
    expect(elsewhere.received).toHaveLength(0);
    expect(await auditOf(server)).toEqual([]);
  });

  it('does not follow a redirect to another host: 502 naming the target, a failure audited', async () => {
    const server = await startBackend();
    const response = await exportTo(server, { target: 'redirecting' });
    expect(response.status).toBe(502);
    expect(response.body.error.message).toBe(
      "Export target 'redirecting' answered with a redirect (HTTP 302); redirects are not followed",
    );
    expect(target.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    const [entry] = await auditOf(server);
    expect(entry).toMatchObject({
      action: 'export',
      outcome: 'failure',
      details: { target: 'redirecting' },
    });
  });

  it.each([
    ['slow', 504, "Export target 'slow' did not answer within 300 ms"],
    ['failing', 502, "Export target 'failing' refused the export with HTTP 500"],
    ['down', 502, "Export target 'down' is unreachable (ECONNREFUSED)"],
  ])('answers a %s target with %d, never echoing its body', async (name, status, message) => {
    const server = await startBackend();
    const response = await exportTo(server, { target: name });
    expect(response.status).toBe(status);
    expect(response.body.error.message).toBe(message);
    expect(JSON.stringify(response.body)).not.toContain('stack trace');
    const [entry] = await auditOf(server);
    expect(entry).toMatchObject({ action: 'export', outcome: 'failure', details: { target: name } });
  });

  it('needs genesys-prompts.prompt.export', async () => {
    const server = await startBackend(AuthorizeResult.DENY);
    const response = await exportTo(server, { target: 'ai-catalogue' });
    expect(response.status).toBe(403);
    expect(target.received).toHaveLength(0);
  });

  it('downloads the full history of one prompt as JSON, oldest first', async () => {
    const server = await startBackend();
    const current = (await request(server).get(PROMPT).set(auth())).body.prompt;
    const { id, revision, selfUri, dateCreated, dateModified, ...definition } = current;
    await request(server)
      .put(PROMPT)
      .set(auth())
      .send({ ...definition, template: `${definition.template} Be brief.`, expectedRevision: revision })
      .expect(200);
    const response = await request(server).get(`${PROMPT}/history/export`).set(auth());
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="escalation-detector-history.json"',
    );
    expect(response.body).toMatchObject({
      promptId: ESCALATION,
      promptName: 'escalation-detector',
      entityRef: 'component:default/support-bot',
    });
    expect(response.body.versions.map((v: any) => [v.versionNo, v.action])).toEqual([
      [1, 'import'],
      [2, 'update'],
    ]);
    expect(response.body.versions[1].definition.template).toMatch(/Be brief\.$/);
  });
});
