/**
 * Encode and scale: turn text categories into numbers (one-hot or ordinal) and put number columns
 * on a common scale (standard or min-max), learned on the input and saved for new data. Data only;
 * the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

/**
 * The Encode and scale node: category encoding and number scaling, each with its column list.
 *
 * @example
 * { target: 'income', encoding: 'one-hot', maxCategories: 20, scaling: 'standard' }
 */
export const encodeScaleDef = defineNode({
  type: 'encode-scale',
  typeVersion: 1,
  title: 'Encode and scale',
  stage: 'prepare',
  icon: 'sliders',
  description:
    'Turn text categories into number columns and bring number columns to a common scale, so a model can learn from them. What it learns here is saved and applied the same way to test data and to new data.',
  inputs: [
    { name: 'input', kind: 'table', label: 'Data' },
    {
      name: 'fitted',
      kind: 'table',
      label: 'Reuse fitted values',
      optional: true,
      description:
        'Optional. Connect the output of the Encode and scale node that ran on your training data: its categories, means and ranges are then applied here instead of being learned from this table.',
    },
  ],
  outputs: [{ name: 'output', kind: 'table', label: 'Encoded data' }],
  summary: ['encoding', 'scaling', 'target'],
  params: {
    target: {
      kind: 'column',
      port: 'input',
      label: 'Column to predict',
      default: '',
      help: 'Optional. This column is left exactly as it is.',
    },
    encoding: {
      kind: 'select',
      label: 'Text categories',
      default: 'one-hot',
      options: [
        { value: 'one-hot', label: 'One column per category (one-hot)' },
        { value: 'ordinal', label: 'One number per category (ordinal)' },
        { value: 'none', label: 'Leave as they are' },
      ],
      help: 'One-hot suits most models. Ordinal numbers categories in alphabetical order from 0; a value not seen while learning gets -1.',
    },
    categorical: {
      kind: 'columns',
      port: 'input',
      label: 'Category columns',
      default: [],
      showWhen: { encoding: ['one-hot', 'ordinal'] },
      help: 'Leave empty to use every text column except the column to predict.',
    },
    maxCategories: {
      kind: 'integer',
      label: 'Most columns per category column',
      default: 20,
      min: 2,
      max: 1000,
      showWhen: { encoding: 'one-hot' },
      help: 'A column with more categories keeps the most frequent ones; the rare ones share a single "(other)" column.',
    },
    scaling: {
      kind: 'select',
      label: 'Number columns',
      default: 'standard',
      options: [
        { value: 'standard', label: 'Standardise (mean 0, spread 1)' },
        { value: 'min-max', label: 'Squeeze into 0 to 1 (min-max)' },
        { value: 'none', label: 'Leave as they are' },
      ],
    },
    numeric: {
      kind: 'columns',
      port: 'input',
      label: 'Number columns to scale',
      default: [],
      showWhen: { scaling: ['standard', 'min-max'] },
      help: 'Leave empty to use every number column except the column to predict.',
    },
  },
});
