import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEMO_PROMPT_NAMES,
  demoPromptId,
  RunningEmulator,
  startEmulator,
} from '@genesys-prompts/genesys-emulator';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { emulatorConnection } from './testing/emulatorConnection';
import {
  mapLimit,
  RawRequest,
  RawResponse,
  rawClient,
  removeUpstreamSplit,
  seededRandom,
} from './testing/securityHarness';
import { genesysPromptsPlugin } from './plugin';

/*
 * Issue 8: generated malformed requests for every route of the REST API.
 * Wrong types, missing and extra fields, huge strings, odd Unicode,
 * prototype keys, injection strings, unknown entities: no answer is a 5xx,
 * nothing is written upstream or locally, every 4xx is a Backstage error body
 * without a stack. Deterministic (seeded); run on every test database.
 */

const SEED = 0x8f3a_2c11;
const CONCURRENCY = 8;
const MIN_REQUESTS = 3000;

const PRIMARY = demoPromptId('customer-support-assistant');
const CONCISE = demoPromptId('customer-support-assistant-concise');
const OWNED_IDS = DEMO_PROMPT_NAMES.map(demoPromptId);
const API = '/api/genesys-prompts';

/** The demo entity: every demo prompt, plus a name Genesys does not have. */
const supportBot: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'support-bot',
    namespace: 'default',
    annotations: {
      'genesys.cloud/llm-prompts': [
        ...DEMO_PROMPT_NAMES,
        'warranty-claims',
      ].join(', '),
    },
  },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};
/** Readable, owns nothing. */
const otherService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'other-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/contact-centre-ai' },
};

// ---------------------------------------------------------------- routes

interface PathParts {
  namespace: string;
  kind: string;
  name: string;
  promptId: string;
  experimentId: string;
  versionNo: string;
}
type Param = keyof PathParts;

type QueryKind = 'int' | 'cursor' | 'iso' | 'granularity' | 'format' | 'text';

interface RouteSpec {
  id: string;
  method: 'GET' | 'POST' | 'PUT';
  path: (p: PathParts) => string;
  params: Param[];
  /** The query fields the route's schema knows (absent: it reads no query). */
  query?: Record<string, QueryKind>;
  /** A body of the right shape that the route must still refuse without writing. */
  body?: unknown;
  /** Some routes answer 401 only without the plugin's auth (health is open). */
  unauthenticated?: boolean;
}

const ENTITY = (p: PathParts) =>
  `${API}/entities/${p.namespace}/${p.kind}/${p.name}`;
const PROMPT = (p: PathParts) => `${ENTITY(p)}/prompts/${p.promptId}`;
const EXPERIMENT = (p: PathParts) =>
  `${PROMPT(p)}/experiments/${p.experimentId}`;
const E: Param[] = ['namespace', 'kind', 'name'];
const P: Param[] = [...E, 'promptId'];
const X: Param[] = [...P, 'experimentId'];

const PAGE: Record<string, QueryKind> = { limit: 'int', cursor: 'cursor' };
const RANGE: Record<string, QueryKind> = { from: 'iso', to: 'iso' };
const AUDIT_FILTER: Record<string, QueryKind> = {
  promptId: 'text',
  entityRef: 'text',
  action: 'text',
  actor: 'text',
  ...RANGE,
};

// Shapes that pass the schemas; each is refused later for a reason no
// mutation below can remove (a name the annotation lacks, a renamed prompt,
// an unowned variant, no history, no experiment, no such target).
const DEFINITION = {
  name: 'not-in-the-annotation',
  version: '1.0.0',
  template: 'Hello {{customer_name}}, how can I help?',
  variables: [
    {
      name: 'customer_name',
      type: 'string',
      required: true,
      defaultValue: 'x',
    },
  ],
  contextRules: [
    { source: 'knowledge_base', maxTokens: 100, injectionPoint: 'system' },
  ],
  modelId: 'openai-gpt-4o',
  maxTokens: 500,
};
const UPDATE = {
  ...DEFINITION,
  name: 'renamed-prompt',
  expectedRevision: 1,
  reason: 'fuzz',
};
const EXPERIMENT_BODY = {
  variants: [
    { promptId: PRIMARY, weight: 60 },
    { promptId: 'not-owned-prompt', weight: 30 },
  ],
  guard: {
    maxSuccessRateDrop: 0.1,
    maxP95LatencyIncrease: 0.5,
    maxErrorRate: 0.2,
    minRequests: 10,
    windowSeconds: 600,
  },
};

const ROUTES: RouteSpec[] = [
  {
    id: 'GET /health',
    method: 'GET',
    path: () => `${API}/health`,
    params: [],
    unauthenticated: true,
  },
  {
    id: 'POST /validate',
    method: 'POST',
    path: () => `${API}/validate`,
    params: [],
    body: DEFINITION,
  },
  {
    id: 'GET /export-targets',
    method: 'GET',
    path: () => `${API}/export-targets`,
    params: [],
  },
  {
    id: 'GET /audit',
    method: 'GET',
    path: () => `${API}/audit`,
    params: [],
    query: { ...PAGE, ...AUDIT_FILTER },
  },
  {
    id: 'GET /audit/export',
    method: 'GET',
    path: () => `${API}/audit/export`,
    params: [],
    query: { format: 'format', ...AUDIT_FILTER },
  },
  {
    id: 'GET /audit/verify',
    method: 'GET',
    path: () => `${API}/audit/verify`,
    params: [],
  },
  {
    id: 'GET :entity/prompts',
    method: 'GET',
    path: p => `${ENTITY(p)}/prompts`,
    params: E,
  },
  {
    id: 'POST :entity/prompts',
    method: 'POST',
    path: p => `${ENTITY(p)}/prompts`,
    params: E,
    body: DEFINITION,
  },
  {
    id: 'GET :entity/metrics',
    method: 'GET',
    path: p => `${ENTITY(p)}/metrics`,
    params: E,
    query: { ...RANGE, granularity: 'granularity' },
  },
  { id: 'GET :prompt', method: 'GET', path: PROMPT, params: P },
  { id: 'PUT :prompt', method: 'PUT', path: PROMPT, params: P, body: UPDATE },
  {
    id: 'POST :prompt/rollback',
    method: 'POST',
    path: p => `${PROMPT(p)}/rollback`,
    params: P,
    body: { toVersion: 1, reason: 'fuzz' },
  },
  {
    id: 'GET :prompt/versions',
    method: 'GET',
    path: p => `${PROMPT(p)}/versions`,
    params: P,
    query: PAGE,
  },
  {
    id: 'GET :prompt/versions/:versionNo',
    method: 'GET',
    path: p => `${PROMPT(p)}/versions/${p.versionNo}`,
    params: [...P, 'versionNo'],
  },
  {
    id: 'GET :prompt/audit',
    method: 'GET',
    path: p => `${PROMPT(p)}/audit`,
    params: P,
    query: PAGE,
  },
  {
    id: 'GET :prompt/metrics',
    method: 'GET',
    path: p => `${PROMPT(p)}/metrics`,
    params: P,
    query: { ...RANGE, granularity: 'granularity' },
  },
  {
    id: 'GET :prompt/guard',
    method: 'GET',
    path: p => `${PROMPT(p)}/guard`,
    params: P,
  },
  {
    id: 'GET :prompt/experiments',
    method: 'GET',
    path: p => `${PROMPT(p)}/experiments`,
    params: P,
  },
  {
    id: 'POST :prompt/experiments',
    method: 'POST',
    path: p => `${PROMPT(p)}/experiments`,
    params: P,
    body: EXPERIMENT_BODY,
  },
  {
    id: 'GET :experiment/results',
    method: 'GET',
    path: p => `${EXPERIMENT(p)}/results`,
    params: X,
    query: RANGE,
  },
  {
    id: 'POST :experiment/start',
    method: 'POST',
    path: p => `${EXPERIMENT(p)}/start`,
    params: X,
    body: {},
  },
  {
    id: 'POST :experiment/stop',
    method: 'POST',
    path: p => `${EXPERIMENT(p)}/stop`,
    params: X,
    body: { reason: 'fuzz' },
  },
  {
    id: 'POST :experiment/promote',
    method: 'POST',
    path: p => `${EXPERIMENT(p)}/promote`,
    params: X,
    body: { promptId: CONCISE, reason: 'fuzz' },
  },
  {
    id: 'POST :prompt/export',
    method: 'POST',
    path: p => `${PROMPT(p)}/export`,
    params: P,
    body: { target: 'no-such-target' },
  },
  {
    id: 'GET :prompt/history/export',
    method: 'GET',
    path: p => `${PROMPT(p)}/history/export`,
    params: P,
  },
];

const BASE_PARTS: PathParts = {
  namespace: 'default',
  kind: 'component',
  name: 'support-bot',
  promptId: PRIMARY,
  // Well-formed, never created.
  experimentId: '6f1c7a52-3b1e-4c4e-9a7e-1f2b3c4d5e6f',
  versionNo: '1',
};

// ------------------------------------------------------------ values

const enc = encodeURIComponent;
const SQL = "'; DROP TABLE audit_log; --";
const TEMPLATE_INJECTION = "{{constructor.constructor('x')()}}";
const ONE_MB = 1024 * 1024;

/** Path segments, already encoded as they go on the wire. */
const SEGMENTS_COMMON = [
  '..',
  '.',
  '..%2F..%2Fadmin',
  '%2e%2e%2f',
  '%2F',
  '%00',
  'a%00b',
  '%ff',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  enc('𝔘𝔫𝔦𝔠𝔬𝔡𝔢'),
  enc('\u202Eevil'),
  enc('a\u200Bb\uFEFF'),
  enc(SQL),
  enc(TEMPLATE_INJECTION),
  enc('$where'),
  '__proto__',
  'constructor',
  'prototype',
  enc('<script>alert(1)</script>'),
  enc('${7*7}'),
  'a'.repeat(5000),
];
const ENTITY_SEGMENTS: Record<'namespace' | 'kind' | 'name', string[]> = {
  namespace: ['other', 'DEFAULT', 'a'.repeat(254), ...SEGMENTS_COMMON],
  kind: [
    'api',
    'user',
    'Component',
    'group',
    'a'.repeat(64),
    ...SEGMENTS_COMMON,
  ],
  name: [
    'no-such-entity',
    'other-service',
    'Support-Bot',
    'a'.repeat(254),
    ...SEGMENTS_COMMON,
  ],
};
const PROMPT_IDS = [
  '00000000-0000-4000-8000-000000000000',
  demoPromptId('not-a-demo-prompt'),
  'customer-support-assistant',
  'warranty-claims',
  PRIMARY.toUpperCase(),
  'a'.repeat(128),
  'a'.repeat(129),
  '-',
  '_',
  ...SEGMENTS_COMMON,
];
const EXPERIMENT_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  BASE_PARTS.experimentId.toUpperCase(),
  `${BASE_PARTS.experimentId}x`,
  PRIMARY,
  ...SEGMENTS_COMMON,
];
const VERSION_NOS = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '9'.repeat(30),
  '2147483647',
  '2147483648',
  '3000000000',
  '%201',
  enc('１'),
  '1%00',
  '999999',
  ...SEGMENTS_COMMON,
];

const PARAM_VALUES: Record<Param, string[]> = {
  ...ENTITY_SEGMENTS,
  promptId: PROMPT_IDS,
  experimentId: EXPERIMENT_IDS,
  versionNo: VERSION_NOS,
};

/** Query values, encoded. */
const QUERY_VALUES = [
  '',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e400',
  'NaN',
  'Infinity',
  '201',
  '2147483648',
  '99999999999',
  '9'.repeat(18),
  '9'.repeat(19),
  'true',
  'null',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%',
  '%ZZ',
  enc(SQL),
  enc('{"$where":"sleep(100)"}'),
  enc(TEMPLATE_INJECTION),
  enc('\u202Eevil'),
  enc('a\u200Bb'),
  enc('__proto__'),
  '2026-13-45T25:61:00Z',
  '2026-11-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'PT1S',
  'xml',
  'x'.repeat(10_000),
];
const QUERY_SHAPES = (field: string) => [
  `${field}[]=1&${field}[]=2`,
  `${field}=1&${field}=2`,
  `${field}[$ne]=1`,
  `${field}[$gt]=`,
  `${field}[__proto__][x]=1`,
  `${field}[0]=a`,
  `${field}[a][b][c][d][e][f][g]=1`,
  `${field}[]=`,
];
const GENERIC_QUERIES = [
  'unknown=1',
  '__proto__[polluted]=1',
  'constructor[prototype][polluted]=1',
  'a=1&a=2',
  '%00=1',
  `x=${'y'.repeat(12_000)}`,
  '=',
  '&&&',
  '%',
  'a%ZZ=1',
  `${enc(SQL)}=1`,
  '$where=1',
  'limit=1&limit=2&cursor[]=1',
];

/** A JSON literal inserted as-is (for numbers JSON.stringify cannot make). */
class RawJson {
  constructor(readonly text: string) {}
}
function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}
function withOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/** Wrong values for any body field; the full list for top-level fields. */
const WRONG_VALUES: Array<[string, () => unknown]> = [
  ['null', () => null],
  ['true', () => true],
  ['0', () => 0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['1e308', () => 1e308],
  ['-1e308', () => -1e308],
  ['1e400', () => new RawJson('1e400')],
  ['-0', () => new RawJson('-0')],
  ['2^53+1', () => new RawJson('9007199254740993')],
  ['""', () => ''],
  ['"1"', () => '1'],
  ['[]', () => []],
  ['["x"]', () => ['x']],
  ['{}', () => ({})],
  ['{a:1}', () => ({ a: 1 })],
  ['10k string', () => 'a'.repeat(10_001)],
  ['sql', () => SQL],
  ['$where', () => ({ $where: 'sleep(1000)' })],
  ['$ne', () => ({ $ne: null })],
  ['template injection', () => TEMPLATE_INJECTION],
  ['"__proto__"', () => '__proto__'],
  ['lone surrogate', () => '\ud800'],
  ['rtl', () => '\u202Egnp.exe'],
  ['zero-width', () => 'a\u200Bb\uFEFF'],
  ['nul', () => 'a\u0000b'],
  ['emoji', () => '👩‍💻'.repeat(200)],
  ['deep array', () => deepArray(2000)],
  ['{__proto__}', () => withOwn({}, '__proto__', { polluted: true })],
];
const NESTED_WRONG = new Set([
  'null',
  '0',
  '1.5',
  '1e400',
  '""',
  '[]',
  '{}',
  '10k string',
  'sql',
  '$where',
  'lone surrogate',
  'nul',
  '{__proto__}',
]);
const EXTRA_KEYS: Array<[string, () => unknown]> = [
  ['extra', () => 1],
  ['__proto__', () => ({ polluted: true, isAdmin: true })],
  ['constructor', () => ({ prototype: { polluted: true } })],
  ['$where', () => 'sleep(1000)'],
  ['url', () => 'http://127.0.0.1:1/collect'],
];

/** Raw bodies and content types for every route that reads a body. */
const RAW_BODIES: Array<[string, string, string]> = [
  ['invalid json {', 'application/json', '{'],
  ['invalid json value', 'application/json', '{"a":}'],
  ['single quotes', 'application/json', "{'a':1}"],
  ['trailing comma', 'application/json', '[1,]'],
  ['undefined', 'application/json', 'undefined'],
  ['NaN', 'application/json', 'NaN'],
  ['trailing garbage', 'application/json', '{"a":1}garbage'],
  ['nul byte', 'application/json', '\u0000'],
  ['bom', 'application/json', '\ufeff{}'],
  ['json string', 'application/json', '"just a string"'],
  ['json null', 'application/json', 'null'],
  ['json true', 'application/json', 'true'],
  ['json number', 'application/json', '123'],
  ['json array', 'application/json', '[]'],
  ['empty', 'application/json', ''],
  [
    'escaped lone surrogate',
    'application/json',
    '{"reason":"\\ud800","target":"\\udfff"}',
  ],
  [
    '__proto__ body',
    'application/json',
    '{"__proto__":{"polluted":true,"isAdmin":true}}',
  ],
  [
    'constructor body',
    'application/json',
    '{"constructor":{"prototype":{"polluted":true}}}',
  ],
  [
    'duplicate keys',
    'application/json',
    '{"name":"a","name":{"x":1},"reason":"r","reason":[1]}',
  ],
  [
    '1e999999',
    'application/json',
    '{"maxTokens":1e999999,"weight":1e999999,"toVersion":1e999999}',
  ],
  [
    'deep arrays',
    'application/json',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  ],
  [
    'deep objects',
    'application/json',
    `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
  ],
  ['text/plain', 'text/plain', '{"target":"x","reason":"r"}'],
  [
    'form',
    'application/x-www-form-urlencoded',
    'target=x&url=http%3A%2F%2F127.0.0.1%3A1&reason=r',
  ],
  [
    'multipart',
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  ],
  ['latin1 charset', 'application/json; charset=latin1', '{"reason":"r"}'],
  ['utf-16 charset', 'application/json; charset=utf-16', '{"reason":"r"}'],
  ['xml', 'application/xml', '<a>1</a>'],
  ['json no content-type', '', '{"reason":"r"}'],
  ['vendor json', 'application/vnd.api+json', '{"reason":"r"}'],
];

// -------------------------------------------------------- generation

interface Draft {
  route: RouteSpec;
  method: string;
  parts: PathParts;
  query: string[];
  body?: { json: unknown } | { raw: string; contentType: string };
  headers: Record<string, string>;
  label: string;
  /** The method/path pair exists in no router: a plain 404 is expected. */
  unmatched?: boolean;
  big?: boolean;
}

function stringify(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@raw${raws.length - 1}@@`;
    }
    return v;
  });
  return text.replace(/"@@raw(\d+)@@"/g, (_m, i) => raws[Number(i)]);
}

function toRequest(draft: Draft, auth: string): RawRequest {
  const path =
    draft.route.path(draft.parts) +
    (draft.query.length ? `?${draft.query.join('&')}` : '');
  const headers: Record<string, string> = {
    Authorization: auth,
    ...draft.headers,
  };
  let body: string | undefined;
  if (draft.body && 'json' in draft.body) {
    body = stringify(draft.body.json);
    headers['Content-Type'] ??= 'application/json';
  } else if (draft.body) {
    body = draft.body.raw;
    if (draft.body.contentType)
      headers['Content-Type'] = draft.body.contentType;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (value === '') delete headers[key];
  }
  return { method: draft.method, path, headers, body };
}

/** Every node of a JSON value: its path and whether it is an object or array. */
function nodesOf(value: unknown, path: Array<string | number> = []) {
  const nodes: Array<{ path: Array<string | number>; value: unknown }> = [
    { path, value },
  ];
  if (Array.isArray(value)) {
    value.forEach((item, i) => nodes.push(...nodesOf(item, [...path, i])));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      nodes.push(...nodesOf(item, [...path, key]));
  }
  return nodes;
}

function mutateAt(
  base: unknown,
  path: Array<string | number>,
  change: (parent: any, key: string | number) => void,
) {
  const copy = structuredClone(base);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  change(parent, path[path.length - 1]);
  return copy;
}

function generate(): Draft[] {
  const random = seededRandom(SEED);
  const drafts: Draft[] = [];
  const base = (route: RouteSpec): Draft => ({
    route,
    method: route.method,
    parts: { ...BASE_PARTS },
    query: [],
    body:
      route.body === undefined
        ? undefined
        : { json: structuredClone(route.body) },
    headers: {},
    label: '',
  });
  const add = (draft: Draft) => drafts.push(draft);

  for (const route of ROUTES) {
    // Path parameters: unknown entities, odd kinds, traversal, NUL, Unicode, long.
    for (const param of route.params) {
      const values = PARAM_VALUES[param];
      for (const value of values) {
        const draft = base(route);
        draft.parts[param] = value;
        draft.label = `path ${param}=${value.slice(0, 40)}`;
        add(draft);
      }
    }
    // A prompt the entity does not own, through an entity that owns nothing.
    if (route.params.includes('name')) {
      const draft = base(route);
      draft.parts.name = 'other-service';
      draft.label = 'path entity owning nothing';
      add(draft);
    }

    // Query strings: generic junk, then every known field with wrong values and shapes.
    for (const query of GENERIC_QUERIES) {
      const draft = base(route);
      draft.query = [query];
      draft.label = `query ${query.slice(0, 40)}`;
      add(draft);
    }
    for (const field of Object.keys(route.query ?? {})) {
      for (const value of QUERY_VALUES) {
        const draft = base(route);
        draft.query = [`${field}=${value}`];
        draft.label = `query ${field}=${value.slice(0, 40)}`;
        add(draft);
      }
      for (const shape of QUERY_SHAPES(field)) {
        const draft = base(route);
        draft.query = [shape];
        draft.label = `query ${shape}`;
        add(draft);
      }
    }

    // Credentials: none, garbage, the wrong scheme.
    for (const auth of [
      '',
      'Bearer garbage',
      'Basic Zm9vOmJhcg==',
      `Bearer ${'a'.repeat(4000)}`,
    ]) {
      const draft = base(route);
      draft.headers.Authorization = auth;
      draft.label = `auth ${auth.slice(0, 20) || 'none'}`;
      add(draft);
    }
    // Methods no router serves on this path.
    for (const method of ['DELETE', 'PATCH']) {
      const draft = base(route);
      draft.method = method;
      draft.unmatched = true;
      draft.label = `method ${method}`;
      add(draft);
    }

    if (route.body === undefined) continue;

    // Body: the wrong type at every field, each field missing, extra and prototype keys.
    for (const node of nodesOf(route.body)) {
      const top = node.path.length <= 1;
      if (node.path.length > 0) {
        for (const [name, value] of WRONG_VALUES) {
          if (!top && !NESTED_WRONG.has(name)) continue;
          const draft = base(route);
          draft.body = {
            json: mutateAt(
              route.body,
              node.path,
              (parent, key) => (parent[key] = value()),
            ),
          };
          draft.label = `body ${node.path.join('.')}=${name}`;
          add(draft);
        }
        const missing = base(route);
        missing.body = {
          json: mutateAt(route.body, node.path, (parent, key) =>
            Array.isArray(parent)
              ? parent.splice(Number(key), 1)
              : delete parent[key],
          ),
        };
        missing.label = `body ${node.path.join('.')} missing`;
        add(missing);
      }
      if (
        node.value &&
        typeof node.value === 'object' &&
        !Array.isArray(node.value)
      ) {
        for (const [key, value] of EXTRA_KEYS) {
          const draft = base(route);
          draft.body = {
            json:
              node.path.length === 0
                ? withOwn(structuredClone(route.body) as any, key, value())
                : mutateAt(route.body, node.path, (parent, k) =>
                    withOwn(parent[k], key, value()),
                  ),
          };
          draft.label = `body ${node.path.join('.') || '<root>'} + ${key}`;
          add(draft);
        }
      }
      if (Array.isArray(node.value) && node.value.length > 0) {
        const draft = base(route);
        draft.body = {
          json: mutateAt(route.body, node.path, (parent, key) => {
            parent[key] = Array.from({ length: 250 }, () => parent[key][0]);
          }),
        };
        draft.label = `body ${node.path.join('.')} x250`;
        add(draft);
      }
    }
    // The whole body of the wrong type.
    for (const [name, value] of WRONG_VALUES.slice(0, 16)) {
      const draft = base(route);
      draft.body = { json: value() };
      draft.label = `body <root>=${name}`;
      add(draft);
    }
    for (const [name, contentType, raw] of RAW_BODIES) {
      const draft = base(route);
      draft.body = { raw, contentType };
      draft.label = `raw ${name}`;
      add(draft);
    }
    // Huge strings: 1 MB in the first string field (over every max), and a
    // 3 MB body (over the 2 MB JSON limit: 413).
    const firstString = nodesOf(route.body).find(
      n => typeof n.value === 'string',
    );
    if (firstString) {
      for (const [label, size] of [
        ['1 MB', ONE_MB],
        ['3 MB', 3 * ONE_MB],
      ] as const) {
        const draft = base(route);
        draft.body = {
          json: mutateAt(
            route.body,
            firstString.path,
            (parent, key) => (parent[key] = 'x'.repeat(size)),
          ),
        };
        draft.label = `body ${firstString.path.join('.')}=${label} string`;
        draft.big = true;
        add(draft);
      }
    } else {
      const draft = base(route);
      draft.body = { json: { reason: 'x'.repeat(3 * ONE_MB) } };
      draft.label = 'body 3 MB';
      draft.big = true;
      add(draft);
    }
  }

  // Seeded combinations: a path, a query and a body mutation on one request.
  const singles = drafts.filter(d => !d.unmatched && !d.big);
  for (let i = 0; i < 600; i += 1) {
    const route = random.pick(ROUTES);
    const own = singles.filter(d => d.route === route);
    const draft = base(route);
    const labels: string[] = [];
    for (let j = 0; j < 1 + random.int(3); j += 1) {
      const source = random.pick(own);
      if (source.parts !== undefined && random.next() < 0.5) {
        for (const param of route.params) {
          if (source.parts[param] !== BASE_PARTS[param])
            draft.parts[param] = source.parts[param];
        }
      }
      draft.query.push(...source.query);
      if (source.body && random.next() < 0.7) draft.body = source.body;
      Object.assign(draft.headers, source.headers);
      labels.push(source.label);
    }
    draft.label = `combo ${labels.join(' + ')}`;
    drafts.push(draft);
  }
  return drafts;
}

// ------------------------------------------------------------- checks

interface Outcome {
  draft: Draft;
  request: RawRequest;
  response: RawResponse;
}

function summary(outcome: Outcome): string {
  const { draft, request, response } = outcome;
  const body = request.body === undefined ? '' : String(request.body);
  return [
    `${draft.route.id} [${draft.label}]`,
    `  ${request.method} ${request.path.slice(0, 200)}${
      request.path.length > 200 ? '…' : ''
    }`,
    body ? `  body (${body.length} chars): ${body.slice(0, 160)}` : '',
    `  → ${response.status} ${response.error ?? ''} ${response.body.slice(
      0,
      400,
    )}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Why a 4xx answer is not a Backstage error body, or undefined when it is. */
function errorBodyProblem(outcome: Outcome): string | undefined {
  const { response } = outcome;
  if (/\n\s+at /.test(response.body) || /"stack"\s*:/.test(response.body)) {
    return 'carries a stack trace';
  }
  if (
    outcome.draft.unmatched &&
    response.status === 404 &&
    response.body === ''
  ) {
    return undefined; // the root router's plain 404 for a path no plugin serves
  }
  let parsed: any;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return 'is not JSON';
  }
  if (typeof parsed?.error?.name !== 'string') return 'has no error.name';
  if (typeof parsed?.error?.message !== 'string' || !parsed.error.message) {
    return 'has no error.message';
  }
  if (parsed?.response?.statusCode !== response.status)
    return 'has the wrong response.statusCode';
  return undefined;
}

// -------------------------------------------------------------- suite

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'malformed requests on %s',
  databaseId => {
    let emulator: RunningEmulator;
    let server: Server;
    let knex: Knex;
    let outcomes: Outcome[] = [];
    let elapsedMs = 0;

    beforeAll(async () => {
      emulator = await startEmulator({
        rateLimit: { allowed: 10_000_000, windowSeconds: 60 },
      });
      // The demo A/B split upstream would be imported by the first listing of
      // the primary's experiments (a write by design, for any request that
      // reaches the listing); without it, any record is one the fuzz caused.
      await removeUpstreamSplit(emulator, PRIMARY);
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          genesysPromptsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              genesysPrompts: {
                ...emulatorConnection(emulator),
                requestTimeoutMs: 15_000,
                rateLimit: { requestsPerMinute: 10_000_000 },
                retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
                circuitBreaker: { consecutiveFailures: 1_000_000 },
                guard: { enabled: false },
              },
            },
          }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          catalogServiceMock.factory({ entities: [supportBot, otherService] }),
        ],
      }));
      emulator.clearRequestLog();

      const drafts = generate();
      const client = rawClient(server, { maxSockets: CONCURRENCY });
      const auth = mockCredentials.user.header();
      const started = Date.now();
      try {
        outcomes = await mapLimit(drafts, CONCURRENCY, async draft => {
          const request = toRequest(draft, auth);
          const response = await client.send(request, draft.big);
          return { draft, request, response };
        });
      } finally {
        client.close();
      }
      elapsedMs = Date.now() - started;
    }, 180_000);

    afterAll(async () => {
      await emulator?.close();
    });

    it('tried several thousand requests on every route', () => {
      const perRoute = new Map<
        string,
        { total: number; byStatus: Record<string, number> }
      >();
      for (const { draft, response } of outcomes) {
        const entry = perRoute.get(draft.route.id) ?? {
          total: 0,
          byStatus: {},
        };
        entry.total += 1;
        entry.byStatus[response.status] =
          (entry.byStatus[response.status] ?? 0) + 1;
        perRoute.set(draft.route.id, entry);
      }
      const lines = [...perRoute].map(
        ([id, { total, byStatus }]) =>
          `  ${id.padEnd(34)} ${String(total).padStart(5)}  ${Object.entries(
            byStatus,
          )
            .map(([status, n]) => `${status}×${n}`)
            .join(' ')}`,
      );
      // eslint-disable-next-line no-console
      console.log(
        `fuzz on ${databaseId}: ${outcomes.length} requests on ${
          perRoute.size
        } routes in ${elapsedMs} ms (seed ${SEED})\n${lines.join('\n')}`,
      );
      expect(outcomes.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
      expect([...perRoute.keys()].sort()).toEqual(ROUTES.map(r => r.id).sort());
      for (const [, { total }] of perRoute)
        expect(total).toBeGreaterThanOrEqual(30);
    });

    it('answered none with a 5xx (or not at all)', () => {
      const offenders = outcomes.filter(
        o => o.response.status >= 500 || o.response.status === 0,
      );
      if (offenders.length > 0) {
        const byRoute: Record<string, number> = {};
        for (const o of offenders)
          byRoute[o.draft.route.id] = (byRoute[o.draft.route.id] ?? 0) + 1;
        // eslint-disable-next-line no-console
        console.log(
          `${
            offenders.length
          } answers ≥ 500 or none on ${databaseId}, by route ${JSON.stringify(
            byRoute,
          )}; first ones:\n${offenders.slice(0, 8).map(summary).join('\n')}`,
        );
      }
      expect(
        offenders.map(
          o => `${o.draft.route.id} [${o.draft.label}] → ${o.response.status}`,
        ),
      ).toEqual([]);
    });

    it('refused the 3 MB bodies with 413 and the 1 MB strings with 400', () => {
      const big = outcomes.filter(o => o.draft.big);
      expect(big.length).toBeGreaterThanOrEqual(9);
      for (const o of big) {
        expect(
          `${o.draft.route.id} [${o.draft.label}] → ${o.response.status}`,
        ).toMatch(/3 MB.*→ 413$|1 MB.*→ 400$/);
      }
    });

    it('wrote nothing upstream', () => {
      const { counts } = emulator.requestLog();
      const writes = Object.entries(counts)
        .filter(
          ([route]) =>
            !route.startsWith('GET ') &&
            !route.startsWith('POST /oauth/token') &&
            !route.includes('details/query'),
        )
        .map(([route, byStatus]) => `${route}: ${JSON.stringify(byStatus)}`);
      expect(writes).toEqual([]);
      // It was reached, though: the fuzz got past the entity lookups.
      expect(Object.keys(counts).some(route => route.startsWith('GET '))).toBe(
        true,
      );
    });

    it('wrote nothing locally', async () => {
      const client = rawClient(server);
      const auth = { Authorization: mockCredentials.user.header() };
      const get = async (path: string) => {
        const response = await client.send({
          method: 'GET',
          path: `${API}${path}`,
          headers: auth,
        });
        expect(response.status).toBe(200);
        return JSON.parse(response.body);
      };
      try {
        expect((await get('/audit')).items).toEqual([]);
        expect(await get('/audit/verify')).toMatchObject({
          ok: true,
          checked: 0,
        });
        for (const id of OWNED_IDS) {
          const prompt = `/entities/default/component/support-bot/prompts/${id}`;
          expect((await get(`${prompt}/versions`)).items).toEqual([]);
          expect((await get(`${prompt}/experiments`)).items).toEqual([]);
        }
      } finally {
        client.close();
      }
      for (const table of [
        'operations',
        'prompt_versions',
        'audit_log',
        'experiments',
        'experiment_events',
        'guard_checks',
        'audit_forwarding',
      ]) {
        const [{ n }] = await knex(table).count({ n: '*' });
        expect(`${table}: ${Number(n)}`).toBe(`${table}: 0`);
      }
    });

    it('answered every 4xx with a Backstage error body, never a stack trace', () => {
      const problems = outcomes
        .filter(o => o.response.status >= 400 && o.response.status < 500)
        .flatMap(o => {
          const problem = errorBodyProblem(o);
          return problem ? [`${problem}: ${summary(o)}`] : [];
        });
      expect(problems.slice(0, 5)).toEqual([]);
      expect(
        outcomes.filter(o => /\n\s+at /.test(o.response.body)).length,
      ).toBe(0);
    });
  },
);

/*
 * Values the schemas let through to the database on writes that are
 * otherwise valid (the generated requests above are refused earlier, so they
 * never get this far): a NUL character (PostgreSQL text cannot hold it), a
 * lone surrogate (not encodable as UTF-8), and whole numbers beyond the
 * 32-bit integer columns. Each is refused with a 4xx before anything is
 * written upstream, or stored exactly as sent; never a 5xx, never altered.
 */
describe.each(databases.eachSupportedId())(
  'values that reach the database on %s',
  databaseId => {
    const ESCALATION = demoPromptId('escalation-detector');
    const path = `${API}/entities/default/component/support-bot/prompts/${ESCALATION}`;
    const UPSTREAM_PUT = 'PUT /api/v2/ai/llm/prompts/{id}';
    let emulator: RunningEmulator;
    let server: Server;
    let knex: Knex;
    let client: ReturnType<typeof rawClient>;
    const headers = { Authorization: mockCredentials.user.header() };

    const send = (method: string, suffix: string, body?: unknown) =>
      client.send({
        method,
        path: `${path}${suffix}`,
        headers:
          body === undefined
            ? headers
            : { ...headers, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    /** A valid update of the current state, with `patch` over it. */
    async function update(patch: Record<string, unknown>) {
      const current = JSON.parse((await send('GET', '')).body).prompt;
      const {
        id,
        revision,
        selfUri,
        dateCreated,
        dateModified,
        ...definition
      } = current;
      return send('PUT', '', {
        ...definition,
        template: `${definition.template} Be brief.`,
        expectedRevision: revision,
        ...patch,
      });
    }

    beforeAll(async () => {
      emulator = await startEmulator();
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          genesysPromptsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              genesysPrompts: {
                ...emulatorConnection(emulator),
                guard: { enabled: false },
              },
            },
          }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          catalogServiceMock.factory({ entities: [supportBot] }),
        ],
      }));
      client = rawClient(server);
      // A history to roll back in: the imported state and one update.
      const seeded = await update({ reason: 'seed' });
      if (seeded.status !== 200)
        throw new Error(`seeding failed: ${seeded.body}`);
    }, 60_000);
    afterAll(async () => {
      client?.close();
      await emulator?.close();
    });

    it.each([
      ['a NUL character', 'rolled out\u0000 by hand'],
      ['a lone surrogate', 'rolled out \ud800 by hand'],
    ])(
      'a PUT whose reason holds %s is refused with 400 or stored as sent',
      async (_label, reason) => {
        const before = await knex('operations').count({ n: '*' });
        emulator.clearRequestLog();
        const response = await update({ reason });
        let outcome = `answered ${response.status}: ${response.body.slice(
          0,
          200,
        )}`;
        if (response.status === 400) {
          const upstreamWrites = emulator.requestLog().counts[UPSTREAM_PUT];
          const after = await knex('operations').count({ n: '*' });
          outcome =
            upstreamWrites === undefined &&
            JSON.stringify(after) === JSON.stringify(before)
              ? 'refused, nothing written'
              : 'refused, but written';
        } else if (response.status === 200) {
          const [latest] = JSON.parse(
            (await send('GET', '/versions')).body,
          ).items;
          outcome =
            latest.reason === reason
              ? 'stored as sent'
              : `written, reason stored as ${JSON.stringify(
                  latest.reason,
                )} (sent ${JSON.stringify(reason)})`;
        }
        expect(['refused, nothing written', 'stored as sent']).toContain(
          outcome,
        );
      },
    );

    it.each([
      ['PUT expectedRevision 2^31', 'PUT', { expectedRevision: 2 ** 31 }],
      ['PUT expectedRevision 1e308', 'PUT', { expectedRevision: 1e308 }],
      ['rollback toVersion 2^31', 'rollback', { toVersion: 2 ** 31 }],
      ['rollback toVersion 1e308', 'rollback', { toVersion: 1e308 }],
    ])(
      '%s is a 4xx and writes nothing upstream',
      async (_label, kind, patch) => {
        emulator.clearRequestLog();
        const response =
          kind === 'PUT'
            ? await update(patch)
            : await send('POST', '/rollback', { reason: 'fuzz', ...patch });
        expect(`${response.status} ${response.body.slice(0, 300)}`).toMatch(
          /^4\d\d /,
        );
        expect(emulator.requestLog().counts[UPSTREAM_PUT]).toBeUndefined();
      },
    );
  },
);
