/**
 * Writes the Score node's predictions to a new table, one DuckDB data chunk (2,048 rows) at a time
 * through the appender. Appending cell by cell was the node's largest cost on big tables (kddcup,
 * 23 classes: 12M `appendDouble` calls, several seconds); filling a chunk's vectors is plain
 * JavaScript and each column crosses into DuckDB once per chunk.
 */
import { DOUBLE, DuckDBDataChunk, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { ScoreResult } from './scorer.js';

/** Column names the Score node adds; Evaluate finds its inputs by them. */
export const predictedColumn = (target: string) => `predicted_${target}`;
export const probabilityColumn = (label: string) => `probability_${label}`;

/** Rows per appended chunk: DuckDB's vector size, the most a data chunk holds. */
const CHUNK_ROWS = 2048;

/**
 * Creates `name` with the predicted label (or value) and, for classification, one probability per
 * class; returns the column names in order. The label is the first class with the highest output.
 *
 * @example
 * const added = await writePredictions(ctx.data, `${out}__predictions`, result);
 */
export async function writePredictions(data: DataPlane, name: string, r: ScoreResult): Promise<string[]> {
  const classification = r.task === 'classification';
  const labels = classification ? (r.labels ?? []) : [];
  const probColumns = labels.map(probabilityColumn);
  const predicted = predictedColumn(r.target);
  const defs = [`${ident(predicted)} ${classification ? 'VARCHAR' : 'DOUBLE'}`, ...probColumns.map((c) => `${ident(c)} DOUBLE`)];
  await data.run(`CREATE OR REPLACE TABLE ${ident(name)} (${defs.join(', ')})`);
  const types: DuckDBType[] = [classification ? VARCHAR : DOUBLE, ...probColumns.map(() => DOUBLE)];
  const appender = await data.connection.createAppender(name);
  try {
    for (let start = 0; start < r.rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, r.rows - start);
      const chunk = DuckDBDataChunk.create(types, n);
      fillChunk(chunk, r, labels, start, n);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return [predicted, ...probColumns];
}

function fillChunk(chunk: DuckDBDataChunk, r: ScoreResult, labels: readonly string[], start: number, n: number): void {
  const w = r.width;
  const out = r.outputs;
  const first = chunk.getColumnVector(0);
  if (r.task !== 'classification') {
    for (let i = 0; i < n; i++) first.setItem(i, out[(start + i) * w]);
    first.flush();
    return;
  }
  for (let i = 0; i < n; i++) {
    const base = (start + i) * w;
    let best = 0;
    for (let k = 1; k < w; k++) if (out[base + k] > out[base + best]) best = k;
    first.setItem(i, labels[best]);
  }
  first.flush();
  for (let k = 0; k < w; k++) {
    const vector = chunk.getColumnVector(k + 1);
    for (let i = 0; i < n; i++) vector.setItem(i, out[(start + i) * w + k]);
    vector.flush();
  }
}
