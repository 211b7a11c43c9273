/**
 * Pulls feature and target columns from DuckDB straight into typed arrays, chunk by chunk, with
 * the type coercions done in SQL (dates as days since 1970, timestamps as seconds, booleans as
 * 0/1, categories as vocabulary codes), so no per-cell JavaScript objects are built.
 */
import { ident, literal, type DataPlane } from '../data/data-plane.js';
import { assertListLengths, sourceColumn } from './list-features.js';
import { DuckDBTypeId } from '@duckdb/node-api';
import { copyDoubleColumn, copyDoubleVector } from './vector-copy.js';
import type { FeatureKind, FeatureSpec, FittedEncoding, RawColumns, TargetSpec } from './preprocessing.js';

/** SQL giving a DOUBLE (NULL when missing) for a numeric-like feature, or VARCHAR for a categorical one. */
export function featureValueSql(name: string, kind: FeatureKind, element?: FeatureSpec['element']): string {
  const col = element ? `${ident(element.column)}[${element.index}]` : ident(name);
  switch (kind) {
    case 'boolean':
      return `CAST(${col} AS DOUBLE)`;
    case 'date':
      return `CAST(date_diff('day', DATE '1970-01-01', ${col}) AS DOUBLE)`;
    case 'timestamp':
      return `CAST(epoch(${col}) AS DOUBLE)`;
    case 'numeric':
      return `TRY_CAST(${col} AS DOUBLE)`;
    case 'categorical':
      return `CAST(${col} AS VARCHAR)`;
  }
}

/** SQL giving the 0-based code of a value in a vocabulary, -1 when missing or not in it. */
export function codeSql(valueSql: string, vocabulary: readonly string[]): string {
  if (vocabulary.length === 0) return '-1';
  const list = `[${vocabulary.map(literal).join(', ')}]::VARCHAR[]`;
  return `coalesce(list_position(${list}, ${valueSql}), 0) - 1`;
}

function columnSql(f: FeatureSpec): string {
  const value = featureValueSql(f.name, f.kind, f.element);
  return f.kind === 'categorical' ? `CAST(${codeSql(value, f.categories ?? [])} AS DOUBLE)` : value;
}

/** Target as a DOUBLE: the label code for classification, the value for regression. */
export function targetSql(target: TargetSpec): string {
  const value = `CAST(${ident(target.name)} AS VARCHAR)`;
  return target.task === 'classification' ? `CAST(${codeSql(value, target.labels ?? [])} AS DOUBLE)` : `TRY_CAST(${ident(target.name)} AS DOUBLE)`;
}

/**
 * Runs a query and copies it into one Float64Array per column (NaN for NULL). `signal` is checked
 * between chunks. Every column is made a DOUBLE in SQL (NULL as NaN); the arrays are sized from a
 * count of the query's rows first (DuckDB prunes the unused expressions, so it costs a scan at most),
 * so each chunk is copied once, into place, instead of into a chunk list joined at the end.
 */
export async function readDoubleColumns(
  data: DataPlane,
  sql: string,
  columnCount: number,
  signal?: AbortSignal,
): Promise<{ rows: number; columns: Float64Array[] }> {
  const [{ n: expected }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`);
  return streamDoubleColumns(data, sql, columnCount, expected, signal);
}

/**
 * `readDoubleColumns` with the row count given: `expected` sizes the arrays, and a count that turns
 * out wrong costs a copy, never a row (exported for the tests of both cases).
 */
export async function streamDoubleColumns(
  data: DataPlane,
  sql: string,
  columnCount: number,
  expected: number,
  signal?: AbortSignal,
): Promise<{ rows: number; columns: Float64Array[] }> {
  let capacity = Number.isFinite(expected) ? Math.max(Math.floor(expected), 1) : 1;
  let columns: Float64Array<ArrayBuffer>[] = Array.from({ length: columnCount }, () => new Float64Array(capacity));
  let rows = 0;
  const result = await data.connection.stream(`SELECT coalesce(COLUMNS(*), 'NaN'::DOUBLE) FROM (${sql})`);
  const allDouble = Array.from({ length: columnCount }, (_, j) => result.columnTypeId(j) === DuckDBTypeId.DOUBLE).every(Boolean);
  for (;;) {
    signal?.throwIfAborted();
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (rows + n > capacity) {
      // More rows than counted (the table changed in between): grow rather than lose any.
      capacity = Math.max(rows + n, capacity * 2);
      columns = columns.map((c) => grow(c, capacity));
    }
    for (let j = 0; j < columnCount; j++) {
      if (allDouble) copyDoubleColumn(chunk, j, n, columns[j], rows);
      else copyDoubleVector(chunk.getColumnVector(j), n, columns[j], rows);
    }
    rows += n;
  }
  return { rows, columns: rows === capacity ? columns : columns.map((c) => c.slice(0, rows)) };
}

function grow(column: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(capacity);
  out.set(column);
  return out;
}

export interface ReadOptions {
  /** Also read the target (training and evaluation); rows with a missing target are left out. */
  withTarget?: boolean;
  /**
   * The rows the read will give, when the caller knows them (a described table's `rowCount`): it sizes
   * the arrays instead of a count query. A wrong figure costs a copy, never a row.
   */
  rows?: number;
  /** The table's column names, when the caller has them (a described table): no DESCRIBE query then. */
  columns?: readonly string[];
  signal?: AbortSignal;
}

/**
 * Reads a table's features (and optionally its target) in table order, coded by the spec.
 * Fails with a plain message naming the columns the table lacks.
 *
 * @example
 * const { raw, target } = await readModelInputs(ctx.data, input.table, spec, { withTarget: true });
 */
export async function readModelInputs(
  data: DataPlane,
  table: string,
  spec: Pick<FittedEncoding, 'features' | 'target'>,
  options: ReadOptions = {},
): Promise<{ raw: RawColumns; target?: Float64Array }> {
  const have = new Set(options.columns ?? (await data.columns(table)).map((c) => c.name));
  const needed = [...new Set(spec.features.map(sourceColumn))].concat(options.withTarget ? [spec.target.name] : []);
  const missing = needed.filter((n) => !have.has(n));
  if (missing.length) {
    throw new Error(
      `table "${table}" lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that the model needs; feed it a table with the same columns as the training table`,
    );
  }
  await assertListLengths(data, table, spec.features);
  const { sql, width } = modelInputsSql(table, spec, options.withTarget ?? false);
  const read =
    options.rows === undefined
      ? await readDoubleColumns(data, sql, width, options.signal)
      : await streamDoubleColumns(data, sql, width, options.rows, options.signal);
  return toModelInputs(spec, read, options.withTarget ?? false);
}

/**
 * The SELECT reading a table's coded features (and target) as DOUBLE columns, in table order.
 * `rowids` narrows it to a rowid range (training reads a large table chunk by chunk).
 */
export function modelInputsSql(
  table: string,
  spec: Pick<FittedEncoding, 'features' | 'target'>,
  withTarget: boolean,
  rowids?: [number, number],
): { sql: string; width: number } {
  const selects = spec.features.map(columnSql);
  if (withTarget) selects.push(targetSql(spec.target));
  const where = [withTarget ? `${ident(spec.target.name)} IS NOT NULL` : '', rowids ? `rowid BETWEEN ${rowids[0]} AND ${rowids[1]}` : ''].filter(Boolean);
  const sql = `SELECT ${selects.length ? selects.join(', ') : '0::DOUBLE'} FROM ${ident(table)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${rowids ? ' ORDER BY rowid' : ''}`;
  return { sql, width: Math.max(selects.length, 1) };
}

/** The columns `modelInputsSql` read, as the encoder takes them (categories as integer codes). */
export function toModelInputs(
  spec: Pick<FittedEncoding, 'features'>,
  read: { rows: number; columns: Float64Array[] },
  withTarget: boolean,
): { raw: RawColumns; target?: Float64Array } {
  const { rows, columns } = read;
  const featureColumns = spec.features.map((f, j) => (f.kind === 'categorical' ? Int32Array.from(columns[j]) : columns[j]));
  return { raw: { rows, columns: featureColumns }, target: withTarget ? columns[spec.features.length] : undefined };
}

/**
 * An order-independent fingerprint of a table's content (xor of row hashes) plus its row count,
 * for model cards and run records.
 */
export async function tableFingerprint(data: DataPlane, table: string): Promise<{ rows: number; fingerprint: string }> {
  const [row] = await data.all<{ n: number; h: string | number | null }>(`SELECT count(*) AS n, bit_xor(hash(t)) AS h FROM ${ident(table)} t`);
  return {
    rows: row.n,
    fingerprint: BigInt(row.h ?? 0)
      .toString(16)
      .padStart(16, '0'),
  };
}
