/**
 * One column of one dataset as drift tests see it: its non-missing values as distinct values with
 * counts. Every test Evidently runs by default depends on the data only through these counts, so
 * a table (GROUP BY in DuckDB) and a model package's stored reference statistics give the same input.
 */

export interface NumericSample {
  kind: 'numeric';
  /** Distinct values, ascending. */
  values: number[];
  /** How many times each value occurs. */
  counts: number[];
  /** Non-missing values (sum of counts). */
  n: number;
  /** An integer column (numpy bins integer data with a width of at least 1). */
  integer: boolean;
  /** Values were rounded when stored (a package past its distinct-value limit): figures are close, not exact. */
  approximate?: boolean;
}

export interface CategoricalSample {
  kind: 'categorical';
  counts: Map<string, number>;
  n: number;
  approximate?: boolean;
}

export type ColumnSample = NumericSample | CategoricalSample;

/** A numeric sample from (value, count) pairs in any order; equal values are merged. */
export function numericSample(pairs: Iterable<readonly [number, number]>, integer: boolean, approximate = false): NumericSample {
  const merged = new Map<number, number>();
  for (const [v, c] of pairs) if (Number.isFinite(v) && c > 0) merged.set(v, (merged.get(v) ?? 0) + c);
  const values = [...merged.keys()].sort((a, b) => a - b);
  const counts = values.map((v) => merged.get(v)!);
  return { kind: 'numeric', values, counts, n: counts.reduce((t, c) => t + c, 0), integer, ...(approximate ? { approximate } : {}) };
}

export function categoricalSample(pairs: Iterable<readonly [string, number]>, approximate = false): CategoricalSample {
  const counts = new Map<string, number>();
  for (const [v, c] of pairs) if (c > 0) counts.set(v, (counts.get(v) ?? 0) + c);
  let n = 0;
  for (const c of counts.values()) n += c;
  return { kind: 'categorical', counts, n, ...(approximate ? { approximate } : {}) };
}

/** Distinct values of both samples together (Evidently counts them over both datasets). */
export function distinctUnion(a: ColumnSample, b: ColumnSample): number {
  const keys = new Set<string | number>(a.kind === 'numeric' ? a.values : a.counts.keys());
  for (const k of b.kind === 'numeric' ? b.values : b.counts.keys()) keys.add(k);
  return keys.size;
}

export const distinctCount = (s: ColumnSample): number => (s.kind === 'numeric' ? s.values.length : s.counts.size);

/** Population standard deviation (numpy's `np.std`, ddof 0). */
export function populationStd(s: NumericSample): number {
  if (s.n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < s.values.length; i++) mean += s.values[i] * s.counts[i];
  mean /= s.n;
  let ss = 0;
  for (let i = 0; i < s.values.length; i++) ss += s.counts[i] * (s.values[i] - mean) ** 2;
  return Math.sqrt(ss / s.n);
}

/** The counts of a categorical view of any sample (numbers keyed by their text). */
export function asCategories(s: ColumnSample): Map<string, number> {
  if (s.kind === 'categorical') return s.counts;
  return new Map(s.values.map((v, i) => [String(v), s.counts[i]]));
}
