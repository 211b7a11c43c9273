/**
 * Saves and loads TensorFlow.js layers models as `model.json` + `weights.bin` in a folder, through
 * custom IO handlers: tfjs without tfjs-node has no `file://` handler.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { getTf } from './tf-backend.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Writes `model.json` and `weights.bin` into `dir`, each atomically.
 *
 * @example
 * await saveLayersModel(model, ctx.artifactDir);
 */
export async function saveLayersModel(model: tfTypes.LayersModel, dir: string): Promise<void> {
  const { tf } = await getTf();
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weights = data === undefined ? new Uint8Array() : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      // Weights first: a model.json never points at a weights file that is not there yet.
      await writeFileAtomic(join(dir, WEIGHTS_BIN), weights);
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/**
 * Loads a model saved by `saveLayersModel` (or any tfjs layers model with a single weights file).
 *
 * @example
 * const model = await loadLayersModel(modelValue.dir);
 */
export async function loadLayersModel(dir: string): Promise<tfTypes.LayersModel> {
  const { tf } = await getTf();
  let json: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: tfTypes.io.WeightsManifestEntry[] }[]; format?: string };
  try {
    json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${join(dir, MODEL_JSON)}: ${(err as Error).message}; is this a folder written by the Train node?`);
  }
  const manifest = json.weightsManifest ?? [];
  const buffers: Uint8Array[] = [];
  const specs: tfTypes.io.WeightsManifestEntry[] = [];
  for (const group of manifest) {
    for (const p of group.paths) buffers.push(await readFile(join(dir, p)));
    specs.push(...group.weights);
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    joined.set(b, offset);
    offset += b.byteLength;
  }
  return tf.loadLayersModel({
    load: async () => ({
      modelTopology: json.modelTopology as tfTypes.io.ModelArtifacts['modelTopology'],
      weightSpecs: specs,
      weightData: joined.buffer,
      format: json.format,
    }),
  });
}
