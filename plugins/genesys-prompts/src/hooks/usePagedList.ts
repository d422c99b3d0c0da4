import { PagedResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A list read page by page: the pages loaded so far, and how to get more.
 *
 * @public
 */
export interface PagedListState<T> {
  items: T[];
  /** True while a page is being fetched (the first one or a further one). */
  loading: boolean;
  error?: Error;
  /** True when the server said there is a next page. */
  hasMore: boolean;
  loadMore(): void;
  /** Starts again from the first page. */
  retry(): void;
}

interface State<T> {
  items: T[];
  nextCursor?: string;
  loading: boolean;
  error?: Error;
}

/**
 * Fetches the first page whenever `key` changes and appends further pages on
 * `loadMore`; answers to a superseded request are dropped.
 */
export function usePagedList<T>(
  fetchPage: (cursor?: string) => Promise<PagedResponse<T>>,
  key: string,
): PagedListState<T> {
  const [state, setState] = useState<State<T>>({ items: [], loading: true });
  const [reloads, setReloads] = useState(0);
  // The latest fetcher, so callers need not memoise it; `key` says when to refetch.
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  const load = useCallback((cursor?: string) => {
    const current = ++generation.current;
    // Keep what is shown while reloading, so a refresh does not flicker.
    setState(previous => ({ ...previous, loading: true, error: undefined }));
    fetchRef.current(cursor).then(
      page => {
        if (current !== generation.current) return;
        setState(previous => ({
          items: cursor ? [...previous.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          loading: false,
        }));
      },
      error => {
        if (current !== generation.current) return;
        setState(previous => ({ ...previous, loading: false, error }));
      },
    );
  }, []);

  useEffect(() => {
    load(undefined);
  }, [load, key, reloads]);

  const { nextCursor } = state;
  const loadMore = useCallback(() => {
    if (nextCursor) load(nextCursor);
  }, [load, nextCursor]);
  const retry = useCallback(() => setReloads(n => n + 1), []);

  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasMore: nextCursor !== undefined,
    loadMore,
    retry,
  };
}
