/**
 * Column profiles for the window's data viewer, computed as SQL aggregates inside DuckDB so a
 * 500k-row table is profiled without leaving the database. One scan does most of the work: a
 * value -> count map per low-cardinality column (distinct count, extremes, moments, exact
 * quantiles, bins and top values follow from it in JS, see profile-counts.ts), and counts,
 * distinct counts and moments for the others. Only high-cardinality numeric columns need a second
 * scan (bins and quantiles need the first scan's extremes); high-cardinality text adds one GROUP
 * BY each for its top values.
 */
import type { ColumnProfile, TableProfile } from '../engine-types.js';
import type { ColumnInfo } from '../values.js';
import { ident, type DataPlane } from './data-plane.js';
import { ROW_GROUP_ROWS } from './one-thread.js';
import { plainCell, requireColumns, tableColumns } from './page.js';
import {
  finiteCounts,
  mapEntries,
  momentsFromCounts,
  QUANTILE_KEYS,
  QUANTILES,
  quantilesFromCounts,
  topFromEntries,
  type ValueCount,
} from './profile-counts.js';

export { quantilesFromCounts } from './profile-counts.js';

/** Number of equal-width bins for continuous columns. */
export const HISTOGRAM_BINS = 20;
/** How many most frequent values a non-numeric column reports. */
export const TOP_VALUES = 10;
/**
 * Up to this many rows quantiles are exact; above, t-digest estimates (sorting 40 columns of
 * 500k rows costs about three times the whole rest of the profile). Low-cardinality columns
 * always get exact quantiles (from their value counts).
 */
export const EXACT_QUANTILES_MAX_ROWS = 200_000;
/**
 * Columns with at most this many distinct values are profiled from their value counts. 5,000
 * until the maps came back as flat lists: at 20,000, kddcup's column05 (10,725 values) gets exact
 * quantiles in the main scan instead of a distinct count and a second scan (its profile 188 against
 * 214 ms of CPU, 6 pairs; a 3M-row table with four 9,206-value columns: no change). The estimate
 * that chooses the path undercounts up to 4x, so a misjudged column builds a map of at most ~80k
 * entries before it falls back.
 */
const VALUE_COUNTS_MAX_DISTINCT = 20_000;

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const FLOATING = /^(FLOAT|DOUBLE)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
/** Types whose min/max mean something to a reader (numbers, dates, times). */
const ORDERED = /^(DATE|TIME|TIMESTAMP.*|TIME WITH TIME ZONE)$/;

type Row = Record<string, unknown>;

/** Columns `valueCountLists` returns: flat lists of numbers or text, already plain. */
const VALUE_LISTS = /_v[kc]$/;

async function queryOne(data: DataPlane, sql: string): Promise<Row> {
  const reader = await data.connection.runAndReadAll(sql);
  const [row] = reader.getRowObjectsJS();
  const out: Row = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k] = VALUE_LISTS.test(k) ? v : plainCell(v);
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
function binCounts(plan: BinPlan, values: ValueCount[]): number[] {
  const counts = new Array<number>(plan.bins).fill(0);
  for (const { value, count } of values) counts[Math.min(Math.floor((value - plan.from) / plan.width), plan.bins - 1)] += count;
  return counts;
}

/** The value -> count map of a column, keyed by text for non-numeric columns. */
function valueMapExpr(c: ColumnInfo): string {
  const col = ident(c.name);
  // DuckDB's histogram() folds NaN and infinities into one key (measured: 4 values, 1 entry),
  // so floating columns map their finite values only and count the others apart.
  if (NUMERIC.test(c.type)) return `histogram(${statValue(c)})`;
  if (c.type === 'VARCHAR') return `histogram(${col})`;
  return `histogram(CAST(${col} AS VARCHAR))`;
}

/**
 * A small value map as two lists, its keys (as DOUBLE for numbers) and its counts. Read into JS,
 * a MAP becomes one object per entry, and converting those took most of the profile's time outside
 * DuckDB (kddcup: about 70 ms of 100); flat lists of numbers and text convert for a fraction.
 */
function valueCountLists(c: ColumnInfo, i: number): string[] {
  const h = `"c${i}_h"`;
  const small = `cardinality(${h}) <= ${VALUE_COUNTS_MAX_DISTINCT}`;
  const keys = NUMERIC.test(c.type) ? `CAST(map_keys(${h}) AS DOUBLE[])` : `map_keys(${h})`;
  return [`CASE WHEN ${small} THEN ${keys} END AS "c${i}_vk"`, `CASE WHEN ${small} THEN CAST(map_values(${h}) AS DOUBLE[]) END AS "c${i}_vc"`];
}

/** The value -> count entries `valueCountLists` returned, or undefined when the map was too large. */
function valueCounts(row: Row, i: number): { key: unknown; value: number }[] | undefined {
  const keys = row[`c${i}_vk`];
  const counts = row[`c${i}_vc`];
  if (!Array.isArray(keys) || !Array.isArray(counts)) return undefined;
  return keys.map((key: unknown, j) => ({ key, value: counts[j] as number }));
}

/** Aggregates for a column too varied for a value map: distinct count, and extremes and moments when numeric. */
function wideAggregates(c: ColumnInfo, i: number, withDistinct: boolean): string[] {
  const col = ident(c.name);
  const out = withDistinct ? [`count(DISTINCT ${col}) AS "c${i}_d"`] : [];
  if (NUMERIC.test(c.type)) {
    // No cast to DOUBLE: aggregating the stored type is measured 35% cheaper.
    const v = statValue(c);
    out.push(`min(${v}) AS "c${i}_min"`, `max(${v}) AS "c${i}_max"`, `avg(${v}) AS "c${i}_mean"`, `stddev_samp(${v}) AS "c${i}_std"`);
  }
  return out;
}

/** Which columns DuckDB's stored statistics (free to read) estimate to have few distinct values. */
async function fewDistinctByEstimate(data: DataPlane, src: string, wanted: ColumnInfo[], rowCount: number): Promise<boolean[]> {
  const [row] = await data.all<Record<string, unknown>>(
    `SELECT ${wanted.map((c, i) => `CAST(stats(${ident(c.name)}) AS VARCHAR) AS "s${i}"`).join(', ')} FROM ${src} LIMIT 1`,
  );
  return wanted.map((_c, i) => {
    const m = /Approx Unique: (\d+)/.exec(String(row?.[`s${i}`] ?? ''));
    // No estimate: small tables are cheap either way; large ones take the path that cannot blow up.
    return m ? Number(m[1]) <= VALUE_COUNTS_MAX_DISTINCT : rowCount <= EXACT_QUANTILES_MAX_ROWS;
  });
}

/**
 * The exact distinct counts of the varied columns, one column per statement: several
 * `count(DISTINCT)` in one query cost a third more (2M rows x 16 columns: 1.06-1.13 s against
 * 0.68-0.73 s one by one, 2.1 s against 1.3 s of CPU). Used on tables of more than one row group;
 * on smaller ones the main scan's single statement is cheaper than the extra ones.
 */
async function countDistinctApart(data: DataPlane, src: string, wanted: ColumnInfo[], few: boolean[], stats: Row): Promise<void> {
  for (const [i, c] of wanted.entries()) {
    if (few[i]) continue;
    const row = await queryOne(data, `SELECT count(DISTINCT ${ident(c.name)}) AS "c${i}_d" FROM ${src}`);
    stats[`c${i}_d`] = row[`c${i}_d`];
  }
}

/**
 * Adds the distinct NaN and infinite values to the distinct counts of the value-map columns that
 * hold any. Counting them in the main scan cost every floating column a DISTINCT aggregate (kddcup's
 * 15: 35 ms of 200) for values most tables never hold; the map's total tells which columns do.
 */
async function countNonFinite(data: DataPlane, src: string, wanted: ColumnInfo[], stats: Row): Promise<void> {
  const odd = wanted.flatMap((c, i) => ((num(stats[`c${i}_nf`]) ?? 0) > 0 ? [i] : []));
  if (odd.length === 0) return;
  const col = (i: number) => ident(wanted[i].name);
  const row = await queryOne(
    data,
    `SELECT ${odd.map((i) => `count(DISTINCT CASE WHEN NOT isfinite(${col(i)}) THEN ${col(i)} END) AS "c${i}_x"`).join(', ')} FROM ${src}`,
  );
  for (const i of odd) stats[`c${i}_d`] = (num(stats[`c${i}_d`]) ?? 0) + (num(row[`c${i}_x`]) ?? 0);
}

function fillWide(p: ColumnProfile, c: ColumnInfo, row: Row, i: number): void {
  if (row[`c${i}_d`] !== undefined) p.distinct = num(row[`c${i}_d`]) ?? 0;
  if (!NUMERIC.test(c.type)) return;
  p.min = num(row[`c${i}_min`]);
  p.max = num(row[`c${i}_max`]);
  p.mean = num(row[`c${i}_mean`]);
  p.std = num(row[`c${i}_std`]);
}

/**
 * Profiles some or all columns of a table: count, missing, distinct, and min/max/mean/std,
 * quantiles (5/25/50/75/95) and a histogram for numeric columns, top {@link TOP_VALUES} values for
 * the others. Quantiles are exact except for columns with over 20,000 distinct values in tables
 * over {@link EXACT_QUANTILES_MAX_ROWS} rows (t-digest estimates, flagged `approximateQuantiles`);
 * every count is exact.
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
  const few = await fewDistinctByEstimate(data, src, wanted, rowCount);
  const distinctApart = rowCount > ROW_GROUP_ROWS;

  // Scan 1. A value map is returned only when small; a column whose estimate was too low gets
  // its map's size as the exact distinct count and joins the wide columns below.
  const inner: string[] = [];
  const outer: string[] = [];
  wanted.forEach((c, i) => {
    const col = ident(c.name);
    inner.push(`count(${col}) AS "c${i}_n"`);
    outer.push(`"c${i}_n"`);
    if (few[i]) {
      inner.push(`${valueMapExpr(c)} AS "c${i}_h"`);
      outer.push(`cardinality("c${i}_h") AS "c${i}_d"`, ...valueCountLists(c, i));
      // Rows the finite-only map left out: NaN and infinities, whose distinct values are counted apart.
      if (FLOATING.test(c.type)) outer.push(`"c${i}_n" - coalesce(list_sum(map_values("c${i}_h")), 0) AS "c${i}_nf"`);
    } else {
      const wide = wideAggregates(c, i, !distinctApart);
      inner.push(...wide);
      outer.push(...wide.map((w) => w.slice(w.lastIndexOf(' AS ') + 4)));
    }
    if (ORDERED.test(c.type)) {
      inner.push(`CAST(min(${col}) AS VARCHAR) AS "c${i}_omin"`, `CAST(max(${col}) AS VARCHAR) AS "c${i}_omax"`);
      outer.push(`"c${i}_omin"`, `"c${i}_omax"`);
    }
  });
  const stats = await queryOne(data, `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${src})`);
  if (distinctApart) await countDistinctApart(data, src, wanted, few, stats);
  await countNonFinite(data, src, wanted, stats);

  const wide: number[] = [];
  const profiles: ColumnProfile[] = wanted.map((c, i) => {
    const count = num(stats[`c${i}_n`]) ?? 0;
    const p: ColumnProfile = { name: c.name, type: c.type, count, missing: rowCount - count, distinct: num(stats[`c${i}_d`]) ?? 0 };
    if (ORDERED.test(c.type)) {
      p.min = (stats[`c${i}_omin`] as string | null) ?? null;
      p.max = (stats[`c${i}_omax`] as string | null) ?? null;
    }
    const entries = few[i] ? valueCounts(stats, i) : undefined;
    if (entries) {
      if (NUMERIC.test(c.type)) {
        const values = finiteCounts(entries);
        const m = momentsFromCounts(values);
        Object.assign(p, { min: m.min, max: m.max, mean: m.mean, std: m.std, quantiles: quantilesFromCounts(values, m.n) });
        if (m.min !== null && m.max !== null) {
          const plan = planBins(c, m.min, m.max);
          p.histogram = binsOf(plan, binCounts(plan, values));
        }
      } else if (count > 0) {
        p.topValues = topFromEntries(entries, TOP_VALUES);
      }
    } else if (few[i] && count > 0) {
      wide.push(i);
    } else if (!few[i]) {
      fillWide(p, c, stats, i);
    }
    return p;
  });

  // Columns the estimate called small but are not: their extremes and moments, in one more scan.
  const lateNumeric = wide.filter((i) => NUMERIC.test(wanted[i].type));
  if (lateNumeric.length > 0) {
    const row = await queryOne(data, `SELECT ${lateNumeric.flatMap((i) => wideAggregates(wanted[i], i, false)).join(', ')} FROM ${src}`);
    for (const i of lateNumeric) fillWide(profiles[i], wanted[i], row, i);
  }

  // Scan 2: bins (which need the extremes) and quantiles of the wide numeric columns.
  const second: string[] = [];
  const plans = new Map<number, BinPlan>();
  const qs = `[${QUANTILES.join(', ')}]`;
  wanted.forEach((c, i) => {
    const p = profiles[i];
    if (!NUMERIC.test(c.type) || p.histogram || p.quantiles) return;
    p.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k) => [k, null]));
    if (typeof p.min !== 'number' || typeof p.max !== 'number') return;
    plans.set(i, planBins(c, p.min, p.max));
    const x = `CAST(${statValue(c)} AS DOUBLE)`;
    second.push(`${binExpr(c, plans.get(i)!)} AS "c${i}_h"`, `${exact ? `quantile_cont(${x}, ${qs})` : `approx_quantile(${x}, ${qs})`} AS "c${i}_q"`);
    if (!exact) p.approximateQuantiles = true;
  });
  const binned = second.length > 0 ? await queryOne(data, `SELECT ${second.join(', ')} FROM ${src}`) : {};
  for (const [i, plan] of plans) {
    const counts = new Array<number>(plan.bins).fill(0);
    for (const e of mapEntries(binned[`c${i}_h`])) counts[Number(e.key)] += e.value;
    profiles[i].histogram = binsOf(plan, counts);
    const q = Array.isArray(binned[`c${i}_q`]) ? (binned[`c${i}_q`] as unknown[]) : [];
    profiles[i].quantiles = Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, num(q[j])]));
  }

  const wideText = wanted.map((c, i) => i).filter((i) => !NUMERIC.test(wanted[i].type) && !profiles[i].topValues && profiles[i].count > 0);
  for (const i of wideText) {
    const col = ident(wanted[i].name);
    const top = await data.all<{ v: unknown; n: number }>(
      `SELECT CAST(${col} AS VARCHAR) AS v, count(*) AS n FROM ${src} WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
    );
    profiles[i].topValues = top.map((r) => ({ value: r.v === null ? null : String(r.v), count: r.n }));
  }

  return { table, rowCount, columns: profiles };
}
