import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace } from './fit.js';

describe('shuffleInPlace', () => {
  it('gives the order of textbook Fisher-Yates on a plain array with the same random source (same seed, same batches)', () => {
    for (const [n, seed] of [
      [1, 1],
      [2, 7],
      [257, 42],
      [32561, 42],
    ]) {
      const random = seededRandom(seed);
      const textbook = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [textbook[i], textbook[j]] = [textbook[j], textbook[i]];
      }
      const order = Uint32Array.from(Array.from({ length: n }, (_, i) => i));
      shuffleInPlace(order, seededRandom(seed));
      expect(Array.from(order)).toEqual(textbook);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});
