/**
 * Builds one DuckDB statement out of a chain of CTEs, one per transformation step, while keeping
 * track of the exact column names and types after every step (asked from DuckDB itself with
 * DESCRIBE, so no type rules are re-implemented here). Node runners compile their step lists
 * through this and create the output with a single `CREATE OR REPLACE TABLE ... AS`.
 */
import { inRowOrder, writeOnOneThreadIfSmall } from '../data/one-thread.js';
import { ident } from '../data/data-plane.js';
import type { DataPlane } from '../data/data-plane.js';
import { NodeError } from '../node-run.js';
import type { ColumnInfo } from '../values.js';

/**
 * Hidden column carrying each row's position in the input table. Steps that pick "the first" of
 * several rows (duplicates) order by it, and the output is written in this order, so results do not
 * depend on DuckDB's parallel scheduling.
 */
export const ROW_COLUMN = '__ls_row';

/** Column expression for one output column: a SQL expression and the name it gets. */
export interface Projection {
  expr: string;
  name: string;
}

export class SqlPlan {
  private readonly ctes: string[] = [];
  private current = '';
  /** False once a step may have reordered rows (windows, grouping); see `outputSql`. */
  private orderKept = true;

  private constructor(
    private readonly data: DataPlane,
    /** Columns of the current step, in order, without the hidden row column. */
    public columns: ColumnInfo[],
    /** The input table, counted only when `querySums` needs to know its size. */
    private readonly input: string,
  ) {}

  /**
   * Starts a plan over a table, with the hidden row position column (see `withRowColumn`).
   *
   * @example
   * const plan = await SqlPlan.start(ctx.data, input.table);
   * await plan.push((from) => `SELECT * FROM ${from} WHERE ${ident('age')} > 30`);
   * await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(out)} AS ${plan.outputSql()}`);
   */
  static async start(data: DataPlane, table: string): Promise<SqlPlan> {
    const columns = await data.columns(table);
    if (columns.some((c) => c.name === ROW_COLUMN)) {
      throw new NodeError(
        'reserved-column',
        `The input has a column named "${ROW_COLUMN}", a name this app keeps for itself.`,
        'Rename that column before this node (Clean, rename step).',
      );
    }
    const plan = new SqlPlan(data, columns, table);
    plan.ctes.push(`s0 AS (${await withRowColumn(data, table)})`);
    // A workspace may turn order preservation off to save memory; then every output is sorted.
    const [{ keep }] = await data.all<{ keep: boolean }>(`SELECT current_setting('preserve_insertion_order') AS keep`);
    plan.orderKept = keep === true;
    plan.current = 's0';
    return plan;
  }

  /** Name of the relation holding the current step's rows (use inside `FROM`). */
  get from(): string {
    return this.current;
  }

  /** The column with this name, or a clear error naming the step and the columns there are. */
  column(name: string, where: string): ColumnInfo {
    const found = this.columns.find((c) => c.name === name);
    if (!found) {
      const known = this.columns.map((c) => c.name).join(', ');
      throw new NodeError(
        'unknown-column',
        `${where}: there is no column "${name}" at this point.`,
        `Columns here: ${known || '(none)'}. Check the spelling, or an earlier step that renamed or removed it.`,
      );
    }
    return found;
  }

  /**
   * Adds a step. `body` receives the previous relation's name and returns a SELECT that keeps the
   * hidden row column. Column names and types are refreshed from DuckDB. Pass `keepsOrder: false`
   * for anything beyond projections and WHERE (window functions with a PARTITION or ORDER BY,
   * GROUP BY, joins), which DuckDB does not promise to return in input order.
   */
  async push(body: (from: string) => string, options: { keepsOrder?: boolean } = {}): Promise<void> {
    if (options.keepsOrder === false) this.orderKept = false;
    const name = `s${this.ctes.length}`;
    this.ctes.push(`${name} AS (${body(this.current)})`);
    this.current = name;
    const described = await this.data.all<{ column_name: string; column_type: string }>(`DESCRIBE ${this.withClause()} SELECT * FROM ${name}`);
    this.columns = described.filter((r) => r.column_name !== ROW_COLUMN).map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /**
   * Adds a step that rewrites columns in place: `map` returns, per column, `undefined` to keep it,
   * `null` to drop it, or the projections that replace it (several for one-hot encoding).
   */
  async mapColumns(map: (col: ColumnInfo) => Projection[] | null | undefined): Promise<void> {
    const parts: string[] = [];
    for (const col of this.columns) {
      const out = map(col);
      if (out === undefined) parts.push(ident(col.name));
      else if (out !== null) for (const p of out) parts.push(`${p.expr} AS ${ident(p.name)}`);
    }
    parts.push(ident(ROW_COLUMN));
    await this.push((from) => `SELECT ${parts.join(', ')} FROM ${from}`);
  }

  /** `WITH s0 AS (...), s1 AS (...)` for everything pushed so far. */
  withClause(): string {
    return `WITH ${this.ctes.join(', ')}`;
  }

  /** Runs a query over the current step (e.g. to fit imputation values on the data as it is there). */
  async query<T = Record<string, unknown>>(select: (from: string) => string): Promise<T[]> {
    return this.data.all<T>(`${this.withClause()} ${select(this.current)}`);
  }

  /**
   * `query` for floating-point sums (means, deviations) learned from the rows: on one thread when the
   * input spans several row groups, so the learned values are the same in every run (engine/data/one-thread.ts).
   */
  async querySums<T = Record<string, unknown>>(select: (from: string) => string): Promise<T[]> {
    const [{ n }] = await this.data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(this.input)}`);
    return inRowOrder(this.data, n, () => this.query<T>(select));
  }

  /**
   * The final SELECT: every visible column, in the input's row order. DuckDB keeps the order of a
   * single-table scan through projections, WHERE and CTEs made of them (docs, "Order
   * Preservation"), so the sort, which doubles the cost of writing a wide table, is only added
   * after a step that may have shuffled rows.
   */
  outputSql(): string {
    const order = this.orderKept ? '' : ` ORDER BY ${ident(ROW_COLUMN)}`;
    return `${this.withClause()} SELECT * EXCLUDE (${ident(ROW_COLUMN)}) FROM ${this.current}${order}`;
  }

  /**
   * Writes the output into `table`: on one thread when the input (of `inputRows` rows) is one row
   * group and the node runs alone (`writeOnOneThreadIfSmall`).
   *
   * @example
   * await plan.write(ctx.outputTable('output'), input.rowCount, ctx.signal);
   */
  write(table: string, inputRows: number, signal: AbortSignal): Promise<void> {
    return writeOnOneThreadIfSmall(this.data, inputRows, `CREATE OR REPLACE TABLE ${ident(table)} AS ${this.outputSql()}`, signal);
  }
}

/**
 * `SELECT *, <row position> AS __ls_row FROM table`. The position is DuckDB's `rowid`, which on a
 * materialised table is its storage position: stable for the table's life, and equal to the
 * insertion order of the `CREATE TABLE AS` that wrote it (outputs here are written ordered).
 */
export async function withRowColumn(data: DataPlane, table: string): Promise<string> {
  let rowExpr = 'rowid';
  try {
    await data.all(`SELECT rowid FROM ${ident(table)} LIMIT 0`);
  } catch {
    // Views have no rowid; a bare window over a single-table scan keeps its order (DuckDB docs, "order preservation").
    rowExpr = 'row_number() OVER ()';
  }
  return `SELECT *, ${rowExpr} AS ${ident(ROW_COLUMN)} FROM ${ident(table)}`;
}

/** A finite number as SQL text; anything else is a programming error, never user text spliced in. */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$/i;

/** Whether a DuckDB type name holds numbers. */
export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

/** Whether a DuckDB type name holds text. */
export function isTextType(type: string): boolean {
  return /^VARCHAR/i.test(type.trim());
}

/** Quotes a list of names for display in messages: "a", "b", "c". */
export function quoteNames(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/**
 * Non-missing values of several columns with their counts, most frequent first (ties in text
 * order, so the result never depends on thread timing).
 *
 * @example
 * const counts = await valueCounts(plan, ['sex', 'island']);
 * counts.get('sex') // [{ v: 'MALE', n: 168 }, { v: 'FEMALE', n: 165 }]
 */
export async function valueCounts(plan: SqlPlan, columns: readonly string[]): Promise<Map<string, { v: string; n: number }[]>> {
  const out = new Map<string, { v: string; n: number }[]>(columns.map((c) => [c, []]));
  if (columns.length === 0) return out;
  // One typed GROUP BY per column: measured faster than UNPIVOT (which turns every value into text
  // first) and than a UNION ALL of the same (which makes DuckDB materialise the shared CTE).
  for (const c of columns) {
    const rows = await plan.query<{ v: string; n: number }>(
      (from) => `SELECT CAST(${ident(c)} AS VARCHAR) AS v, count(*) AS n FROM ${from} WHERE ${ident(c)} IS NOT NULL GROUP BY ${ident(c)} ORDER BY n DESC, v`,
    );
    out.set(c, rows);
  }
  return out;
}
