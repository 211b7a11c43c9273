import { ident } from '../../engine/data/data-plane.js';
import { writeOnOneThreadIfSmall } from '../../engine/data/one-thread.js';
import { startOrtSoon } from '../../engine/models/onnx/ort-warm-up.js';
import { openModel } from '../../engine/models/package/open-model.js';
import { loadTfSoon } from '../../engine/models/tf-backend.js';
import { defineRunner, NodeError, type RunContext } from '../../engine/node-run.js';
import type { TableValue } from '../../engine/values.js';
import { scoreDef } from './def.js';
import { prepareForScoring } from './recipe.js';
import { scoreTable, type ScoreResult } from './scorer.js';
import { writePredictions } from './write-predictions.js';

export { predictedColumn, probabilityColumn } from './write-predictions.js';

/**
 * Score's warm-up (engine/warm-up.ts): the runtime it will most likely use, loaded while an earlier
 * node's long statement runs. A run whose Train comes from the cache, or that scores a registered
 * model, otherwise met ONNX Runtime's start-up (about 30 ms) inside Score.
 */
function prepareScoring(params: { runtime: 'auto' | 'tfjs' | 'onnx' }): readonly (() => void)[] {
  return params.runtime === 'tfjs' ? [loadTfSoon] : [startOrtSoon];
}

/**
 * Writes `out`: the input's rows with the model's prediction columns beside them (a prediction
 * column named like an input column replaces it, with a warning).
 */
async function joinPredictions(ctx: RunContext, table: TableValue, result: ScoreResult, out: string): Promise<void> {
  const predictions = `${out}__predictions`;
  const { columns: added, selects } = await writePredictions(ctx.data, predictions, result);
  const existing = new Set(table.columns.map((c) => c.name));
  const replaced = added.filter((c) => existing.has(c));
  if (replaced.length) ctx.log('warn', `replacing existing column(s) ${replaced.join(', ')} with this model's predictions`);
  const input = ident(table.table);
  const keep = replaced.length ? `${input}.* EXCLUDE (${replaced.map(ident).join(', ')})` : `${input}.*`;
  // Both sides are plain scans in table order, so POSITIONAL JOIN lines each row up with its prediction.
  const join = `CREATE OR REPLACE TABLE ${ident(out)} AS SELECT ${keep}, ${selects.join(', ')} FROM ${input} POSITIONAL JOIN ${ident(predictions)}`;
  await writeOnOneThreadIfSmall(ctx.data, result.rows, join, ctx.signal);
  await ctx.data.dropTable(predictions);
}

export const scoreRunner = defineRunner(
  scoreDef,
  async (ctx, inputs, params) => {
    const started = Date.now();
    const out = ctx.outputTable('table');
    // A package is verified file by file (sha256) before any row is scored; an older model folder is read as it is.
    const opened =
      inputs.model.format === 'llm'
        ? undefined
        : await openModel(inputs.model.dir).catch((err: unknown) => {
            throw new NodeError('NODE_FAILED', `cannot read the model on input "model": ${(err as Error).message}`, 'Run the node that made the model again.');
          });
    const recipe = opened?.recipe;
    if (opened?.package)
      ctx.log('info', `model package ${opened.package.manifest.name} version ${opened.package.manifest.version}, hash ${opened.package.hash.slice(0, 12)}`);
    const prepared = await prepareForScoring(ctx.data, inputs.model, recipe, inputs.table, `${out}__prepared`);
    if (prepared.replayed)
      ctx.log('info', `replayed ${prepared.replayed} of the model's ${prepared.recipeSteps} preparation steps on the input rows before scoring`);
    else if (prepared.recipeSteps) ctx.log('info', `the input already carries the model's ${prepared.recipeSteps} preparation steps; scored as it is`);
    let result: ScoreResult;
    try {
      // The predictions line up with the input's rows: the replayed copy keeps their order.
      // scoreTable takes the columns and row count as described: the replayed copy's are its own.
      const scoring = prepared.table === inputs.table.table ? inputs.table : await ctx.data.describe(prepared.table);
      result = await scoreTable(ctx.data, inputs.model, recipe, scoring, {
        runtime: params.runtime,
        batchSize: params.batchSize,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(total ? (0.9 * done) / total : undefined, `${done} of ${total} rows scored`, { done, total, unit: 'rows' }),
      });
    } finally {
      if (prepared.table !== inputs.table.table) await ctx.data.dropTable(prepared.table);
    }
    if (result.rows > 0 && result.task === 'classification' && result.width !== (result.labels?.length ?? 0)) {
      throw new Error(`the model gives ${result.width} outputs per row but has ${result.labels?.length ?? 0} class labels`);
    }
    await joinPredictions(ctx, inputs.table, result, out);
    const seconds = (Date.now() - started) / 1000;
    ctx.log(
      'info',
      `scored ${result.rows} rows with ${result.runtime} in ${seconds.toFixed(2)} s (${Math.round(result.rows / Math.max(seconds, 1e-3))} rows/s)`,
    );
    ctx.progress(1, `${result.rows} rows scored`, { done: result.rows, total: result.rows, unit: 'rows' });
    return { table: await ctx.data.describe(out) };
  },
  { warmUp: prepareScoring },
);
