/**
 * The virtualised table grid: renders only the rows on screen, pages them from the engine, sorts by
 * a column, jumps to a row, and copies selected cells as tab-separated text.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { ColumnInfo } from '../../engine/values.js';
import type { TableProfile } from '../../engine/engine-types.js';
import { useStudioApi } from '../store/api-context.js';
import { cellText, toTsv } from './cell-text.js';
import { gridWindow, ROW_HEIGHT, scrollTopForRow, spacerHeight } from './grid-geometry.js';
import { GridHeader, COLUMN_WIDTH, ROW_NUMBER_WIDTH } from './grid-header.js';
import type { PageCacheOptions } from './page-cache.js';
import { usePagedTable, type SortSpec } from './use-paged-table.js';
import './table-grid.css';

/** Rows copied at most at once; a bigger block would have to be fetched, not copied from the screen cache. */
const MAX_COPY_ROWS = 5000;

export interface TableGridProps {
  table: string;
  rowCount: number;
  columns: ColumnInfo[];
  profile?: TableProfile;
  /** Height used until the grid has been measured (and in tests, where nothing has layout). */
  initialHeight?: number;
  pageOptions?: Partial<PageCacheOptions>;
}

type Cell = { row: number; col: number };

/**
 * @example
 * <TableGrid table={value.table} rowCount={value.rowCount} columns={value.columns} profile={profile} />
 */
export function TableGrid({ table, rowCount, columns, profile, initialHeight = 300, pageOptions }: TableGridProps) {
  const api = useStudioApi();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(initialHeight);
  const [scrollTop, setScrollTop] = useState(0);
  const [sort, setSort] = useState<SortSpec>(undefined);
  const [anchor, setAnchor] = useState<Cell>();
  const [focus, setFocus] = useState<Cell>();
  const [jump, setJump] = useState('');
  const [marked, setMarked] = useState<number>();
  const [notice, setNotice] = useState<string>();
  const paged = usePagedTable(api, table, rowCount, sort, pageOptions);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight > 0) setViewport(el.clientHeight - HEADER_HEIGHT);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const win = gridWindow(scrollTop, viewport, rowCount);
  const { showRange } = paged;
  useEffect(() => showRange(win.first, win.last), [showRange, win.first, win.last]);

  const goTo = useCallback(
    (row: number) => {
      const el = scrollRef.current;
      const top = scrollTopForRow(row, viewport, rowCount);
      if (el) el.scrollTop = top;
      setScrollTop(top);
      setMarked(row);
    },
    [viewport, rowCount],
  );

  const onJump = () => {
    const n = Number(jump.replace(/[,\s_]/g, ''));
    if (!Number.isInteger(n) || n < 1 || n > rowCount) {
      setNotice(`Row numbers go from 1 to ${rowCount.toLocaleString('en-US')}`);
      return;
    }
    setNotice(undefined);
    goTo(n - 1);
  };

  const onSort = (column: string) => {
    setSort((s) => (s?.column !== column ? { column, direction: 'asc' } : s.direction === 'asc' ? { column, direction: 'desc' } : undefined));
    scrollRef.current?.scrollTo?.({ top: 0 });
    setScrollTop(0);
  };

  const onCellClick = (e: MouseEvent, cell: Cell) => {
    if (e.shiftKey && anchor) setFocus(cell);
    else {
      setAnchor(cell);
      setFocus(cell);
    }
  };

  const copySelection = async () => {
    if (!anchor || !focus) return;
    const [r0, r1] = [Math.min(anchor.row, focus.row), Math.max(anchor.row, focus.row)];
    const [c0, c1] = [Math.min(anchor.col, focus.col), Math.max(anchor.col, focus.col)];
    const last = Math.min(r1, r0 + MAX_COPY_ROWS - 1);
    const rows: (unknown[] | undefined)[] = [];
    for (let r = r0; r <= last; r++) rows.push(paged.rowAt(r)?.slice(c0, c1 + 1));
    const copied = rows.filter(Boolean).length;
    const header = r1 > r0 || c1 > c0 ? columns.slice(c0, c1 + 1).map((c) => c.name) : undefined;
    try {
      await navigator.clipboard.writeText(toTsv(rows, header));
      setNotice(copied < r1 - r0 + 1 ? `Copied ${copied} of ${r1 - r0 + 1} rows (scroll to load the rest)` : `Copied ${copied * (c1 - c0 + 1)} cells`);
    } catch (err) {
      setNotice(`Could not copy: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      void copySelection();
    }
  };

  const inSelection = (row: number, col: number) =>
    anchor &&
    focus &&
    row >= Math.min(anchor.row, focus.row) &&
    row <= Math.max(anchor.row, focus.row) &&
    col >= Math.min(anchor.col, focus.col) &&
    col <= Math.max(anchor.col, focus.col);

  const width = ROW_NUMBER_WIDTH + columns.length * COLUMN_WIDTH;
  const rows = [];
  for (let r = win.first; r <= win.last; r++) {
    const cells = paged.rowAt(r);
    rows.push(
      <div
        key={r}
        className={`grid-row${r === marked ? ' grid-row--marked' : ''}${cells ? '' : ' grid-row--loading'}`}
        role="row"
        data-row-index={r}
        style={{ height: ROW_HEIGHT }}
      >
        <div className="grid-cell grid-cell--rownum" role="rowheader">
          {(r + 1).toLocaleString('en-US')}
        </div>
        {columns.map((c, ci) => {
          const v = cells?.[ci];
          return (
            <div
              key={c.name}
              role="gridcell"
              className={`grid-cell${v === null ? ' grid-cell--null' : ''}${inSelection(r, ci) ? ' grid-cell--selected' : ''}`}
              onClick={(e) => onCellClick(e, { row: r, col: ci })}
              title={cells ? cellText(v) : undefined}
            >
              {cells ? (v === null ? 'null' : cellText(v)) : ''}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div className="table-grid" data-testid="table-grid" data-table={table}>
      <div className="table-grid__toolbar">
        <span data-testid="grid-row-count">{rowCount.toLocaleString('en-US')} rows</span>
        <span>{columns.length} columns</span>
        {sort && (
          <span>
            sorted by {sort.column} {sort.direction === 'asc' ? '↑' : '↓'}
          </span>
        )}
        <label className="table-grid__jump">
          Row
          <input
            data-testid="jump-row"
            type="text"
            inputMode="numeric"
            value={jump}
            placeholder="1"
            onChange={(e) => setJump(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && onJump()}
            aria-label="Jump to row"
          />
        </label>
        <button type="button" onClick={onJump} data-testid="jump-go">
          Go
        </button>
        <button type="button" onClick={() => void copySelection()} disabled={!anchor} title="Copy the selected cells (Ctrl+C)">
          Copy
        </button>
        {paged.loading > 0 && <span className="table-grid__loading">loading…</span>}
        {(notice ?? paged.error) && <span className="table-grid__notice">{notice ?? paged.error}</span>}
      </div>
      <div
        className="table-grid__scroll"
        ref={scrollRef}
        tabIndex={0}
        role="grid"
        aria-rowcount={rowCount}
        aria-colcount={columns.length}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
        data-testid="grid-scroll"
      >
        <GridHeader columns={columns} profile={profile} sort={sort} onSort={onSort} width={width} />
        <div className="table-grid__spacer" style={{ height: spacerHeight(rowCount), width }}>
          <div className="table-grid__rows" style={{ top: win.blockTop }}>
            {rows}
          </div>
        </div>
      </div>
    </div>
  );
}

export const HEADER_HEIGHT = 58;
