/**
 * Paging through a workspace table for the window's data grid: LIMIT/OFFSET with an optional sort,
 * cells turned into plain JSON so they cross the engine process boundary unchanged.
 */
import type { PageRequest, PageResult } from '../engine-types.js';
import type { ColumnInfo } from '../values.js';
import { ident, type DataPlane } from './data-plane.js';

/** Largest page the grid may ask for; bigger pages would hold the whole table in memory. */
export const MAX_PAGE_ROWS = 10_000;

/** Types whose JS form is awkward (bigint microseconds, byte arrays): DuckDB's text form reads better. */
const TEXT_TYPES = /^(DATE|TIME|TIME WITH TIME ZONE|TIME_NS|INTERVAL|BLOB|BIT|UUID|GEOMETRY)$/;

/**
 * Turns one JS value from DuckDB into plain JSON: Dates as ISO strings, bigints as numbers when
 * they fit exactly (else their decimal string), byte arrays as hex, nested values recursively.
 */
export function plainCell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(plainCell);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainCell(v);
    return out;
  }
  return value;
}

/** Columns of `table`, or an error that names the missing table. */
export async function tableColumns(data: DataPlane, table: string): Promise<ColumnInfo[]> {
  if (!(await data.tableExists(table))) {
    throw new Error(`Table "${table}" does not exist in the workspace database: run the node that produces it first.`);
  }
  return data.columns(table);
}

/** Checks that every name is a column of the table; the error lists the columns that do exist. */
export function requireColumns(table: string, columns: ColumnInfo[], names: readonly string[]): void {
  const known = new Set(columns.map((c) => c.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const list = columns.map((c) => c.name).join(', ');
    throw new Error(`Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} in table "${table}". Its columns are: ${list}.`);
  }
}

function selectExpr(column: ColumnInfo): string {
  return TEXT_TYPES.test(column.type) ? `CAST(${ident(column.name)} AS VARCHAR)` : ident(column.name);
}

/**
 * Reads one page of a table. Sorting is stable (ties keep the table's own row order) so paging a
 * sorted table never shows a row twice or skips one.
 *
 * @example
 * const page = await pageTable(data, { table: 't_import_table', offset: 0, limit: 100, sort: { column: 'age', direction: 'desc' } });
 */
export async function pageTable(data: DataPlane, req: PageRequest): Promise<PageResult> {
  if (!Number.isInteger(req.offset) || req.offset < 0) throw new Error(`Page offset must be a whole number >= 0, got ${req.offset}.`);
  if (!Number.isInteger(req.limit) || req.limit < 0 || req.limit > MAX_PAGE_ROWS) {
    throw new Error(`Page limit must be a whole number from 0 to ${MAX_PAGE_ROWS}, got ${req.limit}.`);
  }
  const columns = await tableColumns(data, req.table);
  let orderBy = '';
  if (req.sort) {
    requireColumns(req.table, columns, [req.sort.column]);
    if (req.sort.direction !== 'asc' && req.sort.direction !== 'desc') {
      throw new Error(`Sort direction must be "asc" or "desc", got "${String(req.sort.direction)}".`);
    }
    // rowid keeps ties in table order, so consecutive pages of a sorted table never overlap.
    orderBy = ` ORDER BY ${ident(req.sort.column)} ${req.sort.direction.toUpperCase()} NULLS LAST, rowid`;
  }
  const select = columns.length > 0 ? columns.map(selectExpr).join(', ') : '*';
  const reader = await data.connection.runAndReadAll(`SELECT ${select} FROM ${ident(req.table)}${orderBy} LIMIT ${req.limit} OFFSET ${req.offset}`);
  const rows = reader.getRowsJS().map((row) => row.map(plainCell));
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(req.table)}`);
  return { table: req.table, offset: req.offset, rowCount: n, columns, rows };
}
