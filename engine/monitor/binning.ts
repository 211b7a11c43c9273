/**
 * Evidently's `get_binned_data`: shares of each dataset per bin. Numeric columns with more than 20
 * distinct reference values get numpy's Sturges bins over both datasets together; other columns one
 * bin per value seen in either. PSI fills empty bins with a small floor; Jensen-Shannon does not.
 */
import { asCategories, type ColumnSample, type NumericSample } from './sample.js';

/** Sturges bin edges of numpy's `histogram_bin_edges(both, 'sturges')`. */
export function sturgesEdges(a: NumericSample, b: NumericSample): number[] {
  const n = a.n + b.n;
  let lo = Math.min(a.values[0] ?? Infinity, b.values[0] ?? Infinity);
  let hi = Math.max(a.values.at(-1) ?? -Infinity, b.values.at(-1) ?? -Infinity);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  let width = (hi - lo) / (Math.log2(n) + 1);
  if (a.integer && b.integer && width < 1) width = 1;
  const bins = width ? Math.ceil((hi - lo) / width) : 1;
  // np.linspace: start + i * step, the last edge set to stop exactly.
  const step = (hi - lo) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * step + lo));
}

/** Counts per bin, as np.histogram: [e_i, e_i+1), the last bin closed. */
export function histogram(s: NumericSample, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const out = new Array<number>(bins).fill(0);
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i];
    if (v < edges[0] || v > edges[bins]) continue;
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    out[lo] += s.counts[i];
  }
  return out;
}

export interface Binned {
  labels: string[];
  reference: number[];
  current: number[];
}

/** Shares per bin or category (no floor). */
export function binnedShares(reference: ColumnSample, current: ColumnSample): Binned {
  if (reference.kind === 'numeric' && current.kind === 'numeric' && reference.values.length > 20) {
    const edges = sturgesEdges(reference, current);
    const r = histogram(reference, edges);
    const c = histogram(current, edges);
    return {
      labels: r.map((_, i) => `${edges[i]}..${edges[i + 1]}`),
      reference: r.map((x) => x / reference.n),
      current: c.map((x) => x / current.n),
    };
  }
  const ref = asCategories(reference);
  const cur = asCategories(current);
  const labels = [...new Set([...ref.keys(), ...cur.keys()])];
  return { labels, reference: labels.map((k) => (ref.get(k) ?? 0) / reference.n), current: labels.map((k) => (cur.get(k) ?? 0) / current.n) };
}

/** Evidently's floor for empty bins: a millionth of the smallest share when that is at most 1e-4, else 1e-4. */
export function fillZeros(shares: readonly number[]): number[] {
  const nonzero = shares.filter((x) => x !== 0);
  if (!nonzero.length) return [...shares];
  const min = Math.min(...nonzero);
  const floor = min <= 0.0001 ? min / 1e6 : 0.0001;
  return shares.map((x) => (x === 0 ? floor : x));
}
