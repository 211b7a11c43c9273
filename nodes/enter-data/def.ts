/**
 * Enter data: a small table typed or pasted in the window (a spreadsheet's tab-separated copy, or
 * CSV), kept inside the pipeline document. Data only; the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

/**
 * The Enter data node: no inputs, one `output` table whose columns have the types chosen in the editor.
 *
 * @example
 * { table: { columns: [{ name: 'text', type: 'text' }, { name: 'label', type: 'text' }], rows: [['great', 'pos'], ['awful', 'neg']] } }
 */
export const enterDataDef = defineNode({
  type: 'enter-data',
  typeVersion: 1,
  title: 'Enter data',
  stage: 'prepare',
  icon: 'table',
  description:
    'A small table you type or paste here (from a spreadsheet, or CSV), saved inside the pipeline: few-shot examples, expected answers, small lookup tables.',
  inputs: [],
  outputs: [{ name: 'output', kind: 'table', label: 'Table' }],
  summary: ['table'],
  params: {
    table: {
      kind: 'table',
      label: 'Table',
      default: { columns: [], rows: [] },
      help: 'Paste cells copied from a spreadsheet (tab-separated) or CSV, with a header row; column types are detected and can be changed. At most 1,000 rows and 50 columns: bigger data belongs in a file you import.',
    },
  },
});
