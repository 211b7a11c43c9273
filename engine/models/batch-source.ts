/**
 * Training data that does not sit in memory: a table read from DuckDB chunk by chunk. The training
 * loop (`fit.ts`) takes either an in-memory `Dataset` or a `BatchSource`; this file holds the
 * source's shape and the pieces of the loop that differ for it.
 */

/** One chunk of encoded rows, the shape of `fit.ts`'s `Dataset`. */
export interface Chunk {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

export interface BatchSource {
  readonly kind: 'batch-source';
  /** Usable rows (a known target) over all chunks. */
  readonly rows: number;
  /** Rows per class (classification), counted in SQL, for balanced class weights. */
  readonly classCounts?: Float64Array;
  /**
   * One epoch's batches in a seeded order: each call fills `xb`/`yb` with the next batch (at most
   * `batchSize` rows) and returns how many rows it filled. The same seed and epoch give the same batches.
   */
  epoch(epoch: number, batchSize: number, seed: number): (xb: Float32Array, yb: Float32Array) => Promise<number>;
  /** Every chunk once, in table order (for validation loss). */
  chunks(): AsyncIterable<Chunk>;
}

export function isBatchSource(d: unknown): d is BatchSource {
  return typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'batch-source';
}

/** Loss and accuracy over a source, chunk by chunk, weighted by rows: the same figures one pass over all rows gives. */
export async function evaluateChunks(
  source: BatchSource,
  evaluate: (chunk: Chunk) => Promise<{ loss: number; accuracy?: number }>,
): Promise<{ loss: number; accuracy?: number }> {
  let rows = 0;
  let loss = 0;
  let correct: number | undefined;
  for await (const chunk of source.chunks()) {
    if (chunk.rows === 0) continue;
    const r = await evaluate(chunk);
    rows += chunk.rows;
    loss += r.loss * chunk.rows;
    if (r.accuracy !== undefined) correct = (correct ?? 0) + r.accuracy * chunk.rows;
  }
  return { loss: loss / rows, accuracy: correct === undefined ? undefined : correct / rows };
}
