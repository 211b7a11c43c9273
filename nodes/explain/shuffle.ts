/**
 * The permutations Explain shuffles a column with. Deliberately simple and written down, so a test
 * (or a data scientist in Python) can rebuild exactly the same shuffles from the seed: mulberry32
 * seeded per (seed, feature, repeat), then a Fisher-Yates pass from the last position down.
 */
import { seededRandom } from '../../engine/models/fit.js';

/** The 32-bit seed of one shuffle: feature and repeat are 0-based positions. */
export function shuffleSeed(seed: number, feature: number, repeat: number): number {
  return ((seed >>> 0) ^ Math.imul(feature + 1, 0x9e3779b1) ^ Math.imul(repeat + 1, 0x85ebca77)) >>> 0;
}

/**
 * `perm[i]` is the row whose value row i takes.
 *
 * @example
 * permutation(5, shuffleSeed(42, 0, 0)); // Int32Array of 0..4 in shuffled order
 */
export function permutation(n: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}
