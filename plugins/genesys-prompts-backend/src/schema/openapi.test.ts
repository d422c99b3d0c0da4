/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "call"] }] */
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
  EmulatorFaults,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import Ajv, { ValidateFunction } from 'ajv';
import express from 'express';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { genesysPromptsPlugin } from '../plugin';
import { createRouter, RouterOptions } from '../router';
import { emulatorConnection } from '../testing/emulatorConnection';

/*
 * The checked-in OpenAPI spec against the router:
 * (a) the router serves exactly the spec's (method, path) pairs;
 * (b) real requests through the plugin and the Genesys emulator answer only
 *     with statuses the spec declares for the operation, with bodies that
 *     validate against the declared schema. Requests the server accepts must
 *     be valid by the spec; requests marked as bad input must be invalid by it.
 */

jest.setTimeout(120_000);

// ---------------------------------------------------------------- the spec

type Json = any;
const spec: Json = YAML.parse(
  readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'),
);
const BASE_PATH: string = spec.servers[0].url;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  /** JSON pointer of its schema in the document. */
  schemaPointer: string;
}

interface Operation {
  id: string;
  method: string;
  path: string;
  definition: Json;
  parameters: Parameter[];
  pointer: string;
}

const escapePointer = (part: string) =>
  part.replace(/~/g, '~0').replace(/\//g, '~1');

function deref(value: Json): { value: Json; pointer?: string } {
  if (value && typeof value.$ref === 'string') {
    const ref: string = value.$ref;
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((node: Json, key) => node?.[key], spec);
    if (target === undefined) throw new Error(`Unresolved ${ref}`);
    return { value: target, pointer: ref.slice(1) };
  }
  return { value };
}

const operations = new Map<string, Operation>();
for (const [path, item] of Object.entries<Json>(spec.paths)) {
  for (const method of METHODS) {
    const definition = item[method];
    if (!definition) continue;
    if (operations.has(definition.operationId)) {
      throw new Error(`Duplicate operationId ${definition.operationId}`);
    }
    const pathPointer = `/paths/${escapePointer(path)}`;
    const parametersAt = (list: Json[] | undefined, at: string): Parameter[] =>
      (list ?? []).map((raw, index) => {
        const { value, pointer } = deref(raw);
        return {
          name: value.name,
          in: value.in,
          required: value.required,
          schemaPointer: `${pointer ?? `${at}/parameters/${index}`}/schema`,
        };
      });
    operations.set(definition.operationId, {
      id: definition.operationId,
      method,
      path,
      definition,
      parameters: [
        ...parametersAt(item.parameters, pathPointer),
        ...parametersAt(definition.parameters, `${pathPointer}/${method}`),
      ],
      pointer: `${pathPointer}/${method}`,
    });
  }
}

// JSON Schema validation of bodies (strict: a typo in the spec fails here).
function newAjv(coerceTypes: boolean) {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    coerceTypes,
    formats: {
      'date-time': {
        type: 'string',
        validate: (value: string) =>
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(
            value,
          ) && !Number.isNaN(Date.parse(value)),
      },
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    },
  });
  // The document is the root the spec's `#/components/...` refs resolve in.
  ajv.addKeyword('components');
  ajv.addKeyword('paths');
  ajv.addSchema({ components: spec.components, paths: spec.paths }, 'openapi');
  return ajv;
}
const bodies = newAjv(false);
const params = newAjv(true);
const validators = new Map<string, ValidateFunction>();
function validatorAt(ajv: Ajv, pointer: string): ValidateFunction {
  const key = `${ajv === bodies ? 'b' : 'p'}${pointer}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi#${pointer}` });
    validators.set(key, validate);
  }
  return validate;
}
const problemsOf = (validate: ValidateFunction, where: string) =>
  (validate.errors ?? []).map(
    e => `${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
  );

/** The declared response for a status: explicit only (never `default`). */
function declaredResponse(op: Operation, status: number) {
  const raw = op.definition.responses[String(status)];
  if (!raw) return undefined;
  const { value, pointer } = deref(raw);
  return {
    value,
    pointer: pointer ?? `${op.pointer}/responses/${status}`,
  };
}

// ------------------------------------------------------------ (a) routes

/** Every (METHOD, /path/{param}) the Express router serves. */
function routesOf(router: express.Router): string[] {
  const routes: string[] = [];
  for (const layer of (router as any).stack) {
    if (layer.route) {
      const path: string = layer.route.path;
      if (typeof path !== 'string' || /[()*?+]/.test(path)) {
        throw new Error(`Route path the spec cannot express: ${String(path)}`);
      }
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') throw new Error(`router.all(${path})`);
        routes.push(
          `${method.toUpperCase()} ${path.replace(
            /:([A-Za-z0-9_]+)/g,
            '{$1}',
          )}`,
        );
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      throw new Error('A nested router: teach routesOf to walk it');
    }
  }
  return routes.sort();
}

describe('the router and the OpenAPI spec', () => {
  it('serve exactly the same (method, path) pairs', async () => {
    // createRouter only registers handlers; no dependency is used until a request.
    const router = await createRouter({} as RouterOptions);
    const served = routesOf(router);
    const declared = [...operations.values()]
      .map(op => `${op.method.toUpperCase()} ${op.path}`)
      .sort();
    expect(new Set(served).size).toBe(served.length);
    expect(served).toEqual(declared);
  });

  it('declares every path parameter, an operationId, a success and an error response', () => {
    for (const op of operations.values()) {
      const inPath = [...op.path.matchAll(/\{([^}]+)\}/g)]
        .map(m => m[1])
        .sort();
      const declared = op.parameters
        .filter(p => p.in === 'path')
        .map(p => p.name)
        .sort();
      expect({ op: op.id, params: declared }).toEqual({
        op: op.id,
        params: inPath,
      });
      const statuses = Object.keys(op.definition.responses);
      expect({ op: op.id, ok: statuses.some(s => /^2\d\d$/.test(s)) }).toEqual({
        op: op.id,
        ok: true,
      });
      expect(statuses).toContain('default');
    }
  });

  it('compiles every component schema with strict JSON Schema rules', () => {
    for (const name of Object.keys(spec.components.schemas)) {
      expect(() =>
        validatorAt(bodies, `/components/schemas/${name}`),
      ).not.toThrow();
    }
  });
});

// ------------------------------------------------------ (b) the responses

const CUSTOMER = demoPromptId('customer-support-assistant');
const CONCISE = demoPromptId('customer-support-assistant-concise');
const ESCALATION = demoPromptId('escalation-detector');
const NOT_OWNED = demoPromptId('order-status-summarizer');
const NEW_PROMPT = 'warranty-claim-helper';
const UNKNOWN_EXPERIMENT = '00000000-0000-4000-8000-000000000000';

const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts': [
        'customer-support-assistant',
        'customer-support-assistant-concise',
        'escalation-detector',
        NEW_PROMPT,
        'refund-policy-explainer',
      ].join(', '),
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

const newDefinition = {
  name: NEW_PROMPT,
  version: '1.0.0',
  template: 'Help the customer file a warranty claim for {{product}}.',
  variables: [{ name: 'product', type: 'string', required: true }],
  contextRules: [],
  modelId: 'openai-gpt-4o',
  maxTokens: 1000,
};

/** (operation, status) pairs seen, for the coverage report. */
const exercised = new Map<string, Set<number>>();

interface Call {
  op: string;
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Sent as an application/json body as-is. */
  rawBody?: string;
  /** Default true: a user token. */
  auth?: boolean;
  /**
   * What the spec must say of the request: `valid` (the default for 2xx), or
   * `invalid` for bad input the spec itself rules out.
   */
  request?: 'valid' | 'invalid';
}

const DEFAULT_PARAMS = {
  namespace: 'default',
  kind: 'component',
  name: 'support-bot',
  promptId: ESCALATION,
  versionNo: 1,
  experimentId: UNKNOWN_EXPERIMENT,
};

/** What the spec says is wrong with a request (empty when it is valid). */
function requestProblems(op: Operation, c: Call): string[] {
  const problems: string[] = [];
  const values: Record<string, unknown> = {
    ...DEFAULT_PARAMS,
    ...c.params,
  };
  for (const p of op.parameters) {
    const source = p.in === 'path' ? values : c.query ?? {};
    const value = (source as Record<string, unknown>)[p.name];
    if (value === undefined) {
      if (p.required) problems.push(`${p.in} ${p.name} missing`);
      continue;
    }
    const validate = validatorAt(params, p.schemaPointer);
    if (!validate(String(value))) {
      problems.push(...problemsOf(validate, `${p.in} ${p.name}`));
    }
  }
  const known = new Set(
    op.parameters.filter(p => p.in === 'query').map(p => p.name),
  );
  for (const name of Object.keys(c.query ?? {})) {
    if (!known.has(name)) problems.push(`query ${name} not declared`);
  }
  const requestBody = op.definition.requestBody;
  if (c.rawBody !== undefined) {
    problems.push('raw body');
  } else if (c.body === undefined) {
    if (requestBody?.required) problems.push('body missing');
  } else if (!requestBody) {
    problems.push('body not declared');
  } else {
    const validate = validatorAt(
      bodies,
      `${op.pointer}/requestBody/content/application~1json/schema`,
    );
    if (!validate(c.body)) problems.push(...problemsOf(validate, 'body'));
  }
  return problems;
}

/** Keeps the body as text, whatever its type. */
function rawText(
  res: any,
  callback: (error: Error | null, body: string) => void,
) {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => callback(null, text));
}

/**
 * Sends a request built from the spec's path template and checks the answer:
 * the expected status, declared explicitly for the operation, a declared
 * content type, and a JSON body valid against the declared schema.
 */
async function call(
  server: Server,
  status: number,
  c: Call,
): Promise<{
  status: number;
  body: any;
  text: string;
  headers: Record<string, string>;
}> {
  const op = operations.get(c.op);
  if (!op) throw new Error(`No operation ${c.op} in the spec`);
  const values: Record<string, string | number> = {
    ...DEFAULT_PARAMS,
    ...c.params,
  };
  const url =
    BASE_PATH +
    op.path.replace(/\{([^}]+)\}/g, (_m, name) =>
      encodeURIComponent(String(values[name])),
    );
  let test = (request(server) as any)
    [op.method](url)
    .buffer(true)
    .parse(rawText) as request.Test;
  if (c.query) test = test.query(c.query);
  if (c.auth !== false)
    test = test.set('Authorization', mockCredentials.user.header());
  if (c.rawBody !== undefined) {
    test = test.set('Content-Type', 'application/json').send(c.rawBody);
  } else if (c.body !== undefined) {
    test = test.send(c.body as object);
  }
  const response = await test;
  const text: string = response.body ?? '';
  const label = `${c.op} ${JSON.stringify({
    ...c,
    op: undefined,
    rawBody: c.rawBody?.slice(0, 40),
  })}`;
  expect({
    call: label,
    status: response.status,
    text: response.status === status ? '' : text.slice(0, 500),
  }).toEqual({
    call: label,
    status,
    text: '',
  });

  const declared = declaredResponse(op, status);
  expect({ call: label, declared: Boolean(declared) }).toEqual({
    call: label,
    declared: true,
  });
  const contentType = String(response.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const content = declared!.value.content ?? {};
  const problems: string[] = [];
  let body: any;
  if (Object.keys(content).length === 0) {
    if (text !== '') problems.push('a body where none is declared');
  } else if (!content[contentType]) {
    problems.push(
      `content type '${contentType}' not declared (${Object.keys(content)})`,
    );
  } else if (contentType === 'application/json') {
    body = JSON.parse(text);
    const validate = validatorAt(
      bodies,
      `${declared!.pointer}/content/${escapePointer(contentType)}/schema`,
    );
    if (!validate(body)) problems.push(...problemsOf(validate, 'response'));
    if (status >= 400 && body?.response?.statusCode !== status) {
      problems.push(`response.statusCode ${body?.response?.statusCode}`);
    }
  } else if (typeof text !== 'string' || text.length === 0) {
    problems.push('an empty download');
  }
  for (const header of ['retry-after', 'content-disposition']) {
    if (response.headers[header] === undefined) continue;
    const headers = Object.keys(declared!.value.headers ?? {}).map(h =>
      h.toLowerCase(),
    );
    if (!headers.includes(header))
      problems.push(`header ${header} not declared`);
  }
  expect({ call: label, problems }).toEqual({ call: label, problems: [] });

  const requestCheck = c.request ?? (status < 300 ? 'valid' : undefined);
  if (requestCheck) {
    const wrong = requestProblems(op, c);
    expect({ call: label, request: requestCheck, wrong }).toEqual(
      requestCheck === 'valid'
        ? { call: label, request: 'valid', wrong: [] }
        : {
            call: label,
            request: 'invalid',
            wrong: expect.arrayContaining([expect.any(String)]),
          },
    );
  }

  if (!exercised.has(op.id)) exercised.set(op.id, new Set());
  exercised.get(op.id)!.add(status);
  return {
    status: response.status,
    body,
    text,
    headers: response.headers as Record<string, string>,
  };
}

/** A request the route accepts, for the routes' common error paths. */
const SAMPLE: Record<string, Partial<Call>> = {
  ValidatePrompt: { body: newDefinition },
  CreatePrompt: { body: newDefinition },
  UpdatePrompt: {
    body: {
      ...newDefinition,
      name: 'escalation-detector',
      expectedRevision: 1,
    },
  },
  RollbackPrompt: { body: { reason: 'undo' } },
  CreateExperiment: {
    body: {
      variants: [
        { promptId: CUSTOMER, weight: 50 },
        { promptId: CONCISE, weight: 50 },
      ],
    },
  },
  StartExperiment: {},
  StopExperiment: { body: {} },
  PromoteExperiment: { body: { promptId: CONCISE, reason: 'won' } },
  ExportPrompt: { body: { target: 'ai-catalogue' } },
};
const sample = (op: string, extra: Partial<Call> = {}): Call => ({
  op,
  ...SAMPLE[op],
  ...extra,
});
const allOps = () => [...operations.values()];
const entityOps = () => allOps().filter(op => op.path.startsWith('/entities/'));
const promptOps = () => allOps().filter(op => op.path.includes('{promptId}'));

const isoDaysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');

describe('responses against the OpenAPI spec', () => {
  let emulator: RunningEmulator;
  let target: { server: Server; url: string };
  let closedPort: number;

  beforeAll(async () => {
    emulator = await startEmulator();
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/slow') {
          setTimeout(() => res.writeHead(201).end(), 1000).unref();
        } else {
          res.writeHead(201).end();
        }
      });
    });
    await new Promise<void>(resolve =>
      receiver.listen(0, '127.0.0.1', resolve),
    );
    target = {
      server: receiver,
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    };
    const probe = createServer();
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise(resolve => probe.close(resolve));
  });
  afterAll(async () => {
    await emulator.close();
    target.server.closeAllConnections?.();
    await new Promise(resolve => target.server.close(resolve));
  });

  async function startBackend(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      genesys?: Record<string, unknown>;
    } = {},
  ): Promise<Server> {
    const { server } = await startTestBackend({
      features: [
        genesysPromptsPlugin,
        mockServices.rootConfig.factory({
          data: {
            genesysPrompts: {
              ...emulatorConnection(emulator),
              retry: { initialDelayMs: 10, maxDelayMs: 40 },
              exportTargets: [
                { name: 'ai-catalogue', url: `${target.url}/generic` },
                { name: 'slow', url: `${target.url}/slow`, timeoutMs: 200 },
                { name: 'down', url: `http://127.0.0.1:${closedPort}/x` },
              ],
              ...options.genesys,
            },
          },
        }),
        // Requests without a token stay unauthenticated (the default is a user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({ entities: [supportBot] }),
      ],
    });
    return server as unknown as Server;
  }

  describe('with every permission', () => {
    let server: Server;
    beforeAll(async () => {
      emulator.reset();
      server = await startBackend();
    });

    it('answers health, the validator and the export targets', async () => {
      const health = await call(server, 200, { op: 'GetHealth', auth: false });
      expect(health.body.status).toBe('ok');

      const valid = await call(server, 200, {
        op: 'ValidatePrompt',
        body: newDefinition,
      });
      expect(valid.body.valid).toBe(true);
      const invalid = await call(server, 200, {
        op: 'ValidatePrompt',
        body: { ...newDefinition, template: 'Hi {{ nobody }}' },
      });
      expect(invalid.body.valid).toBe(false);
      await call(server, 400, {
        op: 'ValidatePrompt',
        body: { ...newDefinition, maxTokens: 'many' },
        request: 'invalid',
      });
      await call(server, 400, { op: 'ValidatePrompt', rawBody: '{"name": ' });
      await call(server, 413, {
        op: 'ValidatePrompt',
        body: { ...newDefinition, template: 'x'.repeat(2_200_000) },
        request: 'invalid',
      });

      const targets = await call(server, 200, { op: 'ListExportTargets' });
      expect(targets.body.items.map((t: any) => t.name)).toEqual([
        'ai-catalogue',
        'slow',
        'down',
      ]);
    });

    it('answers 401 on every route but /health without a token', async () => {
      for (const op of allOps()) {
        if (op.definition.security?.length === 0) continue;
        await call(server, 401, sample(op.id, { auth: false }));
      }
    });

    it('answers 404 on every entity route for an entity the caller cannot see', async () => {
      for (const op of entityOps()) {
        await call(
          server,
          404,
          sample(op.id, { params: { name: 'no-such-service' } }),
        );
      }
    });

    it('answers 400 on every entity route for a malformed entity ref', async () => {
      for (const op of entityOps()) {
        await call(
          server,
          400,
          sample(op.id, {
            params: { kind: 'k'.repeat(64) },
            request: 'invalid',
          }),
        );
      }
    });

    it('answers 400 on every prompt route for a malformed prompt id', async () => {
      for (const op of promptOps()) {
        await call(
          server,
          400,
          sample(op.id, {
            params: { promptId: 'not.an.id' },
            request: 'invalid',
          }),
        );
      }
    });

    it('answers 413 on every route with a body for more than 2 MB of JSON', async () => {
      const huge = 'x'.repeat(2_200_000);
      for (const op of allOps()) {
        if (!op.definition.requestBody) continue;
        await call(server, 413, {
          op: op.id,
          body: { padding: huge },
          request: 'invalid',
        });
      }
    });

    it('answers 404 on every prompt route for a prompt the entity does not own', async () => {
      for (const op of promptOps()) {
        await call(
          server,
          404,
          sample(op.id, { params: { promptId: NOT_OWNED }, request: 'valid' }),
        );
      }
    });

    it('creates, reads, updates and rolls back prompts', async () => {
      const list = await call(server, 200, { op: 'ListEntityPrompts' });
      expect(list.body.items).toContainEqual({
        name: 'refund-policy-explainer',
        notFound: true,
      });

      const created = await call(server, 201, {
        op: 'CreatePrompt',
        body: newDefinition,
      });
      expect(created.body.version.action).toBe('create');
      await call(server, 409, {
        op: 'CreatePrompt',
        body: newDefinition,
        request: 'valid',
      });
      const rejected = await call(server, 400, {
        op: 'CreatePrompt',
        body: { ...newDefinition, template: 'Hi {{nobody}}' },
        request: 'valid',
      });
      expect(rejected.body.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'undefined-variable' }),
        ]),
      );
      expect(rejected.body.budget).toBeDefined();
      await call(server, 400, {
        op: 'CreatePrompt',
        body: { ...newDefinition, name: 'not-annotated' },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'CreatePrompt',
        body: { ...newDefinition, colour: 'red' },
        request: 'invalid',
      });

      const current = (await call(server, 200, { op: 'GetEntityPrompt' })).body
        .prompt;
      const {
        id,
        revision,
        selfUri,
        dateCreated,
        dateModified,
        ...definition
      } = current;
      const edit = (extra: Record<string, unknown> = {}) => ({
        ...definition,
        template: `${definition.template}\nKeep it short.`,
        expectedRevision: revision,
        reason: 'shorter',
        ...extra,
      });
      await call(server, 409, {
        op: 'UpdatePrompt',
        body: edit({ expectedRevision: revision + 5 }),
        request: 'valid',
      });
      const invalidUpdate = await call(server, 400, {
        op: 'UpdatePrompt',
        body: edit({ template: 'Hi {{nobody}}' }),
        request: 'valid',
      });
      expect(invalidUpdate.body.issues.length).toBeGreaterThan(0);
      await call(server, 400, {
        op: 'UpdatePrompt',
        body: edit({ reason: '   ' }),
        request: 'invalid',
      });
      await call(server, 400, {
        op: 'UpdatePrompt',
        body: edit({ maxTokens: 'many' }),
        request: 'invalid',
      });
      await call(server, 400, {
        op: 'UpdatePrompt',
        body: edit({ name: 'renamed' }),
        request: 'valid',
      });
      const updated = await call(server, 200, {
        op: 'UpdatePrompt',
        body: edit(),
      });
      expect(updated.body.version).toMatchObject({
        versionNo: 2,
        action: 'update',
      });

      await call(server, 409, {
        op: 'RollbackPrompt',
        params: { promptId: CONCISE },
        body: { reason: 'nothing to go back to' },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'RollbackPrompt',
        body: { toVersion: 1 },
        request: 'invalid',
      });
      await call(server, 400, {
        op: 'RollbackPrompt',
        body: { toVersion: 2, reason: 'already there' },
        request: 'valid',
      });
      await call(server, 404, {
        op: 'RollbackPrompt',
        body: { toVersion: 99, reason: 'too far' },
        request: 'valid',
      });
      const rolledBack = await call(server, 200, {
        op: 'RollbackPrompt',
        body: { reason: 'too terse' },
      });
      expect(rolledBack.body.version).toMatchObject({
        action: 'rollback',
        sourceVersionNo: 1,
      });
    });

    it('serves version history, audit, guard checks and downloads', async () => {
      const page = await call(server, 200, {
        op: 'ListPromptVersions',
        query: { limit: 2 },
      });
      expect(page.body.nextCursor).toBeDefined();
      const last = await call(server, 200, {
        op: 'ListPromptVersions',
        query: { limit: 2, cursor: page.body.nextCursor },
      });
      expect(last.body.nextCursor).toBeUndefined();
      await call(server, 400, {
        op: 'ListPromptVersions',
        query: { cursor: 'abc' },
        request: 'invalid',
      });
      await call(server, 400, {
        op: 'ListPromptVersions',
        query: { page: 2 },
        request: 'invalid',
      });

      const version = await call(server, 200, {
        op: 'GetPromptVersion',
        params: { versionNo: 2 },
      });
      expect(version.body.definition.template).toMatch(/Keep it short\.$/);
      await call(server, 404, {
        op: 'GetPromptVersion',
        params: { versionNo: 99 },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'GetPromptVersion',
        params: { versionNo: 'two' },
        request: 'invalid',
      });

      const audit = await call(server, 200, { op: 'ListPromptAudit' });
      expect(audit.body.items.length).toBeGreaterThan(0);
      await call(server, 400, {
        op: 'ListPromptAudit',
        query: { limit: 0 },
        request: 'invalid',
      });

      const guard = await call(server, 200, { op: 'ListGuardChecks' });
      expect(guard.body.items.length).toBeGreaterThan(0);

      const history = await call(server, 200, { op: 'ExportPromptHistory' });
      expect(history.headers['content-disposition']).toBe(
        'attachment; filename="escalation-detector-history.json"',
      );
      expect(history.body.versions.map((v: any) => v.action)).toEqual([
        'import',
        'update',
        'rollback',
      ]);

      const all = await call(server, 200, {
        op: 'ListAudit',
        query: { action: 'update', from: isoDaysAgo(1), limit: 10 },
      });
      expect(all.body.items.length).toBeGreaterThan(0);
      await call(server, 400, {
        op: 'ListAudit',
        query: { from: 'yesterday' },
        request: 'invalid',
      });
      await call(server, 400, {
        op: 'ListAudit',
        query: { colour: 'red' },
        request: 'invalid',
      });
      const verify = await call(server, 200, { op: 'VerifyAudit' });
      expect(verify.body.ok).toBe(true);

      const jsonl = await call(server, 200, { op: 'ExportAudit' });
      expect(jsonl.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const entry = validatorAt(bodies, '/components/schemas/AuditLogEntry');
      const lines = jsonl.text.trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect({
          line,
          valid: entry(JSON.parse(line)),
          errors: entry.errors ?? null,
        }).toEqual({
          line,
          valid: true,
          errors: null,
        });
      }
      const csv = await call(server, 200, {
        op: 'ExportAudit',
        query: { format: 'csv' },
      });
      expect(csv.text.split('\r\n')[0]).toBe(
        'seq,id,createdAt,action,outcome,promptId,entityRef,actor,details,prevHash,hash',
      );
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="genesys-prompts-audit.csv"',
      );
      await call(server, 400, {
        op: 'ExportAudit',
        query: { format: 'xml' },
        request: 'invalid',
      });
    });

    it('serves metrics', async () => {
      // Listing the experiments imports the split the demo runs upstream.
      await call(server, 200, {
        op: 'ListExperiments',
        params: { promptId: CUSTOMER },
      });
      const entity = await call(server, 200, {
        op: 'GetEntityMetrics',
        query: { granularity: 'PT1H' },
      });
      expect(entity.body.items.length).toBeGreaterThan(0);
      await call(server, 400, {
        op: 'GetEntityMetrics',
        query: { from: isoDaysAgo(1), to: isoDaysAgo(2) },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'GetEntityMetrics',
        query: { granularity: 'PT1S' },
        request: 'invalid',
      });

      const prompt = await call(server, 200, {
        op: 'GetPromptMetrics',
        params: { promptId: CUSTOMER },
        query: { granularity: 'P1D', from: isoDaysAgo(7), to: isoDaysAgo(0) },
      });
      // The demo runs a split on this prompt: the variants are shown.
      expect(prompt.body.variants?.length).toBeGreaterThan(1);
      await call(server, 400, {
        op: 'GetPromptMetrics',
        query: { from: isoDaysAgo(200), to: isoDaysAgo(1) },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'GetPromptMetrics',
        query: { window: '7d' },
        request: 'invalid',
      });
    });

    it('runs an experiment through its life', async () => {
      const p = { promptId: CUSTOMER };
      const list = await call(server, 200, {
        op: 'ListExperiments',
        params: p,
      });
      const imported = list.body.items.find((e: any) => e.status === 'running');
      expect(imported).toBeDefined();
      const range = { from: isoDaysAgo(3), to: isoDaysAgo(1) };

      const results = await call(server, 200, {
        op: 'GetExperimentResults',
        params: { ...p, experimentId: imported.id },
        query: range,
      });
      expect(results.body.comparisons).toHaveLength(1);
      await call(server, 400, {
        op: 'GetExperimentResults',
        params: { ...p, experimentId: imported.id },
        query: { since: 'then' },
        request: 'invalid',
      });

      const draft = await call(server, 201, {
        op: 'CreateExperiment',
        params: p,
        body: {
          variants: [
            { promptId: CUSTOMER, weight: 70 },
            { promptId: CONCISE, weight: 30 },
          ],
          guard: { maxSuccessRateDrop: 0.1 },
        },
      });
      const id = { ...p, experimentId: draft.body.id };
      await call(server, 400, {
        op: 'CreateExperiment',
        params: p,
        body: {
          variants: [
            { promptId: CUSTOMER, weight: 60 },
            { promptId: CONCISE, weight: 30 },
          ],
        },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'CreateExperiment',
        params: p,
        body: {
          ...(SAMPLE.CreateExperiment.body as object),
          guard: { maxErrorRate: 3 },
        },
        request: 'invalid',
      });
      await call(server, 409, {
        op: 'GetExperimentResults',
        params: id,
        query: range,
        request: 'valid',
      });
      await call(server, 409, {
        op: 'StartExperiment',
        params: id,
        request: 'valid',
      });

      await call(server, 400, {
        op: 'StopExperiment',
        params: { ...p, experimentId: imported.id },
        body: { reason: 'x', force: true },
        request: 'invalid',
      });
      await call(server, 200, {
        op: 'StopExperiment',
        params: { ...p, experimentId: imported.id },
        body: { reason: 'make room' },
      });
      await call(server, 409, {
        op: 'StopExperiment',
        params: { ...p, experimentId: imported.id },
        body: {},
        request: 'valid',
      });

      await call(server, 400, {
        op: 'StartExperiment',
        params: id,
        body: { now: true },
        request: 'invalid',
      });
      await call(server, 400, {
        op: 'StartExperiment',
        params: { ...p, experimentId: 'not-a-uuid' },
        request: 'invalid',
      });
      const started = await call(server, 200, {
        op: 'StartExperiment',
        params: id,
      });
      expect(started.body.status).toBe('running');
      await call(server, 409, {
        op: 'StartExperiment',
        params: id,
        request: 'valid',
      });

      await call(server, 400, {
        op: 'PromoteExperiment',
        params: id,
        body: { promptId: CUSTOMER, reason: 'the primary' },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'PromoteExperiment',
        params: id,
        body: { promptId: CONCISE },
        request: 'invalid',
      });
      const promoted = await call(server, 200, {
        op: 'PromoteExperiment',
        params: id,
        body: { promptId: CONCISE, reason: 'shorter answers won' },
      });
      expect(promoted.body.experiment.status).toBe('promoted');
      await call(server, 409, {
        op: 'PromoteExperiment',
        params: id,
        body: { promptId: CONCISE, reason: 'again' },
        request: 'valid',
      });
    });

    it('exports to configured targets', async () => {
      const exported = await call(server, 200, {
        op: 'ExportPrompt',
        body: { target: 'ai-catalogue' },
      });
      expect(exported.body).toMatchObject({
        target: 'ai-catalogue',
        status: 201,
      });
      await call(server, 400, {
        op: 'ExportPrompt',
        body: { target: 'nowhere' },
        request: 'valid',
      });
      await call(server, 400, {
        op: 'ExportPrompt',
        body: { target: 'ai-catalogue', url: 'http://elsewhere.example' },
        request: 'invalid',
      });
      await call(server, 502, {
        op: 'ExportPrompt',
        body: { target: 'down' },
        request: 'valid',
      });
      await call(server, 504, {
        op: 'ExportPrompt',
        body: { target: 'slow' },
        request: 'valid',
      });
    });
  });

  describe('when the permission policy denies', () => {
    it('answers 403 on every permission-checked route', async () => {
      emulator.reset();
      const server = await startBackend({ permission: AuthorizeResult.DENY });
      const open = new Set([
        'GetHealth',
        'ValidatePrompt',
        'ListExportTargets',
      ]);
      for (const op of allOps()) {
        if (open.has(op.id)) continue;
        const denied = await call(
          server,
          403,
          sample(op.id, { request: 'valid' }),
        );
        expect(denied.body.error.message).toMatch(
          /^Not allowed: genesys-prompts\./,
        );
      }
    });
  });

  describe('when the upstream fails', () => {
    const faulty = async () => {
      emulator.reset();
      return startBackend({ genesys: { requestTimeoutMs: 400 } });
    };
    const match = (method: string) => ({ method, path: '/api/v2/ai/llm/' });
    const cases: Array<
      [string, number, (server: Server) => Promise<Call>, EmulatorFaults]
    > = [
      [
        'a read meeting 500s',
        502,
        async () => ({ op: 'ListEntityPrompts' }),
        {
          serverError: { status: 500, match: match('GET') },
        },
      ],
      [
        'a read meeting 503s',
        503,
        async () => ({ op: 'GetEntityPrompt' }),
        {
          serverError: { status: 503, match: match('GET') },
        },
      ],
      [
        'a read that hangs',
        504,
        async () => ({ op: 'GetEntityPrompt' }),
        {
          hang: { match: match('GET') },
        },
      ],
      [
        'an update meeting 502s',
        502,
        async server => {
          const {
            id,
            revision,
            selfUri,
            dateCreated,
            dateModified,
            ...definition
          } = (await call(server, 200, { op: 'GetEntityPrompt' })).body.prompt;
          return {
            op: 'UpdatePrompt',
            body: {
              ...definition,
              template: `${definition.template} Be brief.`,
              expectedRevision: revision,
            },
            request: 'valid',
          };
        },
        { serverError: { status: 502, match: match('PUT') } },
      ],
      [
        'a create meeting a long rate limit',
        503,
        async () => ({
          op: 'CreatePrompt',
          body: newDefinition,
          request: 'valid',
        }),
        { tooManyRequests: { retryAfterSeconds: 600, match: match('POST') } },
      ],
    ];

    // Every route that reaches Genesys before anything else can fail (the
    // experiment-id routes read the local experiment first).
    const upstreamOps = [
      'ListEntityPrompts',
      'CreatePrompt',
      'GetEntityPrompt',
      'UpdatePrompt',
      'RollbackPrompt',
      'ListPromptVersions',
      'GetPromptVersion',
      'ListPromptAudit',
      'GetEntityMetrics',
      'GetPromptMetrics',
      'ListGuardChecks',
      'ListExperiments',
      'CreateExperiment',
      'ExportPrompt',
      'ExportPromptHistory',
    ];
    it.each(
      upstreamOps.flatMap(
        op =>
          [
            [op, 502],
            [op, 503],
          ] as Array<[string, 502 | 503]>,
      ),
    )(
      'answers %s with %d when Genesys keeps answering with it',
      async (op, status) => {
        const server = await faulty();
        emulator.setFaults({
          serverError: { status, match: { path: '/api/v2/ai/llm/' } },
        });
        try {
          const response = await call(
            server,
            status,
            sample(op, { request: 'valid' }),
          );
          expect(response.body.error.message).toMatch(
            /correlation id [0-9a-f-]{36}/,
          );
        } finally {
          emulator.clearFaults();
        }
      },
    );

    it.each(cases)(
      'answers %s with %d, declared',
      async (_name, status, prepare, faults) => {
        const server = await faulty();
        const request_ = await prepare(server);
        emulator.setFaults(faults);
        try {
          const response = await call(server, status, request_);
          // A hang has no answer, hence no correlation id to quote.
          expect(
            /correlation id [0-9a-f-]{36}/.test(response.body.error.message),
          ).toBe(status !== 504);
        } finally {
          emulator.clearFaults();
        }
      },
    );
  });
});

// ------------------------------------------------------------- coverage

describe('coverage of the spec', () => {
  it('exercised every operation’s success status and reports (operation, status) pairs', () => {
    const rows: string[] = [];
    let declaredPairs = 0;
    let exercisedPairs = 0;
    const missingSuccess: string[] = [];
    for (const op of operations.values()) {
      const declared = Object.keys(op.definition.responses)
        .filter(s => s !== 'default')
        .map(Number);
      const seen = exercised.get(op.id) ?? new Set<number>();
      declaredPairs += declared.length;
      exercisedPairs += declared.filter(s => seen.has(s)).length;
      const success = declared.filter(s => s < 300);
      if (!success.some(s => seen.has(s))) missingSuccess.push(op.id);
      const notSeen = declared.filter(s => !seen.has(s));
      rows.push(
        `${op.id.padEnd(22)} ${[...seen]
          .sort()
          .join(',')
          .padEnd(36)} not exercised: ${notSeen.join(',') || '-'}`,
      );
    }
    // eslint-disable-next-line no-console
    console.log(
      `OpenAPI coverage: ${exercisedPairs} of ${declaredPairs} declared (operation, status) pairs exercised over ${
        operations.size
      } operations\n${rows.join('\n')}`,
    );
    expect(missingSuccess).toEqual([]);
    expect(exercisedPairs).toBeGreaterThan(declaredPairs / 2);
  });
});
