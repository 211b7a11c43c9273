/**
 * Scores a table with an ONNX model someone else trained: signature, column mapping and output
 * plan are checked first (a mismatch fails before any row is read), rows with missing values are
 * set apart or filled, then batches run on onnxruntime-node with progress and cancel.
 */
import { readFile } from 'node:fs/promises';
import { DOUBLE, LIST } from '@duckdb/node-api';
import type * as ort from 'onnxruntime-node';
import { ident, type DataPlane } from '../../data/data-plane.js';
import { NodeError, type RunContext } from '../../node-run.js';
import type { TableValue } from '../../values.js';
import { openOnnxSession } from '../onnx/onnx-score.js';
import { MappingError, resolveMapping, type MappedInput, type MappingRow } from './column-mapping.js';
import { inputTensor, readInputColumns, type InputColumns } from './input-columns.js';
import { splitMissing, type MissingRule, type MissingSplit } from './missing-rows.js';
import { decodeSignature } from './onnx-signature.js';
import { planOutputs, type OutputParams, type OutputPlan } from './output-plan.js';
import type { OnnxSignature } from './signature-types.js';

export interface PremadeParams extends OutputParams {
  mapping: MappingRow[];
  missing: MissingRule;
  fillValue: number;
  batchSize: number;
}

export interface PremadeScored {
  signature: OnnxSignature;
  mapping: MappedInput[];
  plan: OutputPlan;
  missing: MissingSplit;
  rows: number;
  added: string[];
}

type Ctx = Pick<RunContext, 'data' | 'signal' | 'progress' | 'log'>;

/** Checks signature, mapping and outputs against the table; throws a NodeError naming every mismatch. */
export async function checkPremade(onnxPath: string, table: TableValue, p: PremadeParams) {
  let signature: OnnxSignature;
  try {
    signature = decodeSignature(await readFile(onnxPath));
  } catch (err) {
    throw new NodeError('NODE_FAILED', `cannot read the model ${onnxPath}: ${(err as Error).message}`, 'Pick an .onnx file in "Model file".');
  }
  let mapping: MappedInput[] = [];
  const problems: string[] = [];
  try {
    mapping = resolveMapping(signature, table.columns, p.mapping);
  } catch (err) {
    if (!(err instanceof MappingError)) throw err;
    problems.push(...err.problems);
  }
  const plan = planOutputs(signature, p);
  if ('problems' in plan) problems.push(...plan.problems);
  if (problems.length || 'problems' in plan)
    throw new NodeError(
      'PARAM_INVALID',
      problems.join('; '),
      'Fix "Column mapping", "Class names" or the outputs; the inspector shows the model\'s signature.',
    );
  if (p.target && !table.columns.some((c) => c.name === p.target))
    throw new NodeError(
      'PARAM_INVALID',
      `the true label column ${p.target} is not in the input table`,
      'Pick a column of the table in "True label column", or leave it empty.',
    );
  return { signature, mapping, plan };
}

function predictionDefs(plan: OutputPlan): { name: string; sql: string }[] {
  const defs: { name: string; sql: string }[] = [];
  if (plan.task !== 'none') defs.push({ name: `predicted_${plan.target}`, sql: plan.task === 'classification' ? 'VARCHAR' : 'DOUBLE' });
  for (const l of plan.labels ?? []) defs.push({ name: `probability_${l}`, sql: 'DOUBLE' });
  for (const k of plan.keep) defs.push({ name: k, sql: 'DOUBLE[]' });
  return defs;
}

const numbers = (t: ort.Tensor): ArrayLike<number> =>
  t.type === 'int64' || t.type === 'uint64' ? Array.from(t.data as BigInt64Array, Number) : (t.data as Float32Array);

type Appender = Awaited<ReturnType<DataPlane['connection']['createAppender']>>;

function appendBatch(appender: Appender, plan: OutputPlan, result: ort.InferenceSession.OnnxValueMapType, n: number): void {
  const score = plan.scoreOutput ? numbers(result[plan.scoreOutput] as ort.Tensor) : undefined;
  const width = score ? score.length / Math.max(n, 1) : 0;
  const kept = plan.keep.map((k) => numbers(result[k] as ort.Tensor));
  const labels = plan.labels ?? [];
  for (let r = 0; r < n; r++) {
    if (plan.task === 'classification' && score) {
      const probs = width === 1 && labels.length === 2 ? [1 - score[r], score[r]] : Array.from({ length: width }, (_, k) => score[r * width + k]);
      let best = 0;
      for (let k = 1; k < probs.length; k++) if (probs[k] > probs[best]) best = k;
      appender.appendVarchar(labels[best]);
      for (const v of probs) appender.appendDouble(v);
    } else if (plan.task === 'regression' && score) appender.appendDouble(score[r * width]);
    for (const values of kept) {
      const w = values.length / n;
      appender.appendList(
        Array.from({ length: w }, (_, k) => values[r * w + k]),
        LIST(DOUBLE),
      );
    }
    appender.endRow();
  }
}

async function runBatches(ctx: Ctx, session: ort.InferenceSession, read: InputColumns, plan: OutputPlan, table: string, batchSize: number): Promise<void> {
  const appender = await ctx.data.connection.createAppender(table);
  const fetches = [...new Set([...(plan.scoreOutput ? [plan.scoreOutput] : []), ...plan.keep])];
  try {
    for (let start = 0; start < read.rows; start += batchSize) {
      ctx.signal.throwIfAborted();
      const n = Math.min(batchSize, read.rows - start);
      const feeds = Object.fromEntries(read.byInput.map((e) => [e.input.input, inputTensor(e, start, n)]));
      let result;
      try {
        result = await session.run(feeds, fetches);
      } catch (err) {
        throw new NodeError(
          'NODE_FAILED',
          `onnxruntime failed on rows ${start + 1} to ${start + n}: ${(err as Error).message}`,
          'Check the column mapping against the signature.',
        );
      }
      appendBatch(appender, plan, result, n);
      const done = start + n;
      ctx.progress(0.1 + (0.85 * done) / read.rows, `${done} of ${read.rows} rows scored`, { done, total: read.rows, unit: 'rows' });
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * @example
 * const scored = await scorePremade(ctx, '/models/penguins.onnx', inputs.table, params, ctx.outputTable('table'), ctx.outputTable('unscored'));
 */
export async function scorePremade(
  ctx: Ctx,
  onnxPath: string,
  table: TableValue,
  p: PremadeParams,
  outTable: string,
  unscoredTable: string,
): Promise<PremadeScored> {
  const { signature, mapping, plan } = await checkPremade(onnxPath, table, p);
  const missing = await splitMissing(
    ctx.data,
    table,
    mapping.flatMap((m) => m.columns),
    p.missing,
    p.fillValue,
    `${outTable}__rows`,
    unscoredTable,
  );
  if (missing.account) ctx.log(missing.unscoredRows ? 'warn' : 'info', missing.account);
  const session = await openOnnxSession(onnxPath);
  const predictions = `${outTable}__predictions`;
  try {
    const rowCount = Number((await ctx.data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(missing.rowsTable)}`))[0].n);
    const read = await readInputColumns(ctx.data, missing.rowsTable, mapping, missing.fills, rowCount, ctx.signal);
    ctx.progress(0.1, `read ${read.rows} rows`, { done: 0, total: read.rows, unit: 'rows' });
    const defs = predictionDefs(plan);
    await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(predictions)} (${defs.map((d) => `${ident(d.name)} ${d.sql}`).join(', ') || '__none BOOLEAN'})`);
    if (defs.length) await runBatches(ctx, session, read, plan, predictions, p.batchSize);
    const added = defs.map((d) => d.name);
    const replaced = added.filter((c) => table.columns.some((t) => t.name === c));
    if (replaced.length) ctx.log('warn', `replacing existing column(s) ${replaced.join(', ')} with this model's outputs`);
    const keep = replaced.length ? `* EXCLUDE (${replaced.map(ident).join(', ')})` : '*';
    // Both sides are plain scans in table order, so POSITIONAL JOIN lines each row up with its outputs.
    const right = defs.length ? ` POSITIONAL JOIN ${ident(predictions)}` : '';
    await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(outTable)} AS SELECT ${keep} FROM ${ident(missing.rowsTable)}${right}`);
    return { signature, mapping, plan, missing, rows: read.rows, added };
  } finally {
    await session.release();
    await ctx.data.dropTable(predictions);
    await ctx.data.dropTable(missing.rowsTable);
  }
}
