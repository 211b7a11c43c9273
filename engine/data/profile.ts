/**
 * Column profiles for the window's data viewer, computed as SQL aggregates inside DuckDB so a
 * 500k-row table is profiled without leaving the database. Two scans in all: one for every
 * column's counts, extremes, moments and quantiles, one for every histogram and small top-values
 * list; only high-cardinality text columns add one GROUP BY each for their top values.
 */
import type { ColumnProfile, TableProfile } from '../engine-types.js';
import type { ColumnInfo } from '../values.js';
import { ident, type DataPlane } from './data-plane.js';
import { plainCell, requireColumns, tableColumns } from './page.js';

/** Number of equal-width bins for continuous columns. */
export const HISTOGRAM_BINS = 20;
/** How many most frequent values a non-numeric column reports. */
export const TOP_VALUES = 10;
/**
 * Up to this many rows quantiles are exact; above, t-digest estimates (sorting 40 columns of
 * 500k rows costs about three times the whole rest of the profile).
 */
export const EXACT_QUANTILES_MAX_ROWS = 200_000;
/** Columns with at most this many distinct values are profiled from their value counts. */
const VALUE_COUNTS_MAX_DISTINCT = 5_000;

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const QUANTILE_KEYS = ['5%', '25%', '50%', '75%', '95%'] as const;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const FLOATING = /^(FLOAT|DOUBLE)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
/** Types whose min/max mean something to a reader (numbers, dates, times). */
const ORDERED = /^(DATE|TIME|TIMESTAMP.*|TIME WITH TIME ZONE)$/;

type Row = Record<string, unknown>;

async function queryOne(data: DataPlane, sql: string): Promise<Row> {
  const reader = await data.connection.runAndReadAll(sql);
  const [row] = reader.getRowObjectsJS();
  const out: Row = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k] = plainCell(v);
  return out;
}

function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

interface BinPlan {
  from: number;
  width: number;
  bins: number;
}

/** Integer columns with a small range get one bin per value; others get equal-width bins. */
function planBins(column: ColumnInfo, min: number, max: number): BinPlan {
  if (INTEGER.test(column.type) && max - min < HISTOGRAM_BINS) return { from: min, width: 1, bins: max - min + 1 };
  if (max === min) return { from: min, width: 1, bins: 1 };
  return { from: min, width: (max - min) / HISTOGRAM_BINS, bins: HISTOGRAM_BINS };
}

/**
 * The values statistics are computed on. NaN and infinities count as present (in `count`) but
 * are left out of min, max, moments, quantiles and bins: one infinity would make the mean and
 * every bin meaningless, and DuckDB's stddev raises on it.
 */
function statValue(column: ColumnInfo): string {
  const col = ident(column.name);
  return FLOATING.test(column.type) ? `CASE WHEN isfinite(${col}) THEN ${col} END` : col;
}

function binExpr(column: ColumnInfo, plan: BinPlan): string {
  const x = `CAST(${statValue(column)} AS DOUBLE)`;
  const bin = `CAST(floor((${x} - ${plan.from}) / ${plan.width}) AS INTEGER)`;
  // The maximum lands exactly on the upper edge and is folded into the last bin. Not LEAST: it
  // skips NULLs, which would count every missing value in the last bin.
  return `histogram(CASE WHEN ${bin} >= ${plan.bins - 1} THEN ${plan.bins - 1} ELSE ${bin} END)`;
}

function binsOf(plan: BinPlan, counts: number[]): NonNullable<ColumnProfile['histogram']> {
  return { bins: counts.map((count, b) => ({ from: plan.from + b * plan.width, to: plan.from + (b + 1) * plan.width, count })) };
}

/** The same arithmetic as `binExpr`, in JS, for columns whose value counts are already here. */
function binCounts(plan: BinPlan, values: { value: number; count: number }[]): number[] {
  const counts = new Array<number>(plan.bins).fill(0);
  for (const { value, count } of values) counts[Math.min(Math.floor((value - plan.from) / plan.width), plan.bins - 1)] += count;
  return counts;
}

/**
 * Quantiles from sorted value counts, with DuckDB's quantile_cont definition (linear
 * interpolation between the values at ranks floor(h) and floor(h) + 1, h = (n - 1) q).
 */
export function quantilesFromCounts(values: { value: number; count: number }[], n: number): Record<string, number | null> {
  const at = (rank: number): number => {
    let seen = 0;
    for (const v of values) {
      seen += v.count;
      if (rank < seen) return v.value;
    }
    return values[values.length - 1].value;
  };
  return Object.fromEntries(
    QUANTILES.map((q, j) => {
      if (n === 0 || values.length === 0) return [QUANTILE_KEYS[j], null];
      const h = (n - 1) * q;
      const lo = Math.floor(h);
      const a = at(lo);
      const b = h > lo ? at(lo + 1) : a;
      return [QUANTILE_KEYS[j], a + (h - lo) * (b - a)];
    }),
  );
}

function mapEntries(value: unknown): { key: unknown; value: number }[] {
  if (!Array.isArray(value)) return [];
  return value.map((e: { key: unknown; value: unknown }) => ({ key: e.key, value: Number(e.value) }));
}

function topFromEntries(entries: { key: unknown; value: number }[]): { value: string | null; count: number }[] {
  return entries
    .map((e) => ({ value: e.key === null ? null : String(e.key), count: e.value }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
    .slice(0, TOP_VALUES);
}

/**
 * Profiles some or all columns of a table: count, missing, distinct, and min/max/mean/std,
 * quantiles (5/25/50/75/95, approximate above {@link EXACT_QUANTILES_MAX_ROWS} rows) and a
 * histogram for numeric columns, top {@link TOP_VALUES} values for the others.
 *
 * @example
 * const profile = await profileTable(data, 't_import_table', ['age', 'workclass']);
 */
export async function profileTable(data: DataPlane, table: string, columns?: string[]): Promise<TableProfile> {
  const all = await tableColumns(data, table);
  if (columns) requireColumns(table, all, columns);
  const wanted = columns ? columns.map((n) => all.find((c) => c.name === n)!) : all;
  const src = ident(table);

  const [{ n: rowCount }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${src}`);
  if (wanted.length === 0) return { table, rowCount, columns: [] };
  const exact = rowCount <= EXACT_QUANTILES_MAX_ROWS;

  // Scan 1: counts, distinct counts, extremes and moments.
  const first: string[] = [];
  wanted.forEach((c, i) => {
    const col = ident(c.name);
    first.push(`count(${col}) AS "c${i}_n"`);
    // Exact distinct counts: measured on kddcup 10%, faster than approx_count_distinct (0.20 s vs 0.31 s) and never off by 8%.
    first.push(`count(DISTINCT ${col}) AS "c${i}_d"`);
    if (NUMERIC.test(c.type)) {
      // No cast to DOUBLE: aggregating the stored type is measured 35% cheaper.
      const v = statValue(c);
      first.push(`min(${v}) AS "c${i}_min"`, `max(${v}) AS "c${i}_max"`, `avg(${v}) AS "c${i}_mean"`, `stddev_samp(${v}) AS "c${i}_std"`);
    } else if (ORDERED.test(c.type)) {
      first.push(`CAST(min(${col}) AS VARCHAR) AS "c${i}_min"`, `CAST(max(${col}) AS VARCHAR) AS "c${i}_max"`);
    }
  });
  const stats = await queryOne(data, `SELECT ${first.join(', ')} FROM ${src}`);

  const profiles: ColumnProfile[] = wanted.map((c, i) => {
    const count = num(stats[`c${i}_n`]) ?? 0;
    const p: ColumnProfile = { name: c.name, type: c.type, count, missing: rowCount - count, distinct: num(stats[`c${i}_d`]) ?? 0 };
    if (NUMERIC.test(c.type)) {
      p.min = num(stats[`c${i}_min`]);
      p.max = num(stats[`c${i}_max`]);
      p.mean = num(stats[`c${i}_mean`]);
      p.std = num(stats[`c${i}_std`]);
      p.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k) => [k, null]));
    } else if (ORDERED.test(c.type)) {
      p.min = (stats[`c${i}_min`] as string | null) ?? null;
      p.max = (stats[`c${i}_max`] as string | null) ?? null;
    }
    return p;
  });

  // Scan 2, everything that needs scan 1's figures, in one pass: a value -> count map for
  // low-cardinality columns (exact quantiles, bins and top values follow from it in JS, which
  // is what keeps 40-column tables cheap), binned counts and quantile aggregates for the rest.
  const second: string[] = [];
  const plans = new Map<number, BinPlan>();
  const bigText: number[] = [];
  const qs = `[${QUANTILES.join(', ')}]`;
  wanted.forEach((c, i) => {
    const p = profiles[i];
    const col = ident(c.name);
    if (NUMERIC.test(c.type)) {
      if (p.min === null || p.max === null || p.min === undefined || p.max === undefined) return;
      plans.set(i, planBins(c, p.min as number, p.max as number));
      if (p.distinct <= VALUE_COUNTS_MAX_DISTINCT) {
        second.push(`histogram(CAST(${statValue(c)} AS DOUBLE)) AS "c${i}_v"`);
      } else {
        second.push(`${binExpr(c, plans.get(i)!)} AS "c${i}_h"`);
        const x = `CAST(${statValue(c)} AS DOUBLE)`;
        second.push(`${exact ? `quantile_cont(${x}, ${qs})` : `approx_quantile(${x}, ${qs})`} AS "c${i}_q"`);
      }
    } else if (p.count > 0) {
      if (p.distinct <= VALUE_COUNTS_MAX_DISTINCT) second.push(`histogram(${c.type === 'VARCHAR' ? col : `CAST(${col} AS VARCHAR)`}) AS "c${i}_t"`);
      else bigText.push(i);
    }
  });
  const shared = second.length > 0 ? await queryOne(data, `SELECT ${second.join(', ')} FROM ${src}`) : {};

  wanted.forEach((_c, i) => {
    const plan = plans.get(i);
    const p = profiles[i];
    if (plan && shared[`c${i}_v`] !== undefined) {
      const values = mapEntries(shared[`c${i}_v`]).map((e) => ({ value: Number(e.key), count: e.value }));
      values.sort((a, b) => a.value - b.value);
      p.quantiles = quantilesFromCounts(values, values.reduce((n, v) => n + v.count, 0));
      p.histogram = binsOf(plan, binCounts(plan, values));
    } else if (plan) {
      const counts = new Array<number>(plan.bins).fill(0);
      for (const e of mapEntries(shared[`c${i}_h`])) counts[Number(e.key)] += e.value;
      p.histogram = binsOf(plan, counts);
      const q = Array.isArray(shared[`c${i}_q`]) ? (shared[`c${i}_q`] as unknown[]) : [];
      p.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, num(q[j])]));
    } else if (shared[`c${i}_t`] !== undefined) {
      p.topValues = topFromEntries(mapEntries(shared[`c${i}_t`]));
    }
  });

  for (const i of bigText) {
    const col = ident(wanted[i].name);
    const top = await data.all<{ v: unknown; n: number }>(
      `SELECT CAST(${col} AS VARCHAR) AS v, count(*) AS n FROM ${src} WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
    );
    profiles[i].topValues = top.map((r) => ({ value: r.v === null ? null : String(r.v), count: r.n }));
  }

  return { table, rowCount, columns: profiles };
}
