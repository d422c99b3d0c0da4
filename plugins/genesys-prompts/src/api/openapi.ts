import type { GenesysPromptsApiPaths } from '@genesys-prompts/plugin-genesys-prompts-common';

/*
 * Request and response types of one route, read from the types generated
 * from the backend's OpenAPI spec (see the common package's
 * src/generated/openapi.ts), so the client cannot send or expect what the
 * spec does not say.
 */

type Paths = GenesysPromptsApiPaths;

/** The HTTP methods the client uses. */
export type HttpMethod = 'get' | 'post' | 'put';

/** The spec's path templates that have an operation for `M`. */
export type PathOf<M extends HttpMethod> = {
  [P in keyof Paths]: [NonNullable<Paths[P][M]>] extends [never] ? never : P;
}[keyof Paths];

/** The operation `M` on the path template `P`. */
export type Operation<P extends PathOf<M>, M extends HttpMethod> = NonNullable<
  Paths[P][M]
>;

/** The path parameters of an operation (undefined when it has none). */
export type PathParams<P extends PathOf<M>, M extends HttpMethod> = Operation<
  P,
  M
>['parameters']['path'];

/** The query parameters of an operation. */
export type QueryParams<
  P extends PathOf<M>,
  M extends HttpMethod,
> = NonNullable<Operation<P, M>['parameters']['query']>;

/** The JSON request body of an operation; never when it takes none. */
export type JsonRequestBody<
  P extends PathOf<M>,
  M extends HttpMethod,
> = Operation<P, M> extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The JSON body of the operation's response with the status `S`. */
export type JsonResponse<
  P extends PathOf<M>,
  M extends HttpMethod,
  S extends keyof Operation<P, M>['responses'],
> = Operation<P, M>['responses'][S] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

/** The 2xx statuses the spec declares for the operation. */
export type SuccessStatus<P extends PathOf<M>, M extends HttpMethod> = Extract<
  keyof Operation<P, M>['responses'],
  200 | 201 | 202 | 204
>;

/** The JSON body of any of the operation's 2xx responses. */
export type SuccessResponse<P extends PathOf<M>, M extends HttpMethod> = {
  [S in SuccessStatus<P, M>]: JsonResponse<P, M, S>;
}[SuccessStatus<P, M>];

/**
 * What a request to the operation carries: its path parameters (when it has
 * any), its query parameters, and its JSON body (required when the spec
 * requires one).
 */
export type RequestParts<
  P extends PathOf<M>,
  M extends HttpMethod,
> = (PathParams<P, M> extends undefined
  ? { path?: undefined }
  : { path: PathParams<P, M> }) & { query?: QueryParams<P, M> } & (Operation<
    P,
    M
  > extends {
    requestBody: object;
  }
    ? { body: JsonRequestBody<P, M> }
    : { body?: JsonRequestBody<P, M> });

/**
 * The path and query of a request, relative to the plugin's base URL: the
 * template's `{name}` segments filled in (URI-encoded) and the defined query
 * values in the order given.
 */
export function buildPath(
  template: string,
  pathParams: Record<string, string | number> | undefined,
  query: Record<string, string | number | undefined> | undefined,
): string {
  const path = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = pathParams?.[name];
    if (value === undefined) {
      throw new TypeError(`No value for the path parameter ${name}`);
    }
    return encodeURIComponent(String(value));
  });
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
