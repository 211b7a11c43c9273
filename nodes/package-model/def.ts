import { defineNode } from '../../engine/node-def.js';

/**
 * Registers a validated model as a new version in the model registry, optionally at a stage; on a
 * failed business-goal gate it is blocked, or registers the challenger as archived with the reason.
 */
export const packageModelDef = defineNode({
  type: 'package-model',
  typeVersion: 3,
  title: 'Package model',
  stage: 'package',
  icon: 'package',
  description:
    'Writes a model package (ONNX, tfjs, recipe, lineage, metrics, model card, reference statistics, manifest with sha256) as the next version of a model in the registry folder, at the stage chosen. When the business-goal gate upstream failed it refuses, or registers the model as archived with the failed rules as the reason.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'report', kind: 'report', label: 'Gate report', description: 'From Validate business goals.' },
    { name: 'metrics', kind: 'metrics', label: 'Metrics', optional: true, description: 'From Evaluate: saved in the package beside the gate outcome.' },
  ],
  outputs: [
    { name: 'report', kind: 'report', label: 'Registered version' },
    { name: 'model', kind: 'model', label: 'Registered model', description: 'The registered version, naming its stage: Deploy refuses an archived one.' },
  ],
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
    stage: {
      kind: 'select',
      label: 'Stage on registration',
      default: 'none',
      options: [
        { value: 'none', label: 'None' },
        { value: 'staging', label: 'Staging' },
        { value: 'production', label: 'Production (archives the previous production version)' },
      ],
      help: 'The stage the new version gets when the gate passed. Production: Registered model "production" and the Models panel name it from now on.',
    },
    variant: {
      kind: 'text',
      label: 'Prompt variant',
      default: '',
      placeholder: 'best by Evaluate, else the first',
      help: "For a Prompt node's output: the variant to package. Empty: the one Evaluate ranks best (its metrics wired), else the first.",
    },
    onFailedGate: {
      kind: 'select',
      label: 'When the gate failed',
      default: 'refuse',
      options: [
        { value: 'refuse', label: 'Refuse (register nothing)' },
        { value: 'archive', label: 'Register as archived, with the reason' },
      ],
      help: 'Register as archived: a challenger that did not beat the champion is kept, archived, its failed rules shown as the reason; it is never promoted, and Deploy below stays blocked.',
    },
  },
  // Registering a refused challenger as archived records the refusal, so the node then runs on a failed gate.
  requiresPassingGate: (params) => params.onFailedGate !== 'archive',
  // It registers a new version: a reused cache entry would register nothing.
  neverCache: true,
  summary: ['name', 'stage', 'folder'],
  migrateParams: (from, params) => {
    // Version 1 copied files straight into `folder`; its folder becomes the registry, the name "model".
    if (from === 1) return { name: 'model', ...params };
    // Version 2 defaulted to `models` beside the pipeline only because a node could not see the
    // workspace: that default (absent or "models") now means the workspace registry; any other folder is the user's and stays.
    if (from === 2) return { ...params, folder: params.folder === undefined || params.folder === 'models' ? '' : params.folder };
    return params;
  },
});
