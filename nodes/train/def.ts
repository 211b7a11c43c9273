import { defineNode } from '../../engine/node-def.js';
import { networkParams } from '../shared/training/network-params.js';

/** Trains a TensorFlow.js model (logistic/linear regression or an MLP) on a prepared table. */
export const trainDef = defineNode({
  type: 'train',
  typeVersion: 1,
  title: 'Train model',
  stage: 'train',
  icon: 'brain',
  description:
    'Trains logistic/linear regression or a multilayer perceptron with TensorFlow.js. Missing numbers are imputed, numbers scaled and categories one-hot encoded, all fitted on the training table and saved with the model; the model is also exported to ONNX.',
  inputs: [
    { name: 'train', kind: 'table', label: 'Training table' },
    { name: 'validation', kind: 'table', label: 'Validation table', optional: true, description: 'Used for validation loss and early stopping.' },
  ],
  outputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'history', kind: 'metrics', label: 'Training history' },
  ],
  params: {
    target: { kind: 'column', port: 'train', label: 'Target column', default: '', required: true, help: 'The column to predict.' },
    features: {
      kind: 'columns',
      port: 'train',
      label: 'Feature columns',
      default: [],
      exclude: 'target',
      help: 'Leave empty to use every column except the target.',
    },
    task: {
      kind: 'select',
      label: 'Task',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Detect from the target' },
        { value: 'classification', label: 'Classification' },
        { value: 'regression', label: 'Regression' },
      ],
      help: 'Auto: text, yes/no, or whole numbers with at most 20 distinct values are classes; other numbers are regression.',
    },
    ...networkParams,
  },
  summary: ['target', 'model', 'epochs'],
});
