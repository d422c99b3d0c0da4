import { invalidValue } from './errors';
import { EntityListing } from './types';

/** Default and maximum `pageSize` of the list envelope. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** Reads `pageSize`/`pageNumber`; out-of-range values are a 400, not clamped. */
export function readPaging(query: URLSearchParams): {
  pageSize: number;
  pageNumber: number;
} {
  return {
    pageSize: readPositiveInteger(
      query,
      'pageSize',
      DEFAULT_PAGE_SIZE,
      MAX_PAGE_SIZE,
    ),
    pageNumber: readPositiveInteger(
      query,
      'pageNumber',
      1,
      Number.MAX_SAFE_INTEGER,
    ),
  };
}

function readPositiveInteger(
  query: URLSearchParams,
  field: string,
  fallback: number,
  max: number,
): number {
  const raw = query.get(field);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (
    !/^\d+$/.test(raw) ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > max
  ) {
    throw invalidValue(
      `${field} must be an integer from 1 to ${max}`,
      [{ errorCode: 'field.invalid.value', fieldName: field }],
      { [field]: raw },
    );
  }
  return value;
}

/**
 * One page of `items` in the Genesys list envelope with relative URIs that
 * repeat `filters`; no `nextUri` on the last page.
 */
export function listing<T>(
  items: T[],
  basePath: string,
  paging: { pageSize: number; pageNumber: number },
  filters: Record<string, string> = {},
): EntityListing<T> {
  const { pageSize, pageNumber } = paging;
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (page: number) => {
    const query = new URLSearchParams({
      pageSize: String(pageSize),
      pageNumber: String(page),
      ...filters,
    });
    return `${basePath}?${query}`;
  };
  const result: EntityListing<T> = {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    selfUri: uri(pageNumber),
    firstUri: uri(1),
    lastUri: uri(Math.max(1, pageCount)),
  };
  if (pageNumber < pageCount) result.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1)
    result.previousUri = uri(Math.min(pageNumber - 1, Math.max(1, pageCount)));
  return result;
}
