import { defineNode } from '../../engine/node-def.js';
import { networkParams } from '../shared/training/network-params.js';

// Train shows class weights for classification tasks only; a head has no task param, so always.
const { showWhen: _onlyForClassification, ...classWeights } = networkParams.classWeights;

/**
 * Trains a small network on top of a premade model: one of its outputs (an embedding) is a frozen
 * feature extractor, other columns can sit beside it, and the result is one model exported to one
 * ONNX graph (the premade graph and the head composed).
 */
export const customHeadDef = defineNode({
  type: 'custom-head',
  typeVersion: 1,
  title: 'Custom head on a premade model',
  stage: 'premade',
  icon: 'layers',
  description:
    'Trains a TensorFlow.js head on one output of a premade model (for example its embedding), with other columns beside it encoded as the Train node does. Scoring runs the premade model then the head; both are exported as one ONNX graph, checked against the two-stage run.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Premade model', description: "The Premade model node's model output." },
    { name: 'train', kind: 'table', label: 'Training table' },
    { name: 'validation', kind: 'table', label: 'Validation table', optional: true, description: 'Used for validation loss and early stopping.' },
    { name: 'score', kind: 'table', label: 'Table to score', optional: true, description: 'Scored with the premade model and the head, as Score does.' },
  ],
  outputs: [
    { name: 'model', kind: 'model', label: 'Model', description: 'The premade model with its head, one ONNX graph.' },
    { name: 'history', kind: 'metrics', label: 'Training history' },
    {
      name: 'table',
      kind: 'table',
      label: 'Scored table',
      description: 'The "Table to score" (else the validation, else the training table) with predicted_<target> and probability_<class> columns.',
    },
  ],
  params: {
    featureOutput: {
      kind: 'text',
      label: 'Premade output to train on',
      default: 'embedding',
      required: true,
      help: "One of the premade model's outputs, float32 [batch, k]; its k values become the head's first inputs.",
    },
    target: { kind: 'column', port: 'train', label: 'Target column', default: '', required: true, help: 'The labels the head learns.' },
    extraFeatures: {
      kind: 'columns',
      port: 'train',
      label: 'Other columns',
      default: [],
      help: 'Columns beside the premade output (numbers are scaled, categories one-hot encoded, as Train does). Empty: the premade output alone.',
    },
    ...networkParams,
    classWeights,
  },
  summary: ['featureOutput', 'target', 'epochs'],
});
