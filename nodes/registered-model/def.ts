import { defineNode } from '../../engine/node-def.js';

const STAGE_REF = /^(production|staging|latest|[1-9][0-9]{0,8})$/i;

/** A model from the model registry by name and stage: score with the production model, or compare against it. */
export const registeredModelDef = defineNode({
  type: 'registered-model',
  typeVersion: 1,
  title: 'Registered model',
  stage: 'package',
  icon: 'package',
  description:
    'Outputs a model from the model registry by name and stage (production, staging, latest or a version number), for Score, Evaluate and Deploy. Rerun whenever the registry names another version.',
  inputs: [],
  outputs: [{ name: 'model', kind: 'model', label: 'Model' }],
  params: {
    name: { kind: 'text', label: 'Model name', default: '', required: true, help: 'As the Package model node registered it (`lifecycle-studio models list`).' },
    stage: {
      kind: 'text',
      label: 'Stage or version',
      default: 'production',
      required: true,
      placeholder: 'production, staging, latest or 3',
      help: 'production or staging: the version at that stage now; latest: the highest version; a number: that version.',
    },
    registry: {
      kind: 'file',
      label: 'Registry folder',
      default: '',
      mode: 'input',
      advanced: true,
      help: 'Empty: the workspace registry (<workspace>/models). Another folder: a registry a Package model node wrote there.',
    },
  },
  rules: [
    {
      params: ['stage'],
      check: (v) => STAGE_REF.test(v.stage.trim()),
      message: (v) => `"${v.stage}" is not a stage or version: use production, staging, latest or a version number such as 3.`,
    },
  ],
  summary: ['name', 'stage'],
});
