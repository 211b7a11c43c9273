import { defineNode } from '../../engine/node-def.js';

/** Copies a validated model and its model card into a folder; blocked when the business-goal gate failed. */
export const packageModelDef = defineNode({
  type: 'package-model',
  typeVersion: 1,
  title: 'Package model',
  stage: 'package',
  icon: 'package',
  description: 'Copies the model files (tfjs model, its recipe, ONNX) and the model card into a folder. Runs only when the business-goal gate upstream passed.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'report', kind: 'report', label: 'Gate report', description: 'From Validate business goals.' },
  ],
  outputs: [{ name: 'report', kind: 'report', label: 'Packaged files' }],
  params: {
    folder: {
      kind: 'file',
      label: 'Output folder',
      default: 'model-package',
      mode: 'output',
      required: true,
      help: 'Created if missing; files already there with the same names are replaced.',
    },
  },
  requiresPassingGate: true,
  // It writes outside the workspace: a reused cache entry would not bring back a deleted folder.
  neverCache: true,
  summary: ['folder'],
});
