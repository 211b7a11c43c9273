import { createHash } from 'node:crypto';
import { copyFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { scorePremade } from '../../engine/models/premade/score-premade.js';
import { metadataList } from '../../engine/models/premade/column-mapping.js';
import { describeOnnxFile } from '../../engine/models/premade/onnx-signature.js';
import type { FileDescription } from '../../engine/models/premade/signature-types.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { premadeOnlyEncoding } from '../../engine/models/head/premade-recipe.js';
import { writeModelRecipe } from '../../engine/models/model-recipe.js';
import { defineRunner } from '../../engine/node-run.js';
import type { ModelValue, PremadeModelSpec } from '../../engine/values.js';
import { premadeModelDef } from './def.js';

export const PREMADE_ONNX = 'model.onnx';
export const PREMADE_JSON = 'premade.json';

const runner = defineRunner(premadeModelDef, async (ctx, inputs, params) => {
  const started = Date.now();
  const path = ctx.resolvePath(params.model);
  const scored = await scorePremade(ctx, path, inputs.table, params, ctx.outputTable('table'), ctx.outputTable('unscored'));
  // The model travels as a copy beside its mapping, so packaging does not depend on the picked file staying put.
  await copyFile(path, join(ctx.artifactDir, PREMADE_ONNX));
  const spec: PremadeModelSpec = {
    onnxFile: PREMADE_ONNX,
    source: path,
    sha256: createHash('sha256')
      .update(await readFile(path))
      .digest('hex'),
    inputs: scored.mapping.map((m) => ({ input: m.input, elemType: m.elemType, columns: m.columns, inner: m.inner })),
    task: scored.plan.task,
    ...(scored.plan.scoreOutput ? { scoreOutput: scored.plan.scoreOutput } : {}),
    ...(scored.plan.labels ? { labels: scored.plan.labels } : {}),
    keepOutputs: scored.plan.keep,
    missing: { rule: params.missing, fills: Object.fromEntries(scored.missing.fills) },
  };
  await writeFileAtomic(join(ctx.artifactDir, PREMADE_JSON), `${JSON.stringify(spec, null, 2)}\n`);
  // With a prediction, the folder is a model Package model can register and the server can serve (raw rows through the mapping).
  if (spec.task !== 'none') {
    await writeModelRecipe(ctx.artifactDir, { steps: [], encoding: premadeOnlyEncoding(spec, scored.plan.target, spec.sha256), premade: { spec } });
  }
  const columns = inputs.table.columns.filter((c) => spec.inputs.some((i) => i.columns.includes(c.name)));
  const sig = scored.signature;
  const model: ModelValue = {
    kind: 'model',
    dir: ctx.artifactDir,
    format: 'onnx-premade',
    ...(spec.task !== 'none' ? { task: spec.task } : {}),
    target: scored.plan.target,
    features: columns,
    ...(spec.labels ? { labels: spec.labels } : {}),
    premade: spec,
    summary: {
      file: basename(path),
      producer: `${sig.producerName} ${sig.producerVersion}`.trim(),
      opset: sig.opsets.find((o) => o.domain === '')?.version ?? 0,
      inputs: sig.inputs.length,
      scored: scored.rows,
      unscored: scored.missing.unscoredRows,
    },
  };
  const seconds = (Date.now() - started) / 1000;
  ctx.log('info', `scored ${scored.rows} rows with ${basename(path)} in ${seconds.toFixed(2)} s; ${scored.missing.unscoredRows} left unscored`);
  ctx.progress(1, `${scored.rows} rows scored, ${scored.missing.unscoredRows} unscored`, { done: scored.rows, total: scored.rows, unit: 'rows' });
  return { table: await ctx.data.describe(ctx.outputTable('table')), model, unscored: await ctx.data.describe(ctx.outputTable('unscored')) };
});

/**
 * The file's ONNX signature, with the params it suggests: the `feature_order` as the ordered columns
 * of each matrix input, and the `labels` as class names.
 */
export async function describePremade(path: string): Promise<FileDescription> {
  const description = await describeOnnxFile(path);
  const { inputs, metadata } = description.signature;
  const order = metadataList(metadata.feature_order);
  const matrix = inputs.filter((i) => (i.shape?.length ?? 0) >= 2 && i.shape![i.shape!.length - 1] !== 1);
  const suggestedParams: Record<string, unknown> = {};
  if (order && matrix.length === 1) suggestedParams.mapping = [{ input: matrix[0].name, columns: order }];
  const labels = metadataList(metadata.labels);
  if (labels) suggestedParams.labels = labels;
  return Object.keys(suggestedParams).length ? { ...description, suggestedParams } : description;
}

/** The runner plus the describe hook: the file's ONNX signature, before any run. */
export const premadeModelRunner = { ...runner, describe: describePremade };
