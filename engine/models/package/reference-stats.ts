/**
 * Reference statistics of the training table, per column, kept in the package so monitoring can
 * compare live inputs without the training table: numbers get equal-width bins over [min, max]
 * with counts; other columns get category frequencies (cast to text); every column its missing share.
 *
 * Numbers also keep their distinct values with counts (`values`, `valueCounts`): every default drift
 * test (KS, Wasserstein, Sturges bins over both datasets) depends on the data only through these, so
 * the monitor gets the same figures as from the training table itself. Past REFERENCE_MAX_VALUES
 * distinct values they are rounded to fewer significant digits (`valueDigits`) to bound the file.
 */
import { ident, type DataPlane } from '../../data/data-plane.js';

export const REFERENCE_BINS = 10;
/** Past this many distinct values the rarest are summed into `otherCount`, so the file stays small. */
export const REFERENCE_MAX_CATEGORIES = 100;
/** Past this many distinct numbers, values are rounded to fewer significant digits until they fit. */
export const REFERENCE_MAX_VALUES = 10_000;

export type ColumnReference =
  | {
      name: string;
      type: string;
      kind: 'numeric';
      rows: number;
      missing: number;
      missingShare: number;
      min: number | null;
      max: number | null;
      edges: number[];
      counts: number[];
      /** Distinct non-missing values, ascending, and how often each occurs (absent in older packages). */
      values?: number[];
      valueCounts?: number[];
      /** Set when values were rounded to this many significant digits to stay under REFERENCE_MAX_VALUES. */
      valueDigits?: number;
    }
  | {
      name: string;
      type: string;
      kind: 'categorical';
      rows: number;
      missing: number;
      missingShare: number;
      categories: { value: string; count: number }[];
      otherCount: number;
    };

export interface ReferenceStats {
  table: string;
  rows: number;
  columns: ColumnReference[];
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

async function numeric(data: DataPlane, table: string, name: string, type: string, rows: number): Promise<ColumnReference> {
  const c = ident(name);
  // NaN counts as missing: it cannot fall in a bin.
  const present = `${c} IS NOT NULL AND NOT isnan(${c}::DOUBLE)`;
  const [s] = await data.all<{ lo: number | null; hi: number | null; n: bigint | number }>(
    `SELECT min(${c}::DOUBLE) FILTER (WHERE ${present}) AS lo, max(${c}::DOUBLE) FILTER (WHERE ${present}) AS hi, count(*) FILTER (WHERE ${present}) AS n FROM ${ident(table)}`,
  );
  const n = Number(s.n);
  const missing = rows - n;
  const base = { name, type, kind: 'numeric' as const, rows, missing, missingShare: rows ? missing / rows : 0 };
  if (s.lo === null || s.hi === null || n === 0) return { ...base, min: null, max: null, edges: [], counts: [] };
  const bins = s.hi === s.lo ? 1 : REFERENCE_BINS;
  const width = (s.hi - s.lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? s.hi! : s.lo! + i * width));
  // The maximum falls in the last bin (bins are [e_i, e_i+1), the last one closed).
  // Bound as DOUBLE parameters: a literal like 0.2 would be read as a DECIMAL.
  const [binOf, params] = bins === 1 ? ['0', []] : [`least(floor((${c}::DOUBLE - ?::DOUBLE) / ?::DOUBLE)::BIGINT, ${bins - 1})`, [s.lo, width]];
  const found = await data.all<{ b: bigint | number; n: bigint | number }>(
    `SELECT ${binOf} AS b, count(*) AS n FROM ${ident(table)} WHERE ${present} GROUP BY 1`,
    params,
  );
  const counts = new Array<number>(bins).fill(0);
  for (const r of found) counts[Number(r.b)] = Number(r.n);
  const distinct = await data.all<{ v: number; n: bigint | number }>(
    `SELECT ${c}::DOUBLE AS v, count(*) AS n FROM ${ident(table)} WHERE ${present} GROUP BY 1 ORDER BY 1`,
  );
  return { ...base, min: s.lo, max: s.hi, edges, counts, ...boundedValues(distinct.map((r) => [r.v, Number(r.n)])) };
}

/** The value counts, rounded to fewer significant digits (15 down to 1) until at most REFERENCE_MAX_VALUES remain. */
export function boundedValues(pairs: [number, number][]): { values: number[]; valueCounts: number[]; valueDigits?: number } {
  let merged = pairs;
  let digits: number | undefined;
  for (let d = 15; merged.length > REFERENCE_MAX_VALUES && d >= 1; d--) {
    const m = new Map<number, number>();
    for (const [v, n] of pairs) {
      const r = Number(v.toPrecision(d));
      m.set(r, (m.get(r) ?? 0) + n);
    }
    merged = [...m.entries()].sort((a, b) => a[0] - b[0]);
    digits = d;
  }
  return { values: merged.map((p) => p[0]), valueCounts: merged.map((p) => p[1]), ...(digits ? { valueDigits: digits } : {}) };
}

async function categorical(data: DataPlane, table: string, name: string, type: string, rows: number): Promise<ColumnReference> {
  const c = ident(name);
  const found = await data.all<{ v: string; n: bigint | number }>(
    `SELECT ${c}::VARCHAR AS v, count(*) AS n FROM ${ident(table)} WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v`,
  );
  const all = found.map((r) => ({ value: r.v, count: Number(r.n) }));
  const present = all.reduce((t, r) => t + r.count, 0);
  const categories = all.slice(0, REFERENCE_MAX_CATEGORIES);
  const otherCount = all.slice(REFERENCE_MAX_CATEGORIES).reduce((t, r) => t + r.count, 0);
  const missing = rows - present;
  return { name, type, kind: 'categorical', rows, missing, missingShare: rows ? missing / rows : 0, categories, otherCount };
}

/**
 * Statistics of every column of `table` (or of `columns` only), in the table's column order.
 *
 * @example
 * const stats = await referenceStatistics(ctx.data, summary.data.train.table);
 */
export async function referenceStatistics(data: DataPlane, table: string, columns?: readonly string[]): Promise<ReferenceStats> {
  const described = await data.describe(table);
  const rows = described.rowCount;
  const wanted = columns ? new Set(columns) : undefined;
  const out: ColumnReference[] = [];
  for (const col of described.columns) {
    if (wanted && !wanted.has(col.name)) continue;
    out.push(NUMERIC.test(col.type) ? await numeric(data, table, col.name, col.type, rows) : await categorical(data, table, col.name, col.type, rows));
  }
  return { table, rows, columns: out };
}
