/**
 * Split: divide a table into train, test and (optionally) validation parts by ratio, shuffled
 * with a seed and optionally stratified. Data only; the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

/**
 * The Split node: outputs `train`, `test` and `validation` (empty when its share is 0).
 *
 * @example
 * { testRatio: 0.2, validationRatio: 0.1, shuffle: true, seed: 42, stratify: 'species' }
 */
export const splitDef = defineNode({
  type: 'split',
  typeVersion: 1,
  title: 'Split',
  stage: 'prepare',
  icon: 'scissors',
  description: 'Divide the rows into a training part and a test part (and a validation part if you want one). The same seed always gives the same split.',
  inputs: [{ name: 'input', kind: 'table', label: 'Data' }],
  outputs: [
    { name: 'train', kind: 'table', label: 'Train' },
    { name: 'test', kind: 'table', label: 'Test' },
    { name: 'validation', kind: 'table', label: 'Validation', description: 'Empty unless the validation share is above 0.' },
  ],
  summary: ['testRatio', 'validationRatio', 'stratify'],
  // A pure function of the params (def.ts stays data-only: it imports nothing but node-def), so the
  // inspector shows it while editing and validation refuses it before any run.
  rules: [
    {
      params: ['testRatio', 'validationRatio'],
      check: (p) => p.testRatio + p.validationRatio < 1,
      message: (p) =>
        `Test share (${p.testRatio}) and validation share (${p.validationRatio}) add up to ${Number((p.testRatio + p.validationRatio).toFixed(6))}; together they must stay below 1 so rows are left for training: lower one of them, e.g. test 0.2 and validation 0.1 leave 70% for training.`,
    },
  ],
  params: {
    testRatio: {
      kind: 'number',
      label: 'Test share',
      default: 0.2,
      min: 0.01,
      max: 0.99,
      step: 0.05,
      help: 'Part of the rows kept aside to test the model, e.g. 0.2 for 20%.',
    },
    validationRatio: {
      kind: 'number',
      label: 'Validation share',
      default: 0,
      min: 0,
      max: 0.98,
      step: 0.05,
      help: 'Part of the rows kept aside to tune the model while training; 0 for none. Test and validation together must stay below 1.',
    },
    shuffle: {
      kind: 'boolean',
      label: 'Shuffle rows',
      default: true,
      help: 'Off: the first rows go to training and the last rows to test, in file order (for data ordered in time).',
    },
    seed: {
      kind: 'integer',
      label: 'Seed',
      default: 42,
      min: 0,
      max: 2_147_483_647,
      showWhen: { shuffle: true },
      help: 'Any number; the same number gives exactly the same split every time.',
    },
    stratify: {
      kind: 'column',
      port: 'input',
      label: 'Keep class balance of',
      default: '',
      help: 'Optional. Pick the label column to give each part the same share of every class.',
    },
  },
});
