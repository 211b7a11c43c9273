/**
 * A trained network as the Train and Custom head nodes export it, whichever path trained it: a
 * TensorFlow.js model (`tfjsNetwork`), or plain dense layers trained in the wasm module without
 * TensorFlow.js (`denseNetwork`). Both save the same TensorFlow.js layers files.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { denseLogits, softmaxRows } from './dense-network.js';
import { writeLayersModel } from './layers-json.js';
import { denseWeights, SOFTMAX_LAYER, type NetworkSpec } from './network.js';
import type { DenseLayer } from './onnx/onnx-export.js';
import { predictRows, toTargetUnits } from './predict.js';
import type { FittedEncoding } from './preprocessing.js';
import { saveLayersModel } from './tf-io.js';

export interface TrainedNetwork {
  /** What computes `predict`, for messages: "the tfjs model", or "the trained weights" for plain layers. */
  readonly reference: string;
  /** The dense layers' weights, in order (the ONNX export). */
  dense(): DenseLayer[];
  /** "name (Class units)" per layer, as the training summary lists them. */
  describeLayers(): string[];
  countParams(): number;
  /** Outputs for scaled rows: class probabilities, or the regression value in the target's units. */
  predict(spec: FittedEncoding, x: Float32Array, rows: number): Promise<{ outputs: Float32Array; width: number }>;
  /** Writes `model.json` + `weights.bin` (TensorFlow.js layers format) into `dir`. */
  save(dir: string): Promise<void>;
  dispose(): void;
}

/** A TensorFlow.js model; `dispose` disposes it. */
export function tfjsNetwork(model: tfTypes.LayersModel): TrainedNetwork {
  return {
    reference: 'the tfjs model',
    dense: () => denseWeights(model),
    describeLayers: () =>
      model.layers.map((l) => `${l.name} (${l.getClassName()}${'units' in l ? ` ${String((l as unknown as { units: number }).units)}` : ''})`),
    countParams: () => model.countParams(),
    predict: (spec, x, rows) => predictRows(model, spec, x, rows),
    save: (dir) => saveLayersModel(model, dir),
    dispose: () => model.dispose(),
  };
}

/**
 * Plain dense layers of `spec` (`initialLayers`, trained by `fitModel`), with the same summary,
 * outputs and files as the tfjs model of the same spec and weights.
 */
export function denseNetwork(spec: NetworkSpec, layers: DenseLayer[]): TrainedNetwork {
  return {
    reference: 'the trained weights',
    dense: () => layers,
    describeLayers: () => [...layers.map((l) => `${l.name} (Dense ${l.units})`), ...(spec.task === 'classification' ? [`${SOFTMAX_LAYER} (Activation)`] : [])],
    countParams: () => layers.reduce((n, l) => n + l.kernel.length + l.bias.length, 0),
    predict: async (encoding, x, rows) => {
      const width = layers[layers.length - 1].units;
      const out = denseLogits(layers, x, rows);
      return { outputs: encoding.target.task === 'classification' ? softmaxRows(out, width) : toTargetUnits(encoding, out), width };
    },
    save: (dir) => writeLayersModel(dir, spec, layers),
    dispose: () => undefined,
  };
}
