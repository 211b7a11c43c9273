/**
 * Clean: an ordered list of tidy-up steps (columns, types, filters, missing values, duplicates,
 * replacements, text case), applied top to bottom. Data only; the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

type Op = 'select-columns' | 'drop-columns' | 'rename' | 'change-type' | 'filter' | 'missing' | 'dedupe' | 'replace' | 'text';
const when = (...ops: Op[]) => ({ op: ops });

/** Filter operators that compare against a typed value (the others need no value). */
export const VALUE_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'contains', 'starts-with', 'in-list'] as const;

/**
 * The Clean node: one `steps` records param, each row an `op` plus the fields `showWhen` reveals.
 *
 * @example
 * { op: 'replace', columns: ['income'], matchMode: 'regex', find: '\\.$', replacement: '' }
 */
export const cleanDef = defineNode({
  type: 'clean',
  typeVersion: 2,
  title: 'Clean',
  stage: 'prepare',
  icon: 'broom',
  description: 'Tidy a table step by step: pick columns, fix types, keep the rows you want, fill in or drop missing values, remove duplicates and fix labels.',
  inputs: [
    { name: 'input', kind: 'table', label: 'Data' },
    {
      name: 'fitted',
      kind: 'table',
      label: 'Reuse fitted values',
      optional: true,
      description:
        'Optional. Connect the output of the Clean node that ran on your training data: missing values are then filled with the values learned there (for example the training mean) instead of values computed on this table.',
    },
  ],
  outputs: [{ name: 'output', kind: 'table', label: 'Cleaned data' }],
  summary: ['steps'],
  params: {
    steps: {
      kind: 'records',
      label: 'Steps',
      itemLabel: 'Add step',
      help: 'Steps run from top to bottom; each one sees the table as the steps above left it.',
      default: [],
      fields: {
        op: {
          kind: 'select',
          label: 'Step',
          default: 'missing',
          options: [
            { value: 'select-columns', label: 'Keep only some columns' },
            { value: 'drop-columns', label: 'Remove columns' },
            { value: 'rename', label: 'Rename a column' },
            { value: 'change-type', label: 'Change column type' },
            { value: 'filter', label: 'Keep rows that match a condition' },
            { value: 'missing', label: 'Handle missing values' },
            { value: 'dedupe', label: 'Remove duplicate rows' },
            { value: 'replace', label: 'Replace values' },
            { value: 'text', label: 'Tidy text (trim spaces, change case)' },
          ],
        },
        columns: {
          kind: 'columns',
          port: 'input',
          label: 'Columns',
          default: [],
          help: 'Missing values, duplicates, replace and tidy text: leave empty to use every column they fit (every text column for replace and tidy text; for duplicates, rows must match in every column).',
          showWhen: when('select-columns', 'drop-columns', 'change-type', 'missing', 'dedupe', 'replace', 'text'),
        },
        column: { kind: 'column', port: 'input', label: 'Column', default: '', showWhen: when('rename', 'filter') },
        newName: { kind: 'text', label: 'New name', default: '', showWhen: when('rename') },
        type: {
          kind: 'select',
          label: 'New type',
          default: 'DOUBLE',
          showWhen: when('change-type'),
          options: [
            { value: 'DOUBLE', label: 'Number (with decimals)' },
            { value: 'BIGINT', label: 'Whole number' },
            { value: 'VARCHAR', label: 'Text' },
            { value: 'BOOLEAN', label: 'Yes / no' },
            { value: 'DATE', label: 'Date' },
            { value: 'TIMESTAMP', label: 'Date and time' },
          ],
        },
        onFailure: {
          kind: 'select',
          label: 'Values that do not convert',
          default: 'missing',
          showWhen: when('change-type'),
          help: 'Either way the node reports how many values did not convert, with examples.',
          options: [
            { value: 'missing', label: 'Make them missing' },
            { value: 'fail', label: 'Stop with an error' },
          ],
        },
        operator: {
          kind: 'select',
          label: 'Condition',
          default: '=',
          showWhen: when('filter'),
          help: 'Missing values never match a comparison, except "is not equal to" and "is missing".',
          options: [
            { value: '=', label: 'is equal to' },
            { value: '!=', label: 'is not equal to' },
            { value: '>', label: 'is greater than' },
            { value: '>=', label: 'is at least' },
            { value: '<', label: 'is less than' },
            { value: '<=', label: 'is at most' },
            { value: 'contains', label: 'contains the text' },
            { value: 'starts-with', label: 'starts with the text' },
            { value: 'is-missing', label: 'is missing' },
            { value: 'is-not-missing', label: 'is not missing' },
            { value: 'in-list', label: 'is one of (comma-separated)' },
          ],
        },
        value: {
          kind: 'text',
          label: 'Value',
          default: '',
          placeholder: 'e.g. 40, or Adelie, Gentoo for "is one of"',
          showWhen: { op: 'filter', operator: [...VALUE_OPERATORS] },
        },
        join: {
          kind: 'select',
          label: 'Together with the filter step above',
          default: 'and',
          showWhen: when('filter'),
          help: 'Filter steps placed one after another form one filter. "and" means both must match; "or" starts an alternative: a row is kept when it matches all conditions of at least one alternative.',
          options: [
            { value: 'and', label: 'and (all must match)' },
            { value: 'or', label: 'or (either may match)' },
          ],
        },
        missingAction: {
          kind: 'select',
          label: 'What to do',
          // Filling removes no rows; "drop" on every column of a wide survey kept none (a newcomer's first step).
          default: 'most-frequent',
          showWhen: when('missing'),
          help: 'Mean and median apply to number columns and turn whole numbers into decimals. Filled-in values are saved so test data can be filled the same way.',
          options: [
            { value: 'drop', label: 'Drop rows with a missing value' },
            { value: 'mean', label: 'Fill with the mean (average)' },
            { value: 'median', label: 'Fill with the median (middle value)' },
            { value: 'most-frequent', label: 'Fill with the most frequent value' },
            { value: 'constant', label: 'Fill with a fixed value' },
          ],
        },
        fillValue: { kind: 'text', label: 'Fixed value', default: '', showWhen: { op: 'missing', missingAction: 'constant' } },
        matchMode: {
          kind: 'select',
          label: 'Match',
          default: 'exact',
          showWhen: when('replace'),
          help: 'A pattern (regular expression) changes part of a text: \\.$ with nothing removes a trailing dot.',
          options: [
            { value: 'exact', label: 'Whole value equals' },
            { value: 'regex', label: 'Text pattern (regular expression)' },
          ],
        },
        find: { kind: 'text', label: 'Find', default: '', showWhen: when('replace') },
        replacement: { kind: 'text', label: 'Replace with', default: '', showWhen: when('replace') },
        toMissing: {
          kind: 'boolean',
          label: 'Replace with a missing value instead',
          default: false,
          showWhen: { op: 'replace', matchMode: 'exact' },
        },
        textAction: {
          kind: 'select',
          label: 'Change',
          default: 'trim',
          showWhen: when('text'),
          options: [
            { value: 'trim', label: 'Trim spaces at both ends' },
            { value: 'lower', label: 'lower case' },
            { value: 'upper', label: 'UPPER CASE' },
          ],
        },
      },
    },
  },
  migrateParams: (from, params) => {
    // Version 1 dropped rows by default: a missing-values step saved without its action keeps doing that.
    if (from !== 1 || !Array.isArray(params.steps)) return params;
    const steps = (params.steps as Record<string, unknown>[]).map((s) =>
      (s.op ?? 'missing') === 'missing' && s.missingAction === undefined ? { ...s, missingAction: 'drop' } : s,
    );
    return { ...params, steps };
  },
});
