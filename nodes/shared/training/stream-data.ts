/**
 * When the Train node streams its table from DuckDB instead of holding it: above a row count
 * (default 1,000,000 rows; a 20-column table that size is about 80 MB as scaled float32 and
 * several times that while read). Below it, training reads the whole table into memory as it
 * always has, so small tables give byte-identical models.
 */
import { NodeError } from '../../../engine/node-run.js';
import type { DataPlane } from '../../../engine/data/data-plane.js';
import type { FittedEncoding } from '../../../engine/models/preprocessing.js';
import type { TableValue } from '../../../engine/values.js';
import { paritySampleOf, tableSource } from './table-source.js';
import type { PreparedData } from './train-data.js';

/** Training tables with more rows than this stream; the env var overrides it (tests lower it, a big machine may raise it). */
export const STREAM_ROWS_ENV = 'LIFECYCLE_STUDIO_STREAM_TRAINING_ROWS';
export const DEFAULT_STREAM_ROWS = 1_000_000;
/** Rows per chunk read from DuckDB; the shuffle mixes rows within a chunk and chunks within an epoch. */
export const STREAM_CHUNK_ENV = 'LIFECYCLE_STUDIO_STREAM_CHUNK_ROWS';
export const DEFAULT_CHUNK_ROWS = 65_536;

function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new NodeError('PARAM_INVALID', `${name}="${raw}" is not a positive whole number`, `Unset ${name} or give a row count.`);
  return value;
}

/** Whether a training table of `rows` rows streams. */
export function streamsTraining(rows: number): boolean {
  return rows > positiveEnv(STREAM_ROWS_ENV, DEFAULT_STREAM_ROWS);
}

/**
 * `PreparedData` whose training and validation sets are read chunk by chunk; the encoding is already fitted.
 *
 * @example
 * if (streamsTraining(train.rowCount)) return prepareStreamingData(data, spec, train, validation, signal);
 */
export async function prepareStreamingData(
  data: DataPlane,
  spec: FittedEncoding,
  train: TableValue,
  validation: TableValue | undefined,
  signal: AbortSignal,
): Promise<PreparedData> {
  const chunkRows = positiveEnv(STREAM_CHUNK_ENV, DEFAULT_CHUNK_ROWS);
  const trainSource = await tableSource(data, train.table, spec, { chunkRows, signal });
  if (trainSource.source.rows === 0)
    throw new NodeError('NODE_FAILED', `the training table has no rows with a value in "${spec.target.name}"`, 'Feed rows with a known target.');
  if (trainSource.unusable) {
    throw new NodeError(
      'NODE_FAILED',
      `${trainSource.unusable} training rows have a target "${spec.target.name}" that is not a number`,
      'Clean the target column or set the task to classification.',
    );
  }
  // An empty validation table (a split with no validation share) counts as none.
  const validationSource = validation && validation.rowCount > 0 ? await tableSource(data, validation.table, spec, { chunkRows, signal }) : undefined;
  return {
    spec,
    train: trainSource.source,
    validation: validationSource?.source,
    paritySample: await paritySampleOf(data, (validationSource ? validation! : train).table, spec, 2000),
    droppedValidationRows: validationSource?.unusable ?? 0,
  };
}
