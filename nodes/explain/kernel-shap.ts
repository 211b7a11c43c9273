/**
 * KernelSHAP (Lundberg and Lee 2017) on raw columns, for models we cannot differentiate (premade
 * ONNX graphs, custom heads): a coalition keeps some columns of the row and takes the others from
 * background rows; the model's mean output over the background is one equation, weighted by the
 * Shapley kernel; a least-squares fit under "the values add up to f(row) - E[f]" gives each column's
 * share. Every coalition is used when they are few, else a seeded sample (with complements).
 */
import { seededRandom } from '../../engine/models/fit.js';

export interface Coalitions {
  masks: Uint8Array[];
  weights: number[];
  exact: boolean;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * @example
 * coalitions(4, 512, 42).masks.length; // 14: every coalition but the empty and the full one
 */
export function coalitions(m: number, samples: number, seed: number): Coalitions {
  if (m <= 20 && 2 ** m - 2 <= samples) {
    const masks: Uint8Array[] = [];
    const weights: number[] = [];
    for (let bits = 1; bits < 2 ** m - 1; bits++) {
      const mask = Uint8Array.from({ length: m }, (_, j) => (bits >> j) & 1);
      const s = mask.reduce((a, b) => a + b, 0);
      masks.push(mask);
      weights.push((m - 1) / (binomial(m, s) * s * (m - s)));
    }
    return { masks, weights, exact: true };
  }
  // Coalition sizes drawn from the kernel's distribution, so each sampled coalition weighs the same.
  const random = seededRandom(seed);
  const sizeWeights = Array.from({ length: m - 1 }, (_, i) => (m - 1) / ((i + 1) * (m - i - 1)));
  const total = sizeWeights.reduce((a, b) => a + b, 0);
  const masks: Uint8Array[] = [];
  while (masks.length < samples) {
    let u = random() * total;
    let size = 1;
    while (size < m - 1 && u > sizeWeights[size - 1]) u -= sizeWeights[size++ - 1];
    const order = Int32Array.from({ length: m }, (_, i) => i);
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(random() * (m - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const mask = new Uint8Array(m);
    for (let i = 0; i < size; i++) mask[order[i]] = 1;
    masks.push(
      mask,
      mask.map((b) => 1 - b),
    );
  }
  return { masks, weights: masks.map(() => 1), exact: false };
}

/** Solves A x = b (A symmetric, small) by Gaussian elimination with partial pivoting. */
function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const pivot = m[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / pivot;
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / (row[i] || 1e-12));
}

/**
 * The Shapley values of the M columns: weighted least squares of f(z) - phi0 on the masks, with the
 * last column eliminated so the values sum to exactly fx - phi0.
 *
 * @example
 * const phi = shapleyFit(c, fz, expected, fx);
 */
export function shapleyFit(c: Coalitions, fz: readonly number[], phi0: number, fx: number): number[] {
  const m = c.masks[0]?.length ?? 0;
  const delta = fx - phi0;
  if (m === 1) return [delta];
  const last = m - 1;
  const ata = Array.from({ length: last }, () => new Array<number>(last).fill(0));
  const atb = new Array<number>(last).fill(0);
  c.masks.forEach((z, s) => {
    const w = c.weights[s];
    const y = fz[s] - phi0 - z[last] * delta;
    const row = Array.from({ length: last }, (_, j) => z[j] - z[last]);
    for (let i = 0; i < last; i++) {
      atb[i] += w * row[i] * y;
      for (let j = 0; j < last; j++) ata[i][j] += w * row[i] * row[j];
    }
  });
  // A whisker of ridge keeps a column no coalition separated from singular.
  for (let i = 0; i < last; i++) ata[i][i] += 1e-10;
  const phi = solveLinear(ata, atb);
  return [...phi, delta - phi.reduce((a, b) => a + b, 0)];
}
