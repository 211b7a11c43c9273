/**
 * Builds the networks the Train node offers: logistic/linear regression (one dense layer) or a
 * multilayer perceptron. Classification models end in a separate softmax layer, so training can
 * use the logits below it for a numerically stable loss. Initialisers are seeded: same seed, same
 * starting weights.
 */
import type * as tfTypes from '@tensorflow/tfjs';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface NetworkSpec {
  kind: 'linear' | 'mlp';
  hidden: number[];
  activation: Activation;
  inputSize: number;
  /** Number of classes, or 1 for regression. */
  outputSize: number;
  task: 'classification' | 'regression';
  seed: number;
}

/** Name of the final softmax layer; training stops just below it. */
export const SOFTMAX_LAYER = 'softmax';

/** One dense layer as both builders make it: name, width, activation and its initialiser's seed. */
export interface LayerPlan {
  name: string;
  inputs: number;
  units: number;
  activation: Activation | 'linear';
  seed: number;
}

/** The dense layers of a spec, in order: the hidden layers, then the output layer (linear). */
export function layerPlan(spec: NetworkSpec): LayerPlan[] {
  const hidden = spec.kind === 'mlp' ? spec.hidden : [];
  const widths = [spec.inputSize, ...hidden, spec.outputSize];
  return widths.slice(1).map((units, i) => {
    const last = i === hidden.length;
    return {
      name: last ? 'output' : `hidden_${i + 1}`,
      inputs: widths[i],
      units,
      activation: last ? 'linear' : spec.activation,
      seed: spec.seed * 101 + (last ? 97 : i),
    };
  });
}

/**
 * @example
 * const model = buildNetwork(tf, { kind: 'mlp', hidden: [64, 64], activation: 'relu', inputSize: 104, outputSize: 2, task: 'classification', seed: 42 });
 */
export function buildNetwork(tf: typeof tfTypes, spec: NetworkSpec): tfTypes.Sequential {
  // A fixed name: tfjs would number it per process (sequential_1, _2...), and the saved model.json would differ between two identical trainings.
  const model = tf.sequential({ name: 'network' });
  layerPlan(spec).forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        name: layer.name,
        units: layer.units,
        activation: layer.activation as Activation | 'linear',
        kernelInitializer: tf.initializers.glorotUniform({ seed: layer.seed }),
        biasInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [spec.inputSize] } : {}),
      }),
    );
  });
  if (spec.task === 'classification') model.add(tf.layers.activation({ name: SOFTMAX_LAYER, activation: 'softmax' }));
  return model;
}

/** The dense layers' kernels and biases, in order, read from a built model (for ONNX export). */
export function denseWeights(
  model: tfTypes.LayersModel,
): { name: string; activation: string; kernel: Float32Array; bias: Float32Array; inputs: number; units: number }[] {
  return model.layers
    .filter((l) => l.getClassName() === 'Dense')
    .map((l) => {
      const [kernel, bias] = l.getWeights();
      const config = l.getConfig() as { activation?: string; units: number };
      return {
        name: l.name,
        activation: String(config.activation ?? 'linear'),
        kernel: kernel.dataSync() as Float32Array,
        bias: bias.dataSync() as Float32Array,
        inputs: kernel.shape[0],
        units: Number(kernel.shape[1] ?? config.units),
      };
    });
}
