/**
 * The frozen feature extractor: runs a premade model (as the Premade model node packaged it) on a
 * table and adds one DOUBLE column per value of the chosen output (`embedding_0` ...), so the
 * head trains on them with the Train node's own preprocessing beside the other columns.
 */
import { join } from 'node:path';
import { ident, type DataPlane } from '../../data/data-plane.js';
import type { PremadeModelSpec, TableValue } from '../../values.js';
import { openOnnxSession, type OnnxSession } from '../onnx/onnx-score.js';
import { inputTensor, readInputColumns } from '../premade/input-columns.js';
import type { OnnxElemType } from '../premade/signature-types.js';

/** The column names of a premade output's values, in order. */
export const featureColumnNames = (output: string, width: number) => Array.from({ length: width }, (_, k) => `${output}_${k}`);

export const premadeOnnxPath = (dir: string, spec: PremadeModelSpec) => join(dir, spec.onnxFile);

/** Rows missing a mapped column (when the premade model leaves them unscored) cannot be turned into features. */
function completeRowsSql(spec: PremadeModelSpec, table: string): string {
  const fills = spec.missing.fills;
  const checks = spec.inputs.flatMap((i) => i.columns).filter((c) => !(c in fills));
  return `SELECT * FROM ${ident(table)}${checks.length ? ` WHERE ${checks.map((c) => `${ident(c)} IS NOT NULL`).join(' AND ')}` : ''}`;
}

/**
 * Runs the premade model in batches on `session`; returns the chosen output row-major with its width.
 */
export async function premadeOutput(
  data: DataPlane,
  session: OnnxSession,
  spec: PremadeModelSpec,
  table: string,
  output: string,
  signal?: AbortSignal,
): Promise<{ values: Float32Array; width: number; rows: number }> {
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  const mapping = spec.inputs.map((i) => ({ ...i, elemType: i.elemType as OnnxElemType }));
  const read = await readInputColumns(data, table, mapping, new Map(Object.entries(spec.missing.fills)), Number(n), signal);
  let values = new Float32Array(0);
  let width = 0;
  const batch = 8192;
  for (let start = 0; start < read.rows; start += batch) {
    signal?.throwIfAborted();
    const rows = Math.min(batch, read.rows - start);
    const feeds = Object.fromEntries(read.byInput.map((e) => [e.input.input, inputTensor(e, start, rows)]));
    const result = await session.run(feeds, [output]);
    const got = result[output].data as Float32Array;
    if (start === 0) {
      width = got.length / rows;
      values = new Float32Array(read.rows * width);
    }
    values.set(got, start * width);
  }
  return { values, width, rows: read.rows };
}

/**
 * Writes `out`: the rows of `input` the premade model can take, with the output's values as columns.
 *
 * @example
 * const { columns, dropped } = await withPremadeFeatures(ctx.data, model.dir, model.premade, train, 'embedding', 'head_train');
 */
export async function withPremadeFeatures(
  data: DataPlane,
  dir: string,
  spec: PremadeModelSpec,
  input: TableValue,
  output: string,
  out: string,
  signal?: AbortSignal,
): Promise<{ table: string; columns: string[]; rows: number; dropped: number }> {
  const rowsTable = `${out}__rows`;
  const valuesTable = `${out}__values`;
  await data.run(`CREATE OR REPLACE TABLE ${ident(rowsTable)} AS ${completeRowsSql(spec, input.table)}`);
  const session = await openOnnxSession(premadeOnnxPath(dir, spec));
  try {
    const got = await premadeOutput(data, session, spec, rowsTable, output, signal);
    const columns = featureColumnNames(output, got.width);
    await data.run(`CREATE OR REPLACE TABLE ${ident(valuesTable)} (${columns.map((c) => `${ident(c)} DOUBLE`).join(', ')})`);
    const appender = await data.connection.createAppender(valuesTable);
    for (let r = 0; r < got.rows; r++) {
      for (let k = 0; k < got.width; k++) appender.appendDouble(got.values[r * got.width + k]);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    // Both sides are plain scans in table order, so POSITIONAL JOIN lines each row up with its values.
    await data.run(`CREATE OR REPLACE TABLE ${ident(out)} AS SELECT * FROM ${ident(rowsTable)} POSITIONAL JOIN ${ident(valuesTable)}`);
    return { table: out, columns, rows: got.rows, dropped: input.rowCount - got.rows };
  } finally {
    await session.release();
    await data.dropTable(valuesTable);
    await data.dropTable(rowsTable);
  }
}
