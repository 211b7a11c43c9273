import type { ParamSpecs } from '../../../engine/node-def.js';

/**
 * The Train node's network and optimisation params (everything but target, features and task): the
 * Custom head node offers the same ones for its head.
 */
export const networkParams = {
  model: {
    kind: 'select',
    label: 'Model',
    default: 'mlp',
    options: [
      { value: 'linear', label: 'Logistic / linear regression' },
      { value: 'mlp', label: 'Multilayer perceptron' },
    ],
  },
  hiddenLayers: {
    kind: 'list',
    label: 'Hidden layer sizes',
    default: [64, 64],
    integerItems: { min: 1, max: 4096 },
    showWhen: { model: 'mlp' },
    help: 'Units per hidden layer, e.g. 64, 64.',
  },
  activation: {
    kind: 'select',
    label: 'Activation',
    default: 'relu',
    showWhen: { model: 'mlp' },
    options: [
      { value: 'relu', label: 'ReLU' },
      { value: 'tanh', label: 'tanh' },
      { value: 'sigmoid', label: 'Sigmoid' },
      { value: 'elu', label: 'ELU' },
    ],
  },
  dropout: { kind: 'number', label: 'Dropout', default: 0, min: 0, max: 0.9, step: 0.05, showWhen: { model: 'mlp' }, group: 'Regularisation' },
  l2: {
    kind: 'number',
    label: 'L2 penalty',
    default: 0,
    min: 0,
    max: 1,
    step: 0.0001,
    group: 'Regularisation',
    help: 'Added to the loss as l2 times the sum of squared weights.',
  },
  optimizer: {
    kind: 'select',
    label: 'Optimiser',
    default: 'adam',
    group: 'Optimisation',
    options: [
      { value: 'adam', label: 'Adam' },
      { value: 'sgd', label: 'SGD' },
      { value: 'rmsprop', label: 'RMSprop' },
    ],
  },
  learningRate: { kind: 'number', label: 'Learning rate', default: 0.001, min: 0.000001, max: 10, step: 0.0001, group: 'Optimisation' },
  epochs: { kind: 'integer', label: 'Epochs', default: 10, min: 1, max: 1000, group: 'Optimisation' },
  batchSize: { kind: 'integer', label: 'Batch size', default: 256, min: 1, max: 65536, group: 'Optimisation' },
  earlyStopping: {
    kind: 'boolean',
    label: 'Early stopping',
    default: true,
    group: 'Optimisation',
    help: 'Stops when the validation loss has not improved for "patience" epochs and keeps the best weights. Needs a validation table.',
  },
  patience: { kind: 'integer', label: 'Patience (epochs)', default: 3, min: 1, max: 100, showWhen: { earlyStopping: true }, group: 'Optimisation' },
  classWeights: {
    kind: 'select',
    label: 'Class weights',
    default: 'none',
    showWhen: { task: ['auto', 'classification'] },
    options: [
      { value: 'none', label: 'None' },
      { value: 'balanced', label: 'Balanced (rare classes weigh more)' },
    ],
    advanced: true,
  },
  seed: { kind: 'integer', label: 'Random seed', default: 42, min: 0, max: 2147483647, advanced: true, help: 'Same seed and data give the same model.' },
} as const satisfies ParamSpecs;
