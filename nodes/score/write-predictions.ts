/**
 * Writes the Score node's predictions to a new table, one DuckDB data chunk (2,048 rows) at a time
 * through the appender, each column copied into its vector in one call. Appending cell by cell was
 * the node's largest cost on big tables (kddcup, 23 classes: 12M `appendDouble` calls, several
 * seconds), and `setItem` per cell still cost a call per cell, plus one native call per row for a
 * text label: the label is written as its class code (an integer) and turned into the label text
 * by DuckDB when the node joins the predictions to its input (`PredictionColumns.selects`).
 */
import ddb from '@duckdb/node-bindings';
import { DOUBLE, DuckDBDataChunk, INTEGER, type DuckDBType } from '@duckdb/node-api';
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import type { ScoreResult } from './scorer.js';

/** Column names the Score node adds; Evaluate finds its inputs by them. */
export const predictedColumn = (target: string) => `predicted_${target}`;
export const probabilityColumn = (label: string) => `probability_${label}`;

/** Rows per appended chunk: DuckDB's vector size, the most a data chunk holds. */
const CHUNK_ROWS = 2048;

/** The predictions table's column holding each row's class code (0-based, into the labels). */
const CODE_COLUMN = 'predicted_code';

export interface PredictionColumns {
  /** The columns the node adds, in order: the predicted label (or value), then one probability per class. */
  columns: string[];
  /** One SQL expression per column, over the predictions table, each ending `AS "<column>"`. */
  selects: string[];
}

/**
 * Creates the temporary table `name` (on this connection only) holding the predictions: for classification the code of the predicted class (the
 * first class with the highest output) and one probability per class, for regression the value.
 * Select `selects` from it to get the columns the node adds, named and typed as the user sees them.
 *
 * @example
 * const { selects } = await writePredictions(ctx.data, `${out}__predictions`, result);
 * await ctx.data.run(`CREATE TABLE out AS SELECT t.*, ${selects.join(', ')} FROM t POSITIONAL JOIN ${ident(`${out}__predictions`)}`);
 */
export async function writePredictions(data: DataPlane, name: string, r: ScoreResult): Promise<PredictionColumns> {
  const classification = r.task === 'classification';
  const labels = classification ? (r.labels ?? []) : [];
  const probColumns = labels.map(probabilityColumn);
  const predicted = predictedColumn(r.target);
  const columns = classification ? [CODE_COLUMN, ...probColumns] : [predicted];
  const types: DuckDBType[] = classification ? [INTEGER, ...probColumns.map(() => DOUBLE)] : [DOUBLE];
  // A temporary table: it lives only until the node joins it to its input, so writing it into the
  // workspace file (compressed, then read back) was wasted work. kddcup's 24 prediction columns:
  // 280 against 562 ms of CPU to write, and the join 1,105 against 1,276 ms (4 alternating pairs).
  await data.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} (${columns.map((c, j) => `${ident(c)} ${types[j].toString()}`).join(', ')})`);
  if (classification && r.rows > 0 && r.width !== labels.length)
    throw new Error(`the model gives ${r.width} outputs per row but has ${labels.length} class labels`);
  // One chunk's columns, reused: a whole table's (kddcup: 23 x 494,021 doubles) would be 91 MB more.
  // Regression keeps the first output, as a model with more outputs than labels is scored.
  const codes = new Int32Array(CHUNK_ROWS);
  const doubles = Array.from({ length: classification ? labels.length : 1 }, () => new Float64Array(CHUNK_ROWS));
  const buffers: (Int32Array | Float64Array)[] = classification ? [codes, ...doubles] : doubles;
  const appender = await data.connection.createAppender(name, 'main', 'temp');
  try {
    for (let start = 0; start < r.rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, r.rows - start);
      fillChunkColumns(r, start, n, classification ? codes : undefined, doubles);
      const chunk = DuckDBDataChunk.create(types, n);
      // A new chunk's vectors are all valid (no NULL): only their data is written.
      buffers.forEach((column, j) => {
        ddb.copy_data_to_vector(ddb.data_chunk_get_vector(chunk.chunk, j), 0, column.buffer as ArrayBuffer, 0, n * column.BYTES_PER_ELEMENT);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // Qualified by the table: the scored input may hold a column of the same name.
  const col = (c: string) => `${ident(name)}.${ident(c)}`;
  if (!classification) return { columns: [predicted], selects: [`${col(predicted)} AS ${ident(predicted)}`] };
  const labelList = `([${labels.map(literal).join(', ')}]::VARCHAR[])`;
  return {
    columns: [predicted, ...probColumns],
    selects: [`${labelList}[${col(CODE_COLUMN)} + 1] AS ${ident(predicted)}`, ...probColumns.map((c) => `${col(c)} AS ${ident(c)}`)],
  };
}

/**
 * Rows start..start+n-1 into the chunk's columns: with `codes`, the code of each row's predicted
 * class (the first with the highest output; a NaN output is never the highest); in `doubles`, the
 * first outputs of each row (the float32 values, exactly), in one pass over the rows.
 */
function fillChunkColumns(r: ScoreResult, start: number, n: number, codes: Int32Array | undefined, doubles: Float64Array[]): void {
  const w = r.width;
  const out = r.outputs;
  const count = doubles.length;
  for (let i = 0, base = start * w; i < n; i++, base += w) {
    if (codes) {
      let best = 0;
      for (let k = 1; k < w; k++) if (out[base + k] > out[base + best]) best = k;
      codes[i] = best;
    }
    for (let k = 0; k < count; k++) doubles[k][i] = out[base + k];
  }
}
