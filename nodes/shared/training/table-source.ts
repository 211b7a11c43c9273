/**
 * A training table read from DuckDB in chunks of rowids instead of one array of every row, so a
 * table larger than memory trains: each chunk is coded in SQL and scaled by the fitted encoding,
 * exactly as the in-memory path does it. An epoch visits the chunks in a seeded order and each
 * chunk's rows in a seeded order (a shuffle buffer of one chunk): same seed, same batches.
 */
import { ident, type DataPlane } from '../../../engine/data/data-plane.js';
import type { BatchSource, Chunk } from '../../../engine/models/batch-source.js';
import { seededRandom } from '../../../engine/models/fit.js';
import { encodeScaled, encodeUnscaled, type FittedEncoding } from '../../../engine/models/preprocessing.js';
import { modelInputsSql, readDoubleColumns, targetSql, toModelInputs } from '../../../engine/models/table-reader.js';

export interface TableSourceOptions {
  /** Rows per chunk read from DuckDB (the shuffle buffer). */
  chunkRows: number;
  signal?: AbortSignal;
}

/** What a source is built from, counted in SQL before training. */
interface Extent {
  /** Highest rowid + 1: chunks cover rowids 0 .. end-1 (a table's rowids have no gaps unless rows were deleted). */
  end: number;
  /** Rows whose target codes to a usable value. */
  usable: number;
  /** Rows with a target that is not usable (a number that is not, or a class the encoding lacks). */
  unusable: number;
  classCounts?: Float64Array;
}

async function measure(data: DataPlane, table: string, spec: FittedEncoding): Promise<Extent> {
  const t = targetSql(spec.target);
  const ok = spec.target.task === 'classification' ? `${t} >= 0` : `isfinite(${t})`;
  const [row] = await data.all<{ end: number | null; usable: number; unusable: number }>(
    `SELECT max(rowid) + 1 AS "end", count(*) FILTER (WHERE ${ok}) AS usable,
       count(*) FILTER (WHERE ${ident(spec.target.name)} IS NOT NULL AND NOT coalesce(${ok}, false)) AS unusable FROM ${ident(table)}`,
  );
  let classCounts: Float64Array | undefined;
  if (spec.target.task === 'classification') {
    classCounts = new Float64Array(spec.target.labels!.length);
    const counts = await data.all<{ c: number; n: number }>(`SELECT ${t}::INTEGER AS c, count(*) AS n FROM ${ident(table)} WHERE ${ok} GROUP BY ALL`);
    for (const { c, n } of counts) classCounts[c] = n;
  }
  return { end: row.end ?? 0, usable: row.usable, unusable: row.unusable, classCounts };
}

/** Reads chunk `k` (rowids k*size .. (k+1)*size-1): scaled inputs and usable targets, in rowid order. */
async function readChunk(data: DataPlane, table: string, spec: FittedEncoding, k: number, size: number, signal?: AbortSignal): Promise<Chunk> {
  const { sql, width } = modelInputsSql(table, spec, true, [k * size, (k + 1) * size - 1]);
  const { raw, target } = toModelInputs(spec, await readDoubleColumns(data, sql, width, signal), true);
  const x = encodeScaled(spec, raw);
  const inputSize = spec.encodedNames.length;
  const y = new Float32Array(raw.rows);
  const regression = spec.target.task === 'regression';
  const mean = spec.target.mean ?? 0;
  const std = spec.target.std ?? 1;
  let kept = 0;
  for (let r = 0; r < raw.rows; r++) {
    const t = target![r];
    if (!Number.isFinite(t) || (!regression && t < 0)) continue;
    if (kept !== r) x.copyWithin(kept * inputSize, r * inputSize, (r + 1) * inputSize);
    y[kept++] = regression ? (t - mean) / std : t;
  }
  return { x: x.subarray(0, kept * inputSize), y: y.subarray(0, kept), rows: kept };
}

function shuffled(n: number, random: () => number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * A `BatchSource` over `table`; the fitted `spec` codes and scales every chunk. Returns the source
 * and how many rows had an unusable target (the caller decides whether that is an error).
 *
 * @example
 * const { source } = await tableSource(ctx.data, 'train', spec, { chunkRows: 65536 });
 */
export async function tableSource(
  data: DataPlane,
  table: string,
  spec: FittedEncoding,
  options: TableSourceOptions,
): Promise<{ source: BatchSource; unusable: number }> {
  const extent = await measure(data, table, spec);
  const size = options.chunkRows;
  const chunkCount = Math.ceil(extent.end / size);
  const inputSize = spec.encodedNames.length;
  const read = (k: number) => readChunk(data, table, spec, k, size, options.signal);
  const source: BatchSource = {
    kind: 'batch-source',
    rows: extent.usable,
    classCounts: extent.classCounts,
    epoch: (epoch, batchSize, seed) => {
      // A stream of its own per epoch, apart from the in-memory path's, so epochs can be replayed alone.
      const random = seededRandom((seed * 1_000_003 + epoch * 7_919) >>> 0);
      const chunkOrder = shuffled(chunkCount, random);
      let next = 0;
      let chunk: Chunk = { x: new Float32Array(0), y: new Float32Array(0), rows: 0 };
      let rowOrder: Uint32Array = new Uint32Array(0);
      let pos = 0;
      return async (xb, yb) => {
        let n = 0;
        while (n < batchSize) {
          if (pos >= chunk.rows) {
            if (next >= chunkCount) break;
            chunk = await read(chunkOrder[next++]);
            rowOrder = shuffled(chunk.rows, random);
            pos = 0;
            continue;
          }
          const src = rowOrder[pos++];
          xb.set(chunk.x.subarray(src * inputSize, (src + 1) * inputSize), n * inputSize);
          yb[n++] = chunk.y[src];
        }
        return n;
      };
    },
    chunks: async function* () {
      for (let k = 0; k < chunkCount; k++) yield await read(k);
    },
  };
  return { source, unusable: extent.unusable };
}

/** The first rows (at most `limit`, usable target) encoded but unscaled: the ONNX parity check's sample. */
export async function paritySampleOf(data: DataPlane, table: string, spec: FittedEncoding, limit: number): Promise<{ x: Float32Array; rows: number }> {
  const { sql, width } = modelInputsSql(table, spec, true, [0, limit - 1]);
  const { raw } = toModelInputs(spec, await readDoubleColumns(data, sql, width), true);
  return { x: encodeUnscaled(spec, raw), rows: raw.rows };
}
