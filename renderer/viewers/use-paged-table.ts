/**
 * Rows of an engine table for the grid, fetched a page at a time around what is visible. Never holds
 * the whole table: the page cache is bounded, and answers for an old table or sort are dropped.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StudioApi } from '../../engine/contract.js';
import type { PageRequest } from '../../engine/engine-types.js';
import { PageCache, type PageCacheOptions } from './page-cache.js';

export type SortSpec = PageRequest['sort'];

export interface PagedTable {
  /** A row's cells, or undefined while its page loads. */
  rowAt(index: number): unknown[] | undefined;
  /** Tells the loader which rows are on screen; it fetches the pages they need. */
  showRange(first: number, last: number): void;
  /** Pages in flight. */
  loading: number;
  error?: string;
}

/**
 * @example
 * const paged = usePagedTable(api, 't_import_1', 32561, { column: 'age', direction: 'asc' });
 * paged.showRange(0, 30);
 * paged.rowAt(0); // undefined until page 0 arrives
 */
export function usePagedTable(api: StudioApi, table: string, rowCount: number, sort: SortSpec, options?: Partial<PageCacheOptions>): PagedTable {
  const sortKey = sort ? `${sort.column}:${sort.direction}` : '';
  // A new table or sort order starts a new cache; the old one is garbage as soon as no answer refers to it.
  const cache = useMemo(() => new PageCache(rowCount, options), [table, rowCount, sortKey]);
  const cacheRef = useRef(cache);
  cacheRef.current = cache;
  const range = useRef<[number, number]>([0, 0]);
  const [, setVersion] = useState(0);
  const [loading, setLoading] = useState(0);
  const [error, setError] = useState<string>();

  const fetchMissing = useCallback(() => {
    const [first, last] = range.current;
    cache.touch(first, last);
    for (const page of cache.missing(first, last)) {
      cache.markRequested(page);
      setLoading((n) => n + 1);
      const size = cache.options.pageSize;
      api
        .page({ table, offset: page * size, limit: size, sort })
        .then((result) => {
          if (cacheRef.current !== cache) return;
          cache.store(page, result.rows);
          setError(undefined);
          setVersion((v) => v + 1);
        })
        .catch((err: unknown) => {
          cache.forget(page);
          if (cacheRef.current === cache) setError(err instanceof Error ? err.message : String(err));
        })
        .finally(() => setLoading((n) => n - 1));
    }
    // `sort` is captured through `cache`, which changes whenever the sort does.
  }, [api, cache, table]);

  useEffect(() => {
    fetchMissing();
  }, [fetchMissing]);

  const showRange = useCallback(
    (first: number, last: number) => {
      if (range.current[0] === first && range.current[1] === last) return;
      range.current = [first, last];
      fetchMissing();
    },
    [fetchMissing],
  );

  return { rowAt: (i) => cache.row(i), showRange, loading, error };
}
