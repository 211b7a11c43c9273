/**
 * Copies a DuckDB DOUBLE vector into a Float64Array in one `set`. `getItem` costs a call and a
 * BigInt validity test per cell, which made reading 20M cells (kddcup's features) take seconds;
 * the vector already holds its cells as a Float64Array view of DuckDB's memory. That view and the
 * validity mask are private fields of @duckdb/node-api's DuckDBDoubleVector, so they are checked
 * here at run time and any other shape (a NULL present, another version's layout) takes the
 * per-cell path.
 */
import type { DuckDBVector } from '@duckdb/node-api';

interface DoubleVectorShape {
  items?: unknown;
  validity?: { data?: unknown };
}

/** Writes the vector's `n` cells to `out` from `offset`, NaN for NULL (and for a non-number cell). */
export function copyDoubleVector(vector: DuckDBVector, n: number, out: Float64Array, offset: number): void {
  const shape = vector as unknown as DoubleVectorShape;
  const items = shape.items;
  // A null validity mask means every cell is valid (the library's own convention).
  if (items instanceof Float64Array && items.length >= n && shape.validity && shape.validity.data === null) {
    out.set(items.subarray(0, n), offset);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = vector.getItem(i);
    out[offset + i] = typeof v === 'number' ? v : NaN;
  }
}
