/**
 * Writes plain dense layers (`dense-network.ts`) as a TensorFlow.js layers model, `model.json` +
 * `weights.bin`, without loading TensorFlow.js: the same bytes tfjs's `model.save` gives for the
 * network `buildNetwork` builds from the same spec (`dense-network.test.ts` compares them), so
 * packages hash the same whichever path trained them, and tfjs reads them back.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { layerPlan, SOFTMAX_LAYER, type NetworkSpec } from './network.js';
import type { DenseLayer } from './onnx/onnx-export.js';
import { MODEL_JSON, WEIGHTS_BIN } from './tf-io.js';

const requireCjs = createRequire(import.meta.url);

/** The tfjs-layers version the files name (read from its package.json, which loads nothing else). */
function layersVersion(): string {
  return (requireCjs('@tensorflow/tfjs-layers/package.json') as { version: string }).version;
}

/** A Dense layer's config as tfjs-layers serialises it, keys in its order. */
function denseConfig(layer: DenseLayer, seed: number, first: boolean) {
  return {
    class_name: 'Dense',
    config: {
      units: layer.units,
      activation: layer.activation,
      use_bias: true,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: layer.name,
      trainable: true,
      ...(first ? { batch_input_shape: [null, layer.inputs], dtype: 'float32' } : {}),
    },
  };
}

/** `model.json`'s content for the layers of `spec` (names, seeds and activations from `layerPlan`). */
export function layersModelJson(spec: NetworkSpec, layers: readonly DenseLayer[]): object {
  const plan = layerPlan(spec);
  const version = layersVersion();
  const topology = layers.map((l, i) => denseConfig(l, plan[i].seed, i === 0)) as object[];
  if (spec.task === 'classification') topology.push({ class_name: 'Activation', config: { activation: 'softmax', name: SOFTMAX_LAYER, trainable: true } });
  return {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${version}`,
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'network', layers: topology },
      keras_version: `tfjs-layers ${version}`,
      backend: 'tensor_flow.js',
    },
    weightsManifest: [
      {
        paths: [WEIGHTS_BIN],
        weights: layers.flatMap((l) => [
          { name: `${l.name}/kernel`, shape: [l.inputs, l.units], dtype: 'float32' },
          { name: `${l.name}/bias`, shape: [l.units], dtype: 'float32' },
        ]),
      },
    ],
  };
}

/**
 * Writes `model.json` and `weights.bin` into `dir`, each atomically, weights first (as `saveLayersModel`).
 *
 * @example
 * await writeLayersModel(dir, spec, layers);
 */
export async function writeLayersModel(dir: string, spec: NetworkSpec, layers: readonly DenseLayer[]): Promise<void> {
  const parts = layers.flatMap((l) => [l.kernel, l.bias]);
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  await writeFileAtomic(join(dir, WEIGHTS_BIN), weights);
  await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(layersModelJson(spec, layers)));
}
