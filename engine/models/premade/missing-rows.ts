/**
 * Rows with a missing value in a mapped column are never scored as zero: they are set apart with
 * the reason (rule 'leave-unscored'), or filled by a rule the user chose (median, mean, a constant;
 * text columns take their most frequent value).
 */
import { ident, literal, type DataPlane } from '../../data/data-plane.js';
import type { ColumnInfo } from '../../values.js';

export type MissingRule = 'leave-unscored' | 'median' | 'mean' | 'constant';

export const REASON_COLUMN = 'unscored_reason';

const isFloat = (t: string) => t === 'DOUBLE' || t === 'FLOAT';
const isNumeric = (t: string) => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/.test(t);

function missingSql(c: ColumnInfo): string {
  return isFloat(c.type) ? `(${ident(c.name)} IS NULL OR isnan(${ident(c.name)}))` : `${ident(c.name)} IS NULL`;
}

export interface MissingSplit {
  /** The table to score (all rows when filled, the complete ones otherwise). */
  rowsTable: string;
  unscoredRows: number;
  rowsWithMissing: number;
  /** SQL literal per filled column. */
  fills: Map<string, string>;
  /** Plain-words account for the log ("2 rows left unscored: missing bill_length_mm (2), ..."). */
  account: string;
}

async function fillValues(data: DataPlane, table: string, cols: ColumnInfo[], rule: Exclude<MissingRule, 'leave-unscored'>, constant: number) {
  const fills = new Map<string, string>();
  for (const c of cols) {
    const col = ident(c.name);
    const valid = `FROM ${ident(table)} WHERE NOT ${missingSql(c)}`;
    let sql: string;
    if (!isNumeric(c.type)) sql = `SELECT CAST(mode(${col}) AS VARCHAR) AS v ${valid}`;
    else if (rule === 'constant') sql = `SELECT CAST(${Number(constant)} AS VARCHAR) AS v`;
    else sql = `SELECT CAST(${rule === 'median' ? 'median' : 'avg'}(CAST(${col} AS DOUBLE)) AS VARCHAR) AS v ${valid}`;
    const [{ v }] = await data.all<{ v: string | null }>(sql);
    if (v === null) throw new Error(`column ${c.name} has no value at all to fill its missing ones from; pick another missing-value rule`);
    fills.set(c.name, isNumeric(c.type) ? `CAST(${literal(String(Number(v)))} AS DOUBLE)` : literal(v));
  }
  return fills;
}

/**
 * @example
 * const split = await splitMissing(ctx.data, input, ['bill_length_mm'], 'leave-unscored', 0, `${out}__rows`, unscoredTable);
 */
export async function splitMissing(
  data: DataPlane,
  table: { table: string; columns: ColumnInfo[] },
  mapped: string[],
  rule: MissingRule,
  constant: number,
  rowsTable: string,
  unscoredTable: string,
): Promise<MissingSplit> {
  const cols = [...new Set(mapped)].map((name) => table.columns.find((c) => c.name === name)!);
  const any = cols.length ? cols.map(missingSql).join(' OR ') : 'false';
  const counts = cols.map((c) => `count(*) FILTER (WHERE ${missingSql(c)}) AS ${ident(c.name)}`);
  const [row] = await data.all<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE ${any}) AS __rows${counts.length ? ', ' + counts.join(', ') : ''} FROM ${ident(table.table)}`,
  );
  const rowsWithMissing = Number(row.__rows);
  const perColumn = cols.filter((c) => Number(row[c.name]) > 0).map((c) => `${c.name} (${row[c.name]})`);
  const src = ident(table.table);
  if (rule === 'leave-unscored' || rowsWithMissing === 0) {
    const reasons = cols.map((c) => `CASE WHEN ${missingSql(c)} THEN ${literal(c.name)} END`);
    const reason = reasons.length ? `'missing ' || concat_ws(', ', ${reasons.join(', ')})` : `''`;
    await data.run(`CREATE OR REPLACE TABLE ${ident(unscoredTable)} AS SELECT *, ${reason} AS ${ident(REASON_COLUMN)} FROM ${src} WHERE ${any}`);
    await data.run(`CREATE OR REPLACE TABLE ${ident(rowsTable)} AS SELECT * FROM ${src} WHERE NOT (${any})`);
    const account = rowsWithMissing
      ? `${rowsWithMissing} rows left unscored (a mapped column is missing): ${perColumn.join(', ')}; they are in the "Unscored rows" output with the reason`
      : '';
    return { rowsTable, unscoredRows: rowsWithMissing, rowsWithMissing, fills: new Map(), account };
  }
  const missingCols = cols.filter((c) => Number(row[c.name]) > 0);
  const fills = await fillValues(data, table.table, missingCols, rule, constant);
  await data.run(`CREATE OR REPLACE TABLE ${ident(unscoredTable)} AS SELECT *, CAST(NULL AS VARCHAR) AS ${ident(REASON_COLUMN)} FROM ${src} WHERE false`);
  // NaN counts as missing like NULL; as NULL it takes the fill value when the columns are read.
  const nans = missingCols
    .filter((c) => isFloat(c.type))
    .map((c) => `CASE WHEN isnan(${ident(c.name)}) THEN NULL ELSE ${ident(c.name)} END AS ${ident(c.name)}`);
  await data.run(`CREATE OR REPLACE TABLE ${ident(rowsTable)} AS SELECT *${nans.length ? ` REPLACE (${nans.join(', ')})` : ''} FROM ${src}`);
  const filled = missingCols.map((c) => `${c.name} (${row[c.name]} with ${fills.get(c.name)!.replace(/^CAST\('(.*)' AS DOUBLE\)$/, '$1')})`);
  return {
    rowsTable,
    unscoredRows: 0,
    rowsWithMissing,
    fills,
    account: `${rowsWithMissing} rows had a missing value, filled by the ${rule} rule: ${filled.join(', ')}`,
  };
}
