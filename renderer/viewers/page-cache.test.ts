import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.js';

describe('PageCache', () => {
  it('asks only for the pages around the visible range, visible first', () => {
    const cache = new PageCache(1_000_000, { pageSize: 100, overscanPages: 1 });
    expect(cache.missing(0, 29)).toEqual([0, 1]);
    // Row 500,000 sits on page 5,000; one page of overscan either side.
    expect(cache.missing(500_000, 500_020)).toEqual([5000, 4999, 5001]);
    cache.markRequested(5000);
    expect(cache.missing(500_000, 500_020)).toEqual([4999, 5001]);
  });

  it('clips the last page to the table end', () => {
    const cache = new PageCache(32_561, { pageSize: 100, overscanPages: 1 });
    // 32,561 rows -> 326 pages, the last (index 325) holding 61 rows.
    expect(cache.pageCount).toBe(326);
    expect(cache.pagesFor(32_540, 32_600)).toEqual([324, 325]);
  });

  it('evicts the least recently used pages beyond its bound', () => {
    const cache = new PageCache(10_000, { pageSize: 10, maxPages: 3, overscanPages: 0 });
    for (const p of [0, 1, 2]) cache.store(p, [[`row ${p * 10}`]]);
    cache.touch(0, 5); // page 0 used again
    cache.store(3, [['row 30']]);
    expect(cache.cachedPages.sort()).toEqual([0, 2, 3]);
    expect(cache.row(0)).toEqual(['row 0']);
    expect(cache.row(10)).toBeUndefined();
    expect(cache.missing(10, 15)).toEqual([1]);
  });
});
