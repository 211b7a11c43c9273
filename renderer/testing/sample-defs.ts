/**
 * Small node definitions for the window's unit and component tests: they cover every param kind
 * and port kind without depending on which real nodes are registered yet.
 */
import { defineNode, type NodeDef } from '../../engine/node-def.js';

export const importDef = defineNode({
  type: 'test-import',
  typeVersion: 1,
  title: 'Import CSV',
  stage: 'prepare',
  icon: 'file-input',
  description: 'Reads a CSV file.',
  inputs: [],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {
    path: { kind: 'file', label: 'File', default: '', extensions: ['csv'], required: true },
    delimiter: {
      kind: 'select',
      label: 'Delimiter',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Detect' },
        { value: ',', label: 'Comma' },
      ],
    },
    header: { kind: 'boolean', label: 'First row is a header', default: true },
    names: { kind: 'list', label: 'Column names', default: [], showWhen: { header: false } },
  },
  summary: ['path'],
});

export const trainDef = defineNode({
  type: 'test-train',
  typeVersion: 1,
  title: 'Train model',
  stage: 'train',
  icon: 'brain',
  description: 'Fits a model.',
  inputs: [{ name: 'train', kind: 'table', label: 'Training table' }],
  outputs: [{ name: 'model', kind: 'model', label: 'Model' }],
  params: {
    target: { kind: 'column', label: 'Target column', port: 'train', default: '', required: true },
    features: { kind: 'columns', label: 'Features', port: 'train', default: [] },
    epochs: { kind: 'integer', label: 'Epochs', default: 20, min: 1, max: 500, help: 'Passes over the training data.' },
    rate: { kind: 'number', label: 'Learning rate', default: 0.01, min: 0, max: 1, step: 0.001 },
    sql: { kind: 'text', label: 'Filter SQL', default: '', multiline: true, language: 'sql' },
    apiKey: { kind: 'secret', label: 'API key name', default: '' },
    steps: {
      kind: 'records',
      label: 'Steps',
      itemLabel: 'Add step',
      fields: {
        op: {
          kind: 'select',
          label: 'Operation',
          default: 'drop',
          options: [
            { value: 'drop', label: 'Drop' },
            { value: 'fill', label: 'Fill' },
          ],
        },
        value: { kind: 'text', label: 'Fill value', default: '', showWhen: { op: 'fill' } },
      },
      default: [],
    },
  },
  summary: ['target', 'epochs'],
});

export const evaluateDef = defineNode({
  type: 'test-evaluate',
  typeVersion: 1,
  title: 'Evaluate',
  stage: 'validate',
  icon: 'gauge',
  description: 'Scores a model on a table.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'test', kind: 'table', label: 'Test table' },
  ],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {},
});

export const testDefs: readonly NodeDef[] = [importDef, trainDef, evaluateDef];
