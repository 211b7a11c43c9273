import { defineNode } from '../../engine/node-def.js';

/** Applies a trained (tfjs) or ONNX model to a table: predicted label and class probabilities, or the predicted value. */
export const scoreDef = defineNode({
  type: 'score',
  typeVersion: 1,
  title: 'Score table',
  stage: 'validate',
  icon: 'target',
  description:
    'Applies a model to every row of a table, with exactly the preprocessing fitted at training. Adds "predicted_<target>" and one "probability_<class>" column per class (classification), or the predicted value (regression). A model trained after Clean or Encode/scale steps repeats them on a raw table; a table already prepared by those same steps is scored as it is.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'table', kind: 'table', label: 'Table to score' },
  ],
  outputs: [{ name: 'table', kind: 'table', label: 'Scored table' }],
  params: {
    runtime: {
      kind: 'select',
      label: 'Runtime',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Automatic (ONNX Runtime; TensorFlow.js for a model without its ONNX export)' },
        { value: 'tfjs', label: 'TensorFlow.js' },
        { value: 'onnx', label: 'ONNX Runtime (the exported model.onnx)' },
      ],
    },
    batchSize: {
      kind: 'integer',
      label: 'Rows per batch',
      default: 8192,
      min: 256,
      max: 262144,
      advanced: true,
      help: 'Large batches are much faster than small ones.',
    },
  },
  summary: ['runtime'],
});
