/**
 * Column profiles (rows, missing, value counts) from a DuckDB table or from a model package's stored
 * reference statistics. Numbers exclude NaN and infinities, as Evidently drops them before testing.
 */
import { ident, type DataPlane } from '../data/data-plane.js';
import type { ColumnReference, ReferenceStats } from '../models/package/reference-stats.js';
import { OTHER_CATEGORIES, type ColumnProfile } from './compare.js';
import { categoricalSample, numericSample } from './sample.js';

export const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/i;

/** Profiles of `columns` (all when absent) of a table, or of the rows a WHERE clause keeps. */
export async function tableProfiles(
  data: DataPlane,
  table: string,
  options: { columns?: readonly string[]; where?: string; signal?: AbortSignal } = {},
): Promise<ColumnProfile[]> {
  const described = await data.describe(table);
  const wanted = options.columns ? new Set(options.columns) : undefined;
  const where = options.where ? `WHERE ${options.where}` : '';
  const [{ rows }] = await data.all<{ rows: bigint | number }>(`SELECT count(*) AS rows FROM ${ident(table)} ${where}`);
  const out: ColumnProfile[] = [];
  for (const col of described.columns) {
    if (wanted && !wanted.has(col.name)) continue;
    options.signal?.throwIfAborted();
    const c = ident(col.name);
    const numeric = NUMERIC_TYPE.test(col.type);
    const value = numeric ? `${c}::DOUBLE` : `${c}::VARCHAR`;
    const present = numeric ? `${c} IS NOT NULL AND isfinite(${c}::DOUBLE)` : `${c} IS NOT NULL`;
    const found = await data.all<{ v: number | string; n: bigint | number }>(
      `SELECT ${value} AS v, count(*) AS n FROM ${ident(table)} WHERE ${present} ${options.where ? `AND (${options.where})` : ''} GROUP BY 1`,
    );
    const pairs = found.map((r) => [r.v, Number(r.n)] as const);
    const sample = numeric
      ? numericSample(pairs as (readonly [number, number])[], INTEGER_TYPE.test(col.type))
      : categoricalSample(pairs as (readonly [string, number])[]);
    out.push({ name: col.name, type: col.type, rows: Number(rows), missing: Number(rows) - sample.n, sample });
  }
  return out;
}

function fromReference(col: ColumnReference): ColumnProfile {
  const base = { name: col.name, type: col.type, rows: col.rows, missing: col.missing };
  if (col.kind === 'categorical') {
    // Categories past the stored top 100 are lumped into one: close, not exact.
    const pairs: [string, number][] = col.categories.map((c) => [c.value, c.count]);
    if (col.otherCount) pairs.push([OTHER_CATEGORIES, col.otherCount]);
    return { ...base, sample: categoricalSample(pairs, col.otherCount > 0) };
  }
  const integer = INTEGER_TYPE.test(col.type);
  if (col.values && col.valueCounts) {
    const counts = col.valueCounts;
    return {
      ...base,
      sample: numericSample(
        col.values.map((v, i) => [v, counts[i]] as const),
        integer,
        col.valueDigits !== undefined,
      ),
    };
  }
  // An older package keeps only 10 bins: each bin's count stands at its midpoint.
  const mids = col.counts.map((n, i) => [(col.edges[i] + col.edges[i + 1]) / 2, n] as const);
  return { ...base, sample: numericSample(col.edges.length === 2 ? [[col.edges[0], col.counts[0]]] : mids, false, true) };
}

/** Profiles of a package's reference statistics, in the training table's column order. */
export function referenceProfiles(stats: ReferenceStats): ColumnProfile[] {
  return stats.columns.map(fromReference);
}
