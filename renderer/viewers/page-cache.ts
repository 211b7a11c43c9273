/**
 * A bounded cache of table pages for the grid: which pages a visible row range needs, which of them
 * are missing, and least-recently-used eviction so scrolling a million rows keeps memory flat.
 */

export interface PageCacheOptions {
  /** Rows per request. */
  pageSize: number;
  /** Pages kept; the least recently used are dropped beyond this. */
  maxPages: number;
  /** Extra pages fetched on each side of the visible range, so slow scrolling never shows gaps. */
  overscanPages: number;
}

export const DEFAULT_PAGE_OPTIONS: PageCacheOptions = { pageSize: 100, maxPages: 24, overscanPages: 1 };

/**
 * Pages of one table in one sort order. A new table or sort gets a new cache.
 *
 * @example
 * const cache = new PageCache(32561);
 * cache.missing(0, 30); // [0, 1]: the visible page plus one page of overscan
 */
export class PageCache {
  private readonly pages = new Map<number, unknown[][]>();
  private readonly inflight = new Set<number>();
  readonly options: PageCacheOptions;

  constructor(
    readonly rowCount: number,
    options: Partial<PageCacheOptions> = {},
  ) {
    this.options = { ...DEFAULT_PAGE_OPTIONS, ...options };
  }

  get pageCount(): number {
    return Math.ceil(this.rowCount / this.options.pageSize);
  }

  /** Page indexes covering rows `first..last` (inclusive) plus the overscan, clipped to the table. */
  pagesFor(first: number, last: number): number[] {
    if (this.rowCount === 0) return [];
    const size = this.options.pageSize;
    const from = Math.max(0, Math.floor(Math.max(0, first) / size) - this.options.overscanPages);
    const to = Math.min(this.pageCount - 1, Math.floor(Math.min(this.rowCount - 1, Math.max(first, last)) / size) + this.options.overscanPages);
    const out: number[] = [];
    for (let p = from; p <= to; p++) out.push(p);
    return out;
  }

  /** Pages the range needs that are neither cached nor already requested; the visible ones first. */
  missing(first: number, last: number): number[] {
    const size = this.options.pageSize;
    const visibleFrom = Math.floor(first / size);
    const visibleTo = Math.floor(last / size);
    const needed = this.pagesFor(first, last).filter((p) => !this.pages.has(p) && !this.inflight.has(p));
    const visible = needed.filter((p) => p >= visibleFrom && p <= visibleTo);
    return [...visible, ...needed.filter((p) => p < visibleFrom || p > visibleTo)];
  }

  markRequested(page: number): void {
    this.inflight.add(page);
  }

  /** A request failed or became pointless; the page may be asked for again. */
  forget(page: number): void {
    this.inflight.delete(page);
  }

  /** Stores a page and evicts the least recently used beyond `maxPages`. */
  store(page: number, rows: unknown[][]): void {
    this.inflight.delete(page);
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.options.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }

  /** Marks the pages of a range as recently used, so they outlive pages scrolled past. */
  touch(first: number, last: number): void {
    for (const p of this.pagesFor(first, last)) {
      const rows = this.pages.get(p);
      if (rows) {
        this.pages.delete(p);
        this.pages.set(p, rows);
      }
    }
  }

  /** A row's cells if its page is here. */
  row(index: number): unknown[] | undefined {
    const size = this.options.pageSize;
    return this.pages.get(Math.floor(index / size))?.[index % size];
  }

  get cachedPages(): number[] {
    return [...this.pages.keys()];
  }
}
