/**
 * Copies DuckDB DOUBLE vectors into Float64Arrays in one `set`. `getItem` costs a call and a
 * BigInt validity test per cell, which made reading 20M cells (kddcup's features) take seconds;
 * the vector already holds its cells as a Float64Array view of DuckDB's memory.
 */
import ddb from '@duckdb/node-bindings';
import type { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';

interface DoubleVectorShape {
  items?: unknown;
  validity?: { data?: unknown };
}

/**
 * Writes the vector's `n` cells to `out` from `offset`, NaN for NULL (and for a non-number cell).
 * The Float64Array view and the validity mask are private fields of @duckdb/node-api's
 * DuckDBDoubleVector, so they are checked here at run time and any other shape (a NULL present,
 * another version's layout) takes the per-cell path.
 */
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

/**
 * `copyDoubleVector` for column `column` of a chunk whose columns are all DOUBLE (the caller checks
 * the result's types), straight from the C API: `getColumnVector` asks DuckDB for the column's
 * logical type and builds wrapper objects on every call, which cost kddcup's 41 columns x 242 chunks
 * about 0.3 s of processor time, as much as DuckDB's own work on the query. NULLs, which the
 * validity mask marks, become NaN.
 */
export function copyDoubleColumn(chunk: DuckDBDataChunk, column: number, n: number, out: Float64Array, offset: number): void {
  const vector = ddb.data_chunk_get_vector(chunk.chunk, column);
  const bytes = ddb.vector_get_data(vector, n * Float64Array.BYTES_PER_ELEMENT);
  out.set(new Float64Array(bytes.buffer, bytes.byteOffset, n), offset);
  const byteCount = Math.ceil(n / 8);
  const mask = ddb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
  // No mask: every cell is valid. With one, a set bit is a valid cell (little-endian words, so byte by byte in order).
  if (!mask) return;
  for (let i = 0; i < byteCount; i++) {
    const byte = mask[i];
    if (byte === 0xff) continue;
    for (let b = 0; b < 8 && i * 8 + b < n; b++) if ((byte & (1 << b)) === 0) out[offset + i * 8 + b] = NaN;
  }
}
