import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import type { MetricsValue, TableValue } from '../../engine/values.js';
import { explainDef } from './def.js';
import { dependence, type DependenceCurve } from './dependence.js';
import { permutationImportance } from './importance.js';
import type { ExplainMetric, Truth } from './metric.js';
import { completeRowsWhere, openModelScorer, type ModelScorer } from './model-scorer.js';
import { explainCharts, writeAttributions, writeDependence, writeImportance } from './outputs.js';
import { classIndex, explainWithGradients, explainWithKernelShap, type RowExplanation } from './row-explanations.js';
import { permutation } from './shuffle.js';

async function readTruth(data: DataPlane, base: string, scorer: ModelScorer): Promise<Truth> {
  const t = ident(scorer.target);
  if (scorer.task === 'classification') {
    const rows = await data.all<{ t: string }>(`SELECT CAST(${t} AS VARCHAR) AS t FROM ${ident(base)} ORDER BY __row`);
    return { kind: 'labels', values: rows.map((r) => r.t) };
  }
  const rows = await data.all<{ t: number }>(`SELECT CAST(${t} AS DOUBLE) AS t FROM ${ident(base)} ORDER BY __row`);
  return { kind: 'numbers', values: Float64Array.from(rows, (r) => r.t) };
}

function checkColumns(table: TableValue, scorer: ModelScorer): void {
  const have = new Set(table.columns.map((c) => c.name));
  const missing = [...scorer.rawColumns, scorer.target].filter((c) => !have.has(c));
  if (missing.length)
    throw new NodeError(
      'NODE_FAILED',
      `the table on input "table" lacks column(s) ${missing.map((c) => `"${c}"`).join(', ')} that the model reads or predicts`,
      'Explain on raw rows with the true target, e.g. the test split before any Score node.',
    );
}

/** A premade model cannot score a row without a column it maps: name the row and the column before scoring. */
async function refuseIncompleteRows(data: DataPlane, chosen: string, required: readonly string[]): Promise<void> {
  for (const c of required) {
    const rows = await data.all<{ p: number }>(`SELECT __pos AS p FROM ${ident(chosen)} WHERE ${ident(c)} IS NULL ORDER BY __pos`);
    if (rows.length)
      throw new NodeError(
        'PARAM_INVALID',
        `row(s) ${rows.map((r) => r.p).join(', ')} of the table have no "${c}", which the premade model needs to score a row`,
        'Pick other rows in "Explain rows".',
      );
  }
}

export const explainRunner = defineRunner(explainDef, async (ctx, inputs, params) => {
  const scorer = await openModelScorer(ctx.data, inputs.model, ctx.signal);
  const base = ctx.outputTable('base');
  const chosen = ctx.outputTable('chosen');
  const sample = ctx.outputTable('sample');
  const background = ctx.outputTable('background');
  try {
    checkColumns(inputs.table, scorer);
    const metric: ExplainMetric = params.metric === 'auto' ? (scorer.task === 'classification' ? 'accuracy' : 'r2') : params.metric;
    if ((metric === 'accuracy') !== (scorer.task === 'classification'))
      throw new NodeError(
        'PARAM_INVALID',
        `metric "${metric}" does not fit a ${scorer.task} model`,
        'Pick "auto", or accuracy for classes and R2 or RMSE for values.',
      );
    const src = ident(inputs.table.table);
    const where = completeRowsWhere([scorer.target, ...scorer.required]);
    await ctx.data.run(
      `CREATE OR REPLACE TABLE ${ident(base)} AS SELECT (row_number() OVER () - 1)::INTEGER AS __row, * FROM (SELECT * FROM ${src}${where} LIMIT ${params.maxRows})`,
    );
    const truth = await readTruth(ctx.data, base, scorer);
    if (!truth.values.length) throw new NodeError('NODE_FAILED', `no rows with a value in "${scorer.target}"`, 'Explain on a table holding the true target.');
    ctx.log('info', `${truth.values.length} rows, ${scorer.rawColumns.length} raw columns: ${scorer.rawColumns.join(', ')}`);
    const importance = await permutationImportance(ctx.data, scorer, base, truth, metric, {
      repeats: params.repeats,
      seed: params.seed,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress((0.7 * done) / total, `${done} of ${total} shuffles scored`),
    });

    const k = classIndex(scorer, params.explainClass, 0);
    const output = scorer.task === 'classification' ? scorer.labels[k] : scorer.target;
    const picked = params.dependenceColumns.length ? params.dependenceColumns : importance.features.slice(0, 2).map((f) => f.feature);
    await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(sample)} AS SELECT * FROM ${ident(base)} WHERE __row < ${params.iceRows} ORDER BY __row`);
    const curves: DependenceCurve[] = [];
    for (const name of picked) {
      const column = inputs.table.columns.find((c) => c.name === name);
      if (!column || !scorer.rawColumns.includes(name))
        throw new NodeError('PARAM_INVALID', `dependence column "${name}" is not a column the model reads`, `Pick among ${scorer.rawColumns.join(', ')}.`);
      curves.push(await dependence(ctx.data, scorer, base, sample, column, params.gridPoints, k));
    }
    ctx.progress(0.8, 'explaining the chosen rows');

    const rowCount = inputs.table.rowCount;
    const bad = params.rows.filter((r) => r > rowCount);
    if (bad.length)
      throw new NodeError('PARAM_INVALID', `rows ${bad.join(', ')} are past the table's ${rowCount} rows`, `Pick row numbers from 1 to ${rowCount}.`);
    await ctx.data.run(
      `CREATE OR REPLACE TABLE ${ident(chosen)} AS SELECT * FROM (SELECT (row_number() OVER ())::INTEGER AS __pos, * FROM ${src}) WHERE __pos IN (${params.rows.join(', ') || 'NULL'}) ORDER BY __pos`,
    );
    await refuseIncompleteRows(ctx.data, chosen, scorer.required);
    const method = params.rowMethod === 'auto' ? (scorer.differentiable ? 'integrated-gradients' : 'kernel-shap') : params.rowMethod;
    if (method === 'integrated-gradients' && !scorer.differentiable)
      throw new NodeError(
        'PARAM_INVALID',
        'integrated gradients need a network trained here (TensorFlow.js)',
        'Pick KernelSHAP (or "auto") for premade ONNX models and custom heads.',
      );
    const rowOptions = { ...params, signal: ctx.signal };
    let explained: RowExplanation[] = [];
    if (params.rows.length && method === 'integrated-gradients') explained = await explainWithGradients(ctx.data, inputs.model, scorer, chosen, rowOptions);
    else if (params.rows.length) {
      const picks = [...permutation(truth.values.length, params.seed).slice(0, params.background)];
      await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(background)} AS SELECT * FROM ${ident(base)} WHERE __row IN (${picks.join(', ')}) ORDER BY __row`);
      explained = await explainWithKernelShap(ctx.data, scorer, chosen, background, rowOptions);
    }
    for (const r of explained.filter((e) => Math.abs(e.gap) > 1e-3))
      ctx.log('warn', `row ${r.row}: the attributions miss the score by ${r.gap.toExponential(2)}; raise "Integration steps"`);

    await writeImportance(ctx.data, ctx.outputTable('importance'), importance);
    await writeDependence(ctx.data, ctx.outputTable('dependence'), curves, output);
    await writeAttributions(ctx.data, ctx.outputTable('attributions'), explained);
    const top = importance.features[0];
    const metrics: MetricsValue = {
      kind: 'metrics',
      task: scorer.task,
      metrics: {
        // "unshuffled", not "baseline": Evaluate's baseline_<metric> is what a no-skill model scores.
        [`unshuffled_${metric}`]: importance.baseline,
        max_importance_share: Math.max(0, ...importance.features.map((f) => f.share)),
        rows: truth.values.length,
        repeats: params.repeats,
      },
      groups: Object.fromEntries(importance.features.map((f) => [f.feature, { importance: f.importance, std: f.std, share: f.share }])),
      charts: explainCharts(importance, curves, explained, output),
    };
    ctx.progress(1, top ? `most important: ${top.feature} (${(top.share * 100).toFixed(0)}% of the importance)` : 'no columns to explain');
    return {
      metrics,
      importance: await ctx.data.describe(ctx.outputTable('importance')),
      dependence: await ctx.data.describe(ctx.outputTable('dependence')),
      attributions: await ctx.data.describe(ctx.outputTable('attributions')),
    };
  } finally {
    await scorer.close();
    for (const t of [base, chosen, sample, background]) await ctx.data.dropTable(t);
  }
});
