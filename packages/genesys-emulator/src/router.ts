import { IncomingHttpHeaders } from 'node:http';

/** What a route handler receives. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  correlationId: string;
}

/** What a route handler returns; `body` undefined means no body (e.g. 204). */
export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A handler; it throws ApiError for error answers. */
export type Handler = (request: ApiRequest) => ApiResult | Promise<ApiResult>;

/** One route: method plus a path template with `{param}` segments. */
export interface RouteDefinition {
  method: string;
  template: string;
  handler: Handler;
  /** False for the token endpoint, which has its own (Basic) authentication. */
  bearerAuth?: boolean;
}

/** A matched route, or only its label when nothing matched. */
export interface RouteMatch {
  /** `METHOD /template`, used as the request-log key. */
  route: string;
  definition?: RouteDefinition;
  params: Record<string, string>;
}

interface CompiledRoute {
  definition: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

/** Matches method + path against route templates. */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(definitions: RouteDefinition[]) {
    this.routes = definitions.map(definition => {
      const names: string[] = [];
      const source = definition.template
        .split('/')
        .map(segment => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]);
          return '([^/]+)';
        })
        .join('/');
      return { definition, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  match(method: string, path: string): RouteMatch {
    for (const route of this.routes) {
      if (route.definition.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1]);
      });
      return {
        route: `${method} ${route.definition.template}`,
        definition: route.definition,
        params,
      };
    }
    return { route: `${method} (unmatched)`, params: {} };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
