/**
 * Labels: joins the labels given by hand in the labelling view (a label set kept in the workspace,
 * keyed by row content) onto a table. Data only; the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

/**
 * The Labels node: input `input`, output `output` (the input's rows with the label column).
 *
 * @example
 * { labelSet: 'reviews', column: 'label', unlabelled: 'drop' }
 */
export const labelsDef = defineNode({
  type: 'labels',
  typeVersion: 1,
  title: 'Labels',
  stage: 'prepare',
  icon: 'list-checks',
  description:
    'Adds the labels you gave rows by hand (Label tab of a table output) as a column. Labels follow the rows by their content, so they survive a re-run upstream.',
  inputs: [{ name: 'input', kind: 'table', label: 'Data' }],
  outputs: [{ name: 'output', kind: 'table', label: 'Labelled' }],
  summary: ['labelSet', 'unlabelled'],
  params: {
    labelSet: {
      kind: 'text',
      label: 'Label set',
      default: 'labels',
      required: true,
      help: 'The name of the label set, as chosen in the labelling view (letters, digits, - and _).',
    },
    column: {
      kind: 'text',
      label: 'Label column',
      default: 'label',
      required: true,
      help: 'The column the labels go in. When the input already has it, a label given by hand replaces its value.',
    },
    unlabelled: {
      kind: 'select',
      label: 'Rows without a label',
      default: 'keep',
      options: [
        { value: 'keep', label: 'Keep them (label empty)' },
        { value: 'drop', label: 'Leave them out' },
      ],
    },
  },
  rules: [
    {
      params: ['labelSet'],
      check: (v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v.labelSet),
      message: (v) => `"${v.labelSet}" is not a label set name: use letters, digits, "-" and "_" (up to 64), starting with a letter or digit.`,
    },
  ],
});
