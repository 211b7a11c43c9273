/**
 * Turns the Train node's tables and params into scaled training arrays: checks the columns, fits
 * the preprocessing spec on the training table, and encodes training and validation rows with it.
 */
import { NodeError } from '../../../engine/node-run.js';
import type { DataPlane } from '../../../engine/data/data-plane.js';
import type { BatchSource } from '../../../engine/models/batch-source.js';
import type { Dataset } from '../../../engine/models/fit.js';
import { fitPreprocessing, type TaskChoice } from '../../../engine/models/fit-preprocessing.js';
import { encodeScaled, encodeUnscaled, type FittedEncoding } from '../../../engine/models/preprocessing.js';
import { readModelInputs } from '../../../engine/models/table-reader.js';
import type { TableValue } from '../../../engine/values.js';
import { prepareStreamingData, streamsTraining } from './stream-data.js';

/** Column choices checked against the training table; features default to all but the target. */
export function resolveColumns(train: TableValue, target: string, features: string[]) {
  const byName = new Map(train.columns.map((c) => [c.name, c]));
  if (!target) throw new NodeError('PARAM_INVALID', 'no target column chosen', 'Pick the column to predict in "Target column".');
  const targetCol = byName.get(target);
  if (!targetCol) {
    throw new NodeError(
      'PARAM_INVALID',
      `the target column "${target}" is not in the training table`,
      `Pick one of: ${train.columns.map((c) => c.name).join(', ')}.`,
    );
  }
  const names = features.length ? features : train.columns.map((c) => c.name).filter((n) => n !== target);
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new NodeError(
      'PARAM_INVALID',
      `feature column(s) ${unknown.map((n) => `"${n}"`).join(', ')} not in the training table`,
      'Remove them from "Feature columns" or leave it empty for all columns.',
    );
  }
  if (names.includes(target))
    throw new NodeError(
      'PARAM_INVALID',
      `the target "${target}" is also listed as a feature`,
      'Remove it from "Feature columns": a model must not see the answer.',
    );
  if (names.length === 0)
    throw new NodeError('PARAM_INVALID', 'no feature columns left besides the target', 'The training table needs at least one other column.');
  return { target: targetCol, features: names.map((n) => byName.get(n)!) };
}

function toDataset(spec: FittedEncoding, x: Float32Array, target: Float64Array, rows: number, into?: Float32Array): Dataset {
  const y = into ? into.subarray(0, rows) : new Float32Array(rows);
  if (spec.target.task === 'regression') {
    const mean = spec.target.mean ?? 0;
    const std = spec.target.std ?? 1;
    for (let i = 0; i < rows; i++) y[i] = (target[i] - mean) / std;
  } else {
    y.set(target.subarray(0, rows));
  }
  return { x, y, rows };
}

/** Keeps rows whose target is usable: a known label (code >= 0), or a finite number. */
function keepUsable(task: 'classification' | 'regression', x: Float32Array, target: Float64Array, rows: number, width: number) {
  let kept = 0;
  for (let r = 0; r < rows; r++) {
    const t = target[r];
    if (!Number.isFinite(t) || (task === 'classification' && t < 0)) continue;
    if (kept !== r) {
      x.copyWithin(kept * width, r * width, (r + 1) * width);
      target[kept] = t;
    }
    kept++;
  }
  return { x: x.subarray(0, kept * width), target: target.subarray(0, kept), rows: kept, dropped: rows - kept };
}

export interface PreparedData {
  spec: FittedEncoding;
  /** In memory, or read from DuckDB in chunks for a large table (`stream-data.ts`). */
  train: Dataset | BatchSource;
  validation?: Dataset | BatchSource;
  /** A few validation (else training) rows, encoded but unscaled, for the ONNX parity check. */
  paritySample: { x: Float32Array; rows: number };
  droppedValidationRows: number;
}

/** Room for `rows` training rows (inputs row-major, then targets) where training will read them, or undefined to allocate. */
export type TrainingRoom = (rows: number, spec: FittedEncoding) => { x: Float32Array; y: Float32Array } | undefined;

/**
 * `room`, when given, is asked where the training rows go once their count and encoding are known
 * (the wasm step's memory, `fit-network.ts`'s `trainingRoom`): they are encoded there, not copied later.
 *
 * @example
 * const prepared = await prepareTrainingData(ctx.data, inputs.train, inputs.validation, cols, 'auto', ctx.signal);
 */
export async function prepareTrainingData(
  data: DataPlane,
  train: TableValue,
  validation: TableValue | undefined,
  columns: ReturnType<typeof resolveColumns>,
  task: TaskChoice,
  signal: AbortSignal,
  room?: TrainingRoom,
): Promise<PreparedData> {
  let spec: FittedEncoding;
  try {
    spec = await fitPreprocessing(data, train.table, columns.features, columns.target, task);
  } catch (err) {
    throw new NodeError('NODE_FAILED', (err as Error).message, 'Check the target column and the task.');
  }
  if (streamsTraining(train.rowCount)) return prepareStreamingData(data, spec, train, validation, signal);
  const width = spec.encodedNames.length;
  // The described tables' row counts and columns size the reads: no count or DESCRIBE statement each.
  const known = (t: TableValue) => ({ rows: t.rowCount, columns: t.columns.map((c) => c.name) });
  const trainRead = await readModelInputs(data, train.table, spec, { withTarget: true, signal, ...known(train) });
  if (trainRead.raw.rows === 0)
    throw new NodeError('NODE_FAILED', `the training table has no rows with a value in "${spec.target.name}"`, 'Feed rows with a known target.');
  const into = room?.(trainRead.raw.rows, spec);
  const trainUsable = keepUsable(spec.target.task, encodeScaled(spec, trainRead.raw, into?.x), trainRead.target!, trainRead.raw.rows, width);
  if (trainUsable.dropped) {
    throw new NodeError(
      'NODE_FAILED',
      `${trainUsable.dropped} training rows have a target "${spec.target.name}" that is not a number`,
      'Clean the target column or set the task to classification.',
    );
  }
  let validationSet: Dataset | undefined;
  let dropped = 0;
  let paritySample: PreparedData['paritySample'];
  // An empty validation table (a split with no validation share) counts as none.
  if (validation && validation.rowCount > 0) {
    const read = await readModelInputs(data, validation.table, spec, { withTarget: true, signal, ...known(validation) });
    const unscaled = encodeUnscaled(spec, read.raw);
    const n = Math.min(2000, read.raw.rows);
    paritySample = { x: unscaled.slice(0, n * width), rows: n };
    const usable = keepUsable(spec.target.task, encodeScaled(spec, read.raw), read.target!, read.raw.rows, width);
    dropped = usable.dropped;
    validationSet = toDataset(spec, usable.x, usable.target, usable.rows);
  } else {
    const n = Math.min(2000, trainRead.raw.rows);
    paritySample = { x: encodeUnscaled(spec, { rows: n, columns: trainRead.raw.columns.map((c) => c.subarray(0, n)) }), rows: n };
  }
  return {
    spec,
    train: toDataset(spec, trainUsable.x, trainUsable.target, trainUsable.rows, into?.y),
    validation: validationSet,
    paritySample,
    droppedValidationRows: dropped,
  };
}
