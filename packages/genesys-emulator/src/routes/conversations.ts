import { EmulatorContext } from '../context';
import { DetailsMemo } from '../detailsMemo';
import { badRequest, invalidValue } from '../errors';
import { parseJsonObject } from '../http';
import { formatInterval, parseInterval } from '../interval';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../paging';
import { ApiRequest, RouteDefinition } from '../router';
import { ConversationDetailsResponse, ErrorDetail } from '../types';

const QUERY_PATH = '/api/v2/analytics/conversations/details/query';

/** A details query reduced to what the emulator uses; also the cursor's content. */
interface NormalizedQuery {
  interval: string;
  order: 'asc' | 'desc';
  pageSize: number;
  pageNumber: number;
  /** aiPromptId filter values; null = every prompt. */
  promptIds: string[] | null;
  /** Cursor only: the end of what existed when the walk began (epoch ms), so pages never shift. */
  cutoff?: number;
}

/**
 * Conversation details: pages by `paging.pageNumber` against `totalHits`, and
 * also returns `nextPageUri` (the same path with an opaque `cursor`; POST or
 * GET it, the body is then ignored) while more pages exist. The sorted
 * selection is memoized (see DetailsMemo), so a long walk costs one
 * computation plus one page per request.
 */
export function conversationRoutes(ctx: EmulatorContext): RouteDefinition[] {
  const memo = new DetailsMemo(ctx.traffic, ctx.now);
  const handler = (request: ApiRequest) => {
    const cursor = request.query.get('cursor');
    const query =
      cursor !== null
        ? decodeCursor(cursor)
        : normalize(parseJsonObject(request.rawBody));
    const { start, end } = parseInterval(query.interval);
    const { set, cutoff } = memo.select(
      { start, end, promptIds: query.promptIds },
      {
        cutoff: query.cutoff,
        firstPage: cursor === null && query.pageNumber === 1,
      },
    );
    const offset = (query.pageNumber - 1) * query.pageSize;
    const body: ConversationDetailsResponse = {
      conversations: set.page(offset, query.pageSize, query.order),
      totalHits: set.length,
    };
    if (offset + query.pageSize < set.length) {
      body.nextPageUri = `${QUERY_PATH}?cursor=${encodeCursor({
        ...query,
        interval: formatInterval(start, end),
        pageNumber: query.pageNumber + 1,
        cutoff,
      })}`;
    }
    return { status: 200, body };
  };
  return [
    { method: 'POST', template: QUERY_PATH, handler },
    {
      method: 'GET',
      template: QUERY_PATH,
      handler: request => {
        if (request.query.get('cursor') === null) {
          throw badRequest(
            'GET needs the cursor of a nextPageUri; POST a query instead',
          );
        }
        return handler(request);
      },
    },
  ];
}

function normalize(body: Record<string, unknown>): NormalizedQuery {
  const details: ErrorDetail[] = [];
  const problem = (errorCode: string, fieldName: string) =>
    details.push({ errorCode, fieldName });

  const order = body.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    problem('field.invalid.value', 'order');
  if (body.view !== undefined && body.view !== 'ai_llm_gateway') {
    problem('field.invalid.value', 'view');
  }

  let pageSize = DEFAULT_PAGE_SIZE;
  let pageNumber = 1;
  if (body.paging !== undefined) {
    const paging = body.paging as Record<string, unknown>;
    if (typeof paging !== 'object' || paging === null) {
      problem('field.invalid.type', 'paging');
    } else {
      if (paging.pageSize !== undefined) {
        if (
          !Number.isInteger(paging.pageSize) ||
          (paging.pageSize as number) < 1 ||
          (paging.pageSize as number) > MAX_PAGE_SIZE
        ) {
          problem('field.invalid.value', 'paging.pageSize');
        } else pageSize = paging.pageSize as number;
      }
      if (paging.pageNumber !== undefined) {
        if (
          !Number.isInteger(paging.pageNumber) ||
          (paging.pageNumber as number) < 1
        ) {
          problem('field.invalid.value', 'paging.pageNumber');
        } else pageNumber = paging.pageNumber as number;
      }
    }
  }

  let promptIds: string[] | null = null;
  if (body.filters !== undefined) {
    if (!Array.isArray(body.filters)) {
      problem('field.invalid.type', 'filters');
    } else {
      body.filters.forEach((filter: unknown, index) => {
        const at = `filters[${index}]`;
        const f = filter as Record<string, unknown>;
        if (typeof f !== 'object' || f === null) {
          problem('field.invalid.type', at);
        } else if (f.type !== 'aiPromptId') {
          problem('field.invalid.value', `${at}.type`);
        } else if (
          !Array.isArray(f.values) ||
          f.values.some(v => typeof v !== 'string')
        ) {
          problem('field.invalid.type', `${at}.values`);
        } else {
          // Several aiPromptId filters narrow to the ids they share.
          const values = f.values as string[];
          promptIds =
            promptIds === null
              ? [...values]
              : promptIds.filter(id => values.includes(id));
        }
      });
    }
  }
  if (body.interval === undefined) problem('field.required', 'interval');
  if (details.length > 0) {
    throw invalidValue('The conversation details query is invalid', details);
  }
  return {
    interval: body.interval as string,
    order: order as 'asc' | 'desc',
    pageSize,
    pageNumber,
    promptIds,
  };
}

function encodeCursor(query: NormalizedQuery): string {
  return Buffer.from(JSON.stringify(query)).toString('base64url');
}

function decodeCursor(cursor: string): NormalizedQuery {
  try {
    const query = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof query.interval === 'string' &&
      (query.order === 'asc' || query.order === 'desc') &&
      Number.isInteger(query.pageSize) &&
      query.pageSize >= 1 &&
      query.pageSize <= MAX_PAGE_SIZE &&
      Number.isInteger(query.pageNumber) &&
      query.pageNumber >= 1 &&
      (query.cutoff === undefined || Number.isSafeInteger(query.cutoff)) &&
      (query.promptIds === null ||
        (Array.isArray(query.promptIds) &&
          query.promptIds.every((id: unknown) => typeof id === 'string')))
    ) {
      return query as NormalizedQuery;
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest('The cursor is not one this server issued', [
    { errorCode: 'field.invalid.value', fieldName: 'cursor' },
  ]);
}
