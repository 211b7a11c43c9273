import { copyFile, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ident } from '../../engine/data/data-plane.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { composeHead } from '../../engine/models/head/compose-onnx.js';
import { scoreComposed, scoreTwoStage, type HeadSpec } from '../../engine/models/head/head-scoring.js';
import { premadeOnnxPath, withPremadeFeatures } from '../../engine/models/head/premade-features.js';
import { writeModelRecipe } from '../../engine/models/model-recipe.js';
import { ONNX_FILE } from '../../engine/models/onnx/onnx-export.js';
import { openOnnxSession } from '../../engine/models/onnx/onnx-score.js';
import { defineRunner, NodeError, type RunContext } from '../../engine/node-run.js';
import type { MetricsValue, ModelValue, TableValue } from '../../engine/values.js';
import { fitNetwork } from '../shared/training/fit-network.js';
import { historyCharts } from '../shared/training/history.js';
import { packTrainedModel, writeModelFolder } from '../shared/training/model-export.js';
import { prepareTrainingData, resolveColumns } from '../shared/training/train-data.js';
import { customHeadDef } from './def.js';
import { writeScoredTable } from './scored-table.js';

/** The composed graph must give the two-stage outputs to this many units. */
export const COMPOSED_TOLERANCE = 1e-5;
export const HEAD_ONNX = 'head.onnx';
export const HEAD_JSON = 'head.json';
const PREMADE_JSON = 'premade.json';
/** The premade graph beside the composed one (model.onnx), for the two-stage check. */
export const PREMADE_ONNX = 'premade.onnx';

export const customHeadRunner = defineRunner(customHeadDef, async (ctx, inputs, params) => {
  const premade = inputs.model.premade;
  if (inputs.model.format !== 'onnx-premade' || !premade) {
    throw new NodeError('NODE_FAILED', `the model input is a ${inputs.model.format} model, not a premade one`, "Connect a Premade model node's model output.");
  }
  ctx.progress(0, `running the premade model for its "${params.featureOutput}"`);
  const featured = async (table: TableValue, name: string) => {
    const got = await withPremadeFeatures(ctx.data, inputs.model.dir, premade, table, params.featureOutput, ctx.outputTable(name), ctx.signal).catch(
      (err: Error) => {
        throw new NodeError(
          'PARAM_INVALID',
          `premade output "${params.featureOutput}": ${err.message}`,
          'Pick an output of the premade model, float32 [batch, k].',
        );
      },
    );
    if (got.dropped) ctx.log('warn', `${got.dropped} rows of the ${name} table left out: a column the premade model maps is missing`);
    return got;
  };
  const train = await featured(inputs.train, 'head_train');
  const validation = inputs.validation && inputs.validation.rowCount > 0 ? await featured(inputs.validation, 'head_validation') : undefined;
  const trainTable = await ctx.data.describe(train.table);
  const columns = resolveColumns(trainTable, params.target, [...train.columns, ...params.extraFeatures]);
  const prepared = await prepareTrainingData(ctx.data, trainTable, validation && (await ctx.data.describe(validation.table)), columns, 'auto', ctx.signal);
  const head: HeadSpec = { featureOutput: params.featureOutput, featureWidth: train.columns.length };
  const { network, result } = await fitNetwork(ctx, prepared, params);
  const build = await mkdtemp(join(ctx.artifactDir, '.build-'));
  try {
    ctx.progress(0.92, 'exporting the head and composing it with the premade graph');
    // The head alone, exported and checked against the trained network as Train does; then moved aside for the composed graph.
    await writeModelFolder(build, network, { steps: [], encoding: prepared.spec }, prepared.paritySample, 'custom head');
    await rename(join(build, ONNX_FILE), join(build, HEAD_ONNX));
    const premadePath = premadeOnnxPath(inputs.model.dir, premade);
    const composed = composeHead(await readFile(premadePath), await readFile(join(build, HEAD_ONNX)), {
      featureOutput: head.featureOutput,
      extraWidth: prepared.spec.encodedNames.length - head.featureWidth,
      metadata: { premade_output: head.featureOutput },
    });
    await writeFileAtomic(join(build, ONNX_FILE), composed);
    await copyFile(premadePath, join(build, PREMADE_ONNX));
    await writeFileAtomic(join(build, PREMADE_JSON), `${JSON.stringify({ ...premade, onnxFile: PREMADE_ONNX }, null, 2)}\n`);
    await writeFileAtomic(join(build, HEAD_JSON), `${JSON.stringify(head, null, 2)}\n`);
    // The recipe names the premade mapping and the head, so a package's input schema and the server ask for raw columns.
    await writeModelRecipe(build, { steps: [], encoding: prepared.spec, premade: { spec: { ...premade, onnxFile: PREMADE_ONNX }, head } });
    const diff = await composedParity(ctx, build, premade, prepared.spec, head, validation?.table ?? train.table);
    ctx.log('info', `composed ONNX checked against the two-stage run on up to 2000 rows: largest difference ${diff.toExponential(2)}`);
    const packaged = await packTrainedModel(ctx, build);
    // Without a table to score, the validation (else training) rows are scored, so Evaluate always has a table.
    const scored = await scoreInput(ctx, build, premade, prepared.spec, head, inputs.score ?? inputs.validation ?? inputs.train);
    const last = result.history[result.history.length - 1];
    const modelValue: ModelValue = {
      kind: 'model',
      dir: ctx.artifactDir,
      format: 'onnx-premade',
      task: prepared.spec.target.task,
      target: prepared.spec.target.name,
      features: inputs.train.columns.filter((c) => premade.inputs.some((i) => i.columns.includes(c.name)) || params.extraFeatures.includes(c.name)),
      labels: prepared.spec.target.labels,
      premade: { ...premade, onnxFile: PREMADE_ONNX },
      package: { name: packaged.manifest.name, version: packaged.manifest.version, hash: packaged.hash },
      summary: {
        head: `${head.featureOutput} (${head.featureWidth}) + ${params.extraFeatures.length} columns`,
        epochs: result.epochsRun,
        composedMaxAbsDiff: diff,
      },
    };
    const history: MetricsValue = {
      kind: 'metrics',
      task: prepared.spec.target.task,
      metrics: Object.fromEntries(Object.entries(last ?? {}).filter(([k, v]) => k !== 'epoch' && typeof v === 'number')) as Record<string, number>,
      charts: historyCharts(result.history),
    };
    ctx.progress(1, `trained the head for ${result.epochsRun} epochs`);
    return { model: modelValue, history, table: scored };
  } finally {
    network.dispose();
    await rm(build, { recursive: true, force: true });
    await ctx.data.dropTable(train.table);
    if (validation) await ctx.data.dropTable(validation.table);
  }
});

type Ctx = Pick<RunContext, 'data' | 'outputTable' | 'signal'>;

async function composedParity(
  ctx: Ctx,
  dir: string,
  premade: NonNullable<ModelValue['premade']>,
  spec: Parameters<typeof scoreComposed>[3],
  head: HeadSpec,
  table: string,
) {
  const sample = ctx.outputTable('parity_sample');
  await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(sample)} AS SELECT * FROM ${ident(table)} LIMIT 2000`);
  const [composed, premadeSession, headSession] = await Promise.all([ONNX_FILE, PREMADE_ONNX, HEAD_ONNX].map((f) => openOnnxSession(join(dir, f))));
  try {
    const one = await scoreComposed(ctx.data, composed, premade, spec, head, sample);
    const two = await scoreTwoStage(ctx.data, { premade: premadeSession, head: headSession }, premade, spec, head, sample);
    let max = 0;
    for (let i = 0; i < one.outputs.length; i++) max = Math.max(max, Math.abs(one.outputs[i] - two.outputs[i]));
    if (one.outputs.length !== two.outputs.length || !(max <= COMPOSED_TOLERANCE)) {
      throw new NodeError(
        'NODE_FAILED',
        `the composed ONNX graph differs from the two-stage run by up to ${max} (limit ${COMPOSED_TOLERANCE})`,
        'This is a bug in the composition; please report it with the pipeline.',
      );
    }
    return max;
  } finally {
    await Promise.all([composed, premadeSession, headSession].map((s) => s.release()));
    await ctx.data.dropTable(sample);
  }
}

async function scoreInput(
  ctx: Ctx,
  dir: string,
  premade: NonNullable<ModelValue['premade']>,
  spec: Parameters<typeof scoreComposed>[3],
  head: HeadSpec,
  table: TableValue,
) {
  const rows = ctx.outputTable('score_rows');
  const checks = premade.inputs.flatMap((i) => i.columns).filter((c) => !(c in premade.missing.fills));
  await ctx.data.run(
    `CREATE OR REPLACE TABLE ${ident(rows)} AS SELECT * FROM ${ident(table.table)}${checks.length ? ` WHERE ${checks.map((c) => `${ident(c)} IS NOT NULL`).join(' AND ')}` : ''}`,
  );
  const session = await openOnnxSession(join(dir, ONNX_FILE));
  try {
    const scored = await scoreComposed(ctx.data, session, premade, spec, head, rows, ctx.signal);
    return await writeScoredTable(ctx.data, rows, spec, scored, ctx.outputTable('table'));
  } finally {
    await session.release();
    await ctx.data.dropTable(rows);
  }
}
