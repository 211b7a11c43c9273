import { defineNode } from '../../engine/node-def.js';

/** Registers a validated model as a new version in the model registry; blocked when the business-goal gate failed. */
export const packageModelDef = defineNode({
  type: 'package-model',
  typeVersion: 3,
  title: 'Package model',
  stage: 'package',
  icon: 'package',
  description:
    'Writes a model package (ONNX, tfjs, recipe, lineage, metrics, model card, reference statistics, manifest with sha256) as the next version of a model in the registry folder. Runs only when the business-goal gate upstream passed.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'report', kind: 'report', label: 'Gate report', description: 'From Validate business goals.' },
    { name: 'metrics', kind: 'metrics', label: 'Metrics', optional: true, description: 'From Evaluate: saved in the package beside the gate outcome.' },
  ],
  outputs: [{ name: 'report', kind: 'report', label: 'Registered version' }],
  params: {
    folder: {
      kind: 'file',
      label: 'Registry folder',
      default: '',
      mode: 'output',
      help: 'Empty: the workspace registry (<workspace>/models), which the Models panel, Registered model and `lifecycle-studio models` read. Another folder makes another registry. Each package goes to <registry>/<name>/<version>/, versions 1, 2, 3... never overwritten.',
    },
    name: {
      kind: 'text',
      label: 'Model name',
      default: 'model',
      help: 'Letters, digits, ".", "_" or "-". A new version of this model is registered on each run.',
    },
  },
  requiresPassingGate: true,
  // It registers a new version: a reused cache entry would register nothing.
  neverCache: true,
  summary: ['name', 'folder'],
  migrateParams: (from, params) => {
    // Version 1 copied files straight into `folder`; its folder becomes the registry, the name "model".
    if (from === 1) return { name: 'model', ...params };
    // Version 2 defaulted to `models` beside the pipeline only because a node could not see the
    // workspace: that default (absent or "models") now means the workspace registry; any other folder is the user's and stays.
    if (from === 2) return { ...params, folder: params.folder === undefined || params.folder === 'models' ? '' : params.folder };
    return params;
  },
});
