/**
 * Produces model outputs for a table's rows with either runtime: onnxruntime (our exported
 * `model.onnx`, checked against the trained network when it was written, or an ONNX file a user
 * brings) or tfjs (our trained models' `model.json`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeError } from '../node-run.js';
import type { DataPlane } from '../data/data-plane.js';
import { ident } from '../data/data-plane.js';
import type { ModelRecipe } from './model-recipe.js';
import { openOnnxSession, runOnnxBatches, runOnnxRows, type OnnxSession } from './onnx/onnx-score.js';
import { ONNX_FILE } from './onnx/onnx-export.js';
import { predictRows } from './predict.js';
import { encodeScaled, encodeUnscaled } from './preprocessing.js';
import { readDoubleColumns, readModelInputs } from './table-reader.js';
import { loadLayersModel } from './tf-io.js';
import type { ModelValue, TableValue } from '../values.js';

export interface ScoreResult {
  rows: number;
  outputs: Float32Array;
  width: number;
  task: 'classification' | 'regression';
  target: string;
  labels?: string[];
  runtime: 'tfjs' | 'onnx';
}

interface ScoreOptions {
  runtime: 'auto' | 'tfjs' | 'onnx';
  batchSize: number;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
  /** An open session of the model's ONNX file to reuse (a server keeps one); the caller releases it. */
  session?: OnnxSession;
}

/** A user's ONNX file without our recipe: numeric feature columns go in as they are. */
async function scoreBareOnnx(data: DataPlane, model: ModelValue, table: TableValue, o: ScoreOptions): Promise<ScoreResult> {
  const features = model.features ?? [];
  if (!features.length)
    throw new NodeError('NODE_FAILED', 'this ONNX model does not say which columns it takes', 'Use a model node that lists its input features.');
  const sql = `SELECT ${features.map((f) => `TRY_CAST(${ident(f.name)} AS DOUBLE)`).join(', ')} FROM ${ident(table.table)}`;
  const { rows, columns } = await readDoubleColumns(data, sql, features.length, o.signal);
  const x = new Float32Array(rows * features.length);
  columns.forEach((col, j) => col.forEach((v, r) => (x[r * features.length + j] = v)));
  const session = await openOnnxSession(join(model.dir, ONNX_FILE));
  try {
    const out = await runOnnxRows(session, x, rows, features.length, { chunk: o.batchSize, signal: o.signal, onProgress: (d) => o.onProgress(d, rows) });
    const labels = model.labels && model.labels.length === out.width ? model.labels : undefined;
    return { rows, ...out, task: labels ? 'classification' : 'regression', target: model.target ?? 'prediction', labels, runtime: 'onnx' };
  } finally {
    await session.release();
  }
}

/**
 * ONNX Runtime wherever the model has its ONNX file: every trained model does (a model from before
 * the export has only tfjs files), and it loads in a fraction of TensorFlow.js's time and scores faster.
 */
function autoRuntime(model: ModelValue): 'onnx' | 'tfjs' {
  return model.format === 'onnx' || existsSync(join(model.dir, ONNX_FILE)) ? 'onnx' : 'tfjs';
}

/**
 * `recipe` is the model's (`readModelRecipe`), undefined for a bare ONNX file; its encoding turns
 * the table's feature columns into the network's input.
 *
 * @example
 * const result = await scoreTable(ctx.data, inputs.model, recipe, inputs.table, { runtime: 'auto', batchSize: 8192, signal, onProgress });
 */
export async function scoreTable(
  data: DataPlane,
  model: ModelValue,
  recipe: ModelRecipe | undefined,
  table: TableValue,
  o: ScoreOptions,
): Promise<ScoreResult> {
  if (model.format === 'llm') throw new NodeError('NODE_FAILED', 'a language model cannot score a table here', 'Use the prompt nodes for language models.');
  if (model.format === 'onnx-premade')
    throw new NodeError(
      'NODE_FAILED',
      'a premade model scores tables in its own node (its column mapping lives there)',
      "Use the Premade model node's scored table.",
    );
  const runtime = o.runtime === 'auto' ? autoRuntime(model) : o.runtime;
  if (!recipe) {
    if (runtime === 'tfjs')
      throw new NodeError(
        'NODE_FAILED',
        `the model folder ${model.dir} has no recipe.json (the encoding of its input)`,
        'Train the model with the Train node, or score an ONNX model with runtime "ONNX Runtime".',
      );
    return scoreBareOnnx(data, model, table, o);
  }
  const spec = recipe.encoding;
  let read;
  try {
    // The table as described: its columns for the check, its row count to size the arrays (every row is read).
    read = await readModelInputs(data, table.table, spec, { signal: o.signal, rows: table.rowCount, columns: table.columns.map((c) => c.name) });
  } catch (err) {
    throw new NodeError('NODE_FAILED', (err as Error).message, 'Score a table prepared the same way as the training table.');
  }
  const { raw } = read;
  const base = { rows: raw.rows, task: spec.target.task, target: spec.target.name, labels: spec.target.labels };
  const onProgress = (d: number) => o.onProgress(d, raw.rows);
  if (runtime === 'onnx') {
    const path = join(model.dir, ONNX_FILE);
    if (!existsSync(path)) throw new NodeError('NODE_FAILED', `no ${ONNX_FILE} in ${model.dir}`, 'Retrain the model: every trained model is exported to ONNX.');
    const session = o.session ?? (await openOnnxSession(path));
    try {
      // One input buffer for every batch: each run has finished with it before the next batch is encoded.
      const batch = new Float32Array(Math.min(o.batchSize, raw.rows) * spec.encodedNames.length);
      const encodeBatch = (start: number, n: number) => encodeUnscaled(spec, raw, start, n, batch);
      const out = await runOnnxBatches(session, raw.rows, spec.encodedNames.length, encodeBatch, {
        chunk: o.batchSize,
        signal: o.signal,
        onProgress,
      });
      return { ...base, ...out, runtime: 'onnx' };
    } finally {
      if (!o.session) await session.release();
    }
  }
  const network = await loadLayersModel(model.dir);
  try {
    const out = await predictRows(network, spec, encodeScaled(spec, raw), raw.rows, { chunk: o.batchSize, signal: o.signal, onProgress });
    return { ...base, ...out, runtime: 'tfjs' };
  } finally {
    network.dispose();
  }
}
