/**
 * Writes the trained model folder: the tfjs model files, the model's recipe (the training table's prepare
 * steps and the fitted encoding), the ONNX export, and a parity check of the ONNX file in
 * onnxruntime against the trained network on sample rows.
 */
import { NodeError, type RunContext } from '../../../engine/node-run.js';
import { lineageOf } from '../../../engine/models/package/lineage.js';
import { writeModelPackage } from '../../../engine/models/package/write-package.js';
import { writeModelRecipe } from '../../../engine/models/model-recipe.js';
import { openOnnxSession, runOnnxRows } from '../../../engine/models/onnx/onnx-score.js';
import { writeOnnxModel } from '../../../engine/models/onnx/onnx-export.js';
import { scaleInPlace, type FittedEncoding } from '../../../engine/models/preprocessing.js';
import type { RecipeStep } from '../../../engine/models/recipe-steps.js';
import type { TrainedNetwork } from '../../../engine/models/trained-network.js';

/** ONNX and the trained network's outputs must agree to this many units on every sample row. */
export const ONNX_PARITY_TOLERANCE = 1e-4;

/**
 * Largest |network - onnxruntime| difference over the rows; regression outputs are compared after
 * dividing by the target's standard deviation, so the tolerance means the same for prices and ratios.
 */
export async function onnxParity(network: TrainedNetwork, spec: FittedEncoding, onnxPath: string, sample: { x: Float32Array; rows: number }): Promise<number> {
  const session = await openOnnxSession(onnxPath);
  try {
    const width = spec.encodedNames.length;
    const viaOnnx = await runOnnxRows(session, sample.x, sample.rows, width);
    const viaNetwork = await network.predict(spec, scaleInPlace(spec, sample.x.slice()), sample.rows);
    if (viaOnnx.outputs.length !== viaNetwork.outputs.length) {
      throw new Error(`ONNX output has ${viaOnnx.outputs.length} values, ${network.reference} ${viaNetwork.outputs.length}`);
    }
    const unit = spec.target.task === 'regression' ? (spec.target.std ?? 1) : 1;
    let max = 0;
    for (let i = 0; i < viaOnnx.outputs.length; i++) max = Math.max(max, Math.abs(viaOnnx.outputs[i] - viaNetwork.outputs[i]) / unit);
    return max;
  } finally {
    await session.release();
  }
}

/**
 * @example
 * const parity = await writeModelFolder(ctx.artifactDir, network, { steps: inputs.train.fitted ?? [], encoding: spec }, sample, tfjsVersion);
 */
export async function writeModelFolder(
  dir: string,
  network: TrainedNetwork,
  recipe: { steps: readonly RecipeStep[]; encoding: FittedEncoding },
  paritySample: { x: Float32Array; rows: number },
  producerVersion: string,
): Promise<{ onnxPath: string; maxAbsDiff: number }> {
  const spec = recipe.encoding;
  await network.save(dir);
  await writeModelRecipe(dir, recipe);
  const onnxPath = await writeOnnxModel(dir, spec, network.dense(), { producerVersion });
  const maxAbsDiff = await onnxParity(network, spec, onnxPath, paritySample);
  if (!(maxAbsDiff < ONNX_PARITY_TOLERANCE)) {
    throw new NodeError(
      'NODE_FAILED',
      `the ONNX export differs from ${network.reference} by up to ${maxAbsDiff} (limit ${ONNX_PARITY_TOLERANCE})`,
      'This is a bug in the exporter; please report it with the pipeline.',
    );
  }
  return { onnxPath, maxAbsDiff };
}

/**
 * Packages the model folder `build` into the node's artifact folder, unregistered (version 0, named
 * after the node). No run id in the lineage: two runs training the same model give the same bytes and
 * hash; the Package model node adds the run id when it registers the model.
 */
export async function packTrainedModel(ctx: RunContext, build: string) {
  const lineage = await lineageOf(build, { nodeId: ctx.nodeId, pipelineHash: ctx.documentHash });
  return writeModelPackage(ctx.artifactDir, { name: ctx.nodeId, version: 0, modelDir: build, lineage });
}
