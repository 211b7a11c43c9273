/**
 * The drift tests and Evidently's default choice among them (its `stattests/registry.py`):
 * reference of 1,000 rows or fewer: KS for numbers with more than 5 distinct values, chi-square
 * (more than 2 values) or a proportion z-test (2 values) otherwise, drift at p < 0.05 (KS: p <= 0.05);
 * above 1,000 rows: Wasserstein normed by the reference's std (floored at 0.001) for numbers with
 * more than 5 distinct values, Jensen-Shannon otherwise, drift at a distance of 0.1 or more.
 * Distinct values are counted over both datasets together. PSI (threshold 0.1) on request.
 */
import { binnedShares, fillZeros } from './binning.js';
import { ks2Samp } from './ks.js';
import { asCategories, distinctUnion, populationStd, type ColumnSample, type NumericSample } from './sample.js';
import { chi2Sf, normSf } from './special.js';

export const DRIFT_METHODS = ['wasserstein', 'jensenshannon', 'ks', 'chisquare', 'z', 'psi'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

export const DEFAULT_THRESHOLDS: Record<DriftMethod, number> = { wasserstein: 0.1, jensenshannon: 0.1, psi: 0.1, ks: 0.05, chisquare: 0.05, z: 0.05 };

/** Methods whose score is a p-value (drift when small); the others are distances (drift when large). */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chisquare', 'z']);

export const METHOD_NAMES: Record<DriftMethod, string> = {
  wasserstein: 'Wasserstein distance (normed)',
  jensenshannon: 'Jensen-Shannon distance',
  ks: 'K-S p-value',
  chisquare: 'chi-square p-value',
  z: 'Z-test p-value',
  psi: 'PSI',
};

export interface TestResult {
  method: DriftMethod;
  score: number;
  threshold: number;
  drifted: boolean;
}

/** Evidently's default test for a column. */
export function defaultMethod(reference: ColumnSample, current: ColumnSample): DriftMethod {
  const values = distinctUnion(reference, current);
  const numeric = reference.kind === 'numeric' && current.kind === 'numeric';
  if (reference.n <= 1000) {
    if (numeric && values > 5) return 'ks';
    return values > 2 ? 'chisquare' : 'z';
  }
  return numeric && values > 5 ? 'wasserstein' : 'jensenshannon';
}

/** scipy.stats.wasserstein_distance on value counts: the area between the two ECDFs. */
export function wassersteinDistance(a: NumericSample, b: NumericSample): number {
  let i = 0;
  let j = 0;
  let fa = 0;
  let fb = 0;
  let prev = NaN;
  let area = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i] : Infinity;
    const vb = j < b.values.length ? b.values[j] : Infinity;
    const v = Math.min(va, vb);
    if (!Number.isNaN(prev)) area += Math.abs(fa / a.n - fb / b.n) * (v - prev);
    if (va === v) fa += a.counts[i++];
    if (vb === v) fb += b.counts[j++];
    prev = v;
  }
  return area;
}

const relEntr = (x: number, y: number) => (x > 0 && y > 0 ? x * Math.log(x / y) : x === 0 && y >= 0 ? 0 : Infinity);

/** scipy.spatial.distance.jensenshannon (natural log): shares are normalised to sum 1 first. */
export function jensenShannon(p0: readonly number[], q0: readonly number[]): number {
  const sp = p0.reduce((t, x) => t + x, 0);
  const sq = q0.reduce((t, x) => t + x, 0);
  let js = 0;
  for (let i = 0; i < p0.length; i++) {
    const p = p0[i] / sp;
    const q = q0[i] / sq;
    const m = (p + q) / 2;
    js += relEntr(p, m) + relEntr(q, m);
  }
  return Math.sqrt(js / 2);
}

/** Evidently's chi-square: reference counts scaled to the current size are the expected counts. */
export function chiSquareP(reference: ColumnSample, current: ColumnSample): number {
  const ref = asCategories(reference);
  const cur = asCategories(current);
  const keys = [...new Set([...ref.keys(), ...cur.keys()])];
  if (keys.length < 2) return 1;
  const k = current.n / reference.n;
  let stat = 0;
  for (const key of keys) {
    const expected = (ref.get(key) ?? 0) * k;
    const observed = cur.get(key) ?? 0;
    stat += expected === 0 ? (observed === 0 ? 0 : Infinity) : (observed - expected) ** 2 / expected;
  }
  return chi2Sf(stat, keys.length - 1);
}

/** Evidently's two-proportion z-test: the first value (sorted) against the rest, two-sided. */
export function zTestP(reference: ColumnSample, current: ColumnSample): number {
  const ref = asCategories(reference);
  const cur = asCategories(current);
  if (ref.size === 1 && cur.size === 1 && [...ref.keys()][0] === [...cur.keys()][0]) return 1;
  const keys = [...new Set([...ref.keys(), ...cur.keys()])];
  const numeric = reference.kind === 'numeric';
  const first = numeric ? keys.sort((a, b) => Number(a) - Number(b))[0] : keys.sort()[0];
  const p1 = (reference.n - (ref.get(first) ?? 0)) / reference.n;
  const p2 = (current.n - (cur.get(first) ?? 0)) / current.n;
  const pooled = (p1 * reference.n + p2 * current.n) / (reference.n + current.n);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / reference.n + 1 / current.n));
  return 2 * normSf(Math.abs(z));
}

export function psi(reference: ColumnSample, current: ColumnSample): number {
  const b = binnedShares(reference, current);
  const r = fillZeros(b.reference);
  const c = fillZeros(b.current);
  return r.reduce((t, x, i) => t + (x - c[i]) * Math.log(x / c[i]), 0);
}

function score(method: DriftMethod, reference: ColumnSample, current: ColumnSample): number {
  const numeric = reference.kind === 'numeric' && current.kind === 'numeric';
  switch (method) {
    case 'wasserstein':
      if (!numeric) throw new Error('the Wasserstein distance needs a numeric column');
      return wassersteinDistance(reference, current) / Math.max(populationStd(reference), 0.001);
    case 'ks':
      if (!numeric) throw new Error('the K-S test needs a numeric column');
      return ks2Samp(reference, current).pvalue;
    case 'jensenshannon': {
      const b = binnedShares(reference, current);
      return jensenShannon(b.reference, b.current);
    }
    case 'chisquare':
      return chiSquareP(reference, current);
    case 'z':
      return zTestP(reference, current);
    case 'psi':
      return psi(reference, current);
  }
}

/**
 * Runs `method` (Evidently's default when absent) with `threshold` (the method's default when absent).
 *
 * @example
 * const r = driftTest(refAge, curAge); // { method: 'wasserstein', score: 1.09, threshold: 0.1, drifted: true }
 */
export function driftTest(reference: ColumnSample, current: ColumnSample, method?: DriftMethod, threshold?: number): TestResult {
  const m = method ?? defaultMethod(reference, current);
  const t = threshold ?? DEFAULT_THRESHOLDS[m];
  const s = score(m, reference, current);
  const drifted = m === 'ks' ? s <= t : P_VALUE_METHODS.has(m) ? s < t : s >= t;
  return { method: m, score: s, threshold: t, drifted };
}
