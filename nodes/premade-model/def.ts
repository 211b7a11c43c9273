import { defineNode } from '../../engine/node-def.js';

/**
 * Scores a table with an ONNX model someone else trained: the inspector shows the file's signature
 * as soon as it is picked; columns are mapped to the model's inputs; the outputs become Score's
 * columns, so Evaluate and Validate business goals work on it unchanged.
 */
export const premadeModelDef = defineNode({
  type: 'premade-model',
  typeVersion: 1,
  title: 'Premade model',
  stage: 'premade',
  icon: 'box',
  description:
    'Runs an ONNX model someone else trained on your table: maps columns to its inputs, and adds "predicted_<target>" and one "probability_<class>" column per class (or a predicted value, or whole outputs such as an embedding) like Score does. Rows with a missing value in a mapped column are set apart with the reason, or filled by the rule you choose.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table to score' }],
  outputs: [
    { name: 'table', kind: 'table', label: 'Scored table' },
    { name: 'model', kind: 'model', label: 'Model', description: 'The ONNX file with its column mapping and class names, for packaging.' },
    { name: 'unscored', kind: 'table', label: 'Unscored rows', description: 'Rows left unscored, with the reason in "unscored_reason".' },
  ],
  params: {
    model: {
      kind: 'file',
      label: 'Model file',
      default: '',
      extensions: ['onnx'],
      required: true,
      help: 'An .onnx file; its signature shows below once picked.',
    },
    target: {
      kind: 'column',
      port: 'table',
      label: 'True label column',
      default: '',
      help: 'The column holding the true answer (for Evaluate). The prediction is named "predicted_<this column>"; empty: the model\'s "target" metadata, else "prediction".',
    },
    mapping: {
      kind: 'records',
      label: 'Column mapping',
      itemLabel: 'Add mapping',
      default: [],
      help: "Leave empty to map automatically: a matrix input takes the model's feature_order, an input of one value takes the column of its name (case and -/_ ignored). A row here overrides one input.",
      fields: {
        input: { kind: 'text', label: 'Model input', default: '', required: true },
        // A list (ordered chips), not a column multi-select: a matrix input takes its columns in this order.
        columns: { kind: 'list', label: 'Columns, in order', default: [], placeholder: 'e.g. bill_length_mm' },
      },
    },
    labels: {
      kind: 'list',
      label: 'Class names',
      default: [],
      placeholder: 'From the model\'s "labels" metadata',
      help: 'In the order of the prediction output; empty: the model\'s "labels" metadata.',
    },
    task: {
      kind: 'select',
      label: 'Prediction',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Automatic (classes when class names are known, else a value)' },
        { value: 'classification', label: 'Class probabilities and predicted class' },
        { value: 'regression', label: 'A predicted value' },
        { value: 'none', label: 'None (keep outputs only)' },
      ],
    },
    scoreOutput: {
      kind: 'text',
      label: 'Prediction from output',
      default: '',
      placeholder: 'An output whose name has "prob", else the first',
      showWhen: { task: ['auto', 'classification', 'regression'] },
    },
    keepOutputs: {
      kind: 'list',
      label: 'Keep outputs',
      default: [],
      placeholder: 'e.g. embedding',
      help: 'Outputs added whole, as a list column named like the output.',
    },
    missing: {
      kind: 'select',
      label: 'Missing values',
      default: 'leave-unscored',
      options: [
        { value: 'leave-unscored', label: 'Leave the row unscored, with the reason' },
        { value: 'median', label: 'Fill with the column median' },
        { value: 'mean', label: 'Fill with the column mean' },
        { value: 'constant', label: 'Fill with a number' },
      ],
      help: 'Text columns are filled with their most frequent value.',
    },
    fillValue: { kind: 'number', label: 'Fill number', default: 0, showWhen: { missing: 'constant' } },
    batchSize: { kind: 'integer', label: 'Rows per batch', default: 8192, min: 1, max: 262144, advanced: true },
  },
  describesFile: 'model',
  summary: ['model', 'target'],
});
