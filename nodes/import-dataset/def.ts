/**
 * Import dataset: reads a CSV/TSV (optionally gzipped), JSON Lines or Parquet file into a table.
 * Detection is automatic; every guess has an override. Data only; the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

/** Column types a user may force on a column, named as DuckDB names them. */
export const OVERRIDE_TYPES = ['VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP'] as const;

export const importDatasetDef = defineNode({
  type: 'import-dataset',
  typeVersion: 1,
  title: 'Import dataset',
  stage: 'prepare',
  icon: 'file-import',
  description:
    'Read a data file (CSV, TSV, JSON Lines or Parquet, also .gz) into a table. Separators, header, quoting, types and encoding are detected for you; lines that cannot be read are kept in a separate rejects table.',
  inputs: [],
  outputs: [
    { name: 'table', kind: 'table', label: 'Data' },
    {
      name: 'rejects',
      kind: 'table',
      label: 'Rejected lines',
      description: 'Lines of the file that could not be read, with their line number, the problem and the raw text. Empty when every line was read.',
    },
  ],
  summary: ['path'],
  params: {
    path: {
      kind: 'file',
      label: 'File',
      default: '',
      required: true,
      extensions: ['csv', 'tsv', 'txt', 'gz', 'jsonl', 'ndjson', 'parquet'],
      help: "The data file to read. A file in the pipeline's folder (or below it) is stored relative to the pipeline, so the folder can be shared with its data. A file elsewhere is stored as its full path: a relative path climbing out of the folder would break once the folder is copied or shared. To share the pipeline, put its data in its folder.",
    },
    format: {
      kind: 'select',
      label: 'Format',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Detect from the file' },
        { value: 'csv', label: 'CSV / TSV / text table' },
        { value: 'jsonl', label: 'JSON Lines (one object per line)' },
        { value: 'parquet', label: 'Parquet' },
      ],
      help: 'Usually detected from the file name and its first bytes. Choose one if the file has an unusual name.',
    },
    reading: {
      kind: 'select',
      label: 'Rows',
      default: 'lines',
      options: [
        { value: 'lines', label: 'One row per line' },
        { value: 'prediction-rows', label: 'Prediction log: one row per scored row' },
      ],
      showWhen: { format: ['auto', 'jsonl'] },
      help: "For the model server's prediction log (predictions.jsonl): one row per row it scored, with time, request_id, model, version, the input columns, the prediction and each class probability.",
    },
    header: {
      kind: 'select',
      label: 'First line holds column names',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Detect' },
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No, the first line is data' },
      ],
      showWhen: { format: ['auto', 'csv'] },
      help: 'Detection compares the first line with the rest. Say "No" for files such as adult.data that start with data.',
    },
    columnNames: {
      kind: 'list',
      label: 'Column names',
      default: [],
      placeholder: 'age, workclass, ...',
      showWhen: { format: ['auto', 'csv'] },
      help: 'Names for the columns, in file order, for a file without a header line (or to replace its header). Leave empty to keep the names from the file (or column0, column1, ...). Give exactly one name per column.',
    },
    missingMarkers: {
      kind: 'list',
      label: 'Missing-value markers',
      default: ['', 'NA', 'N/A', 'null', '?'],
      help: 'Cell values that mean "no value" and become empty (missing) cells. The adult data uses "?".',
    },
    trimSpaces: {
      kind: 'boolean',
      label: 'Trim spaces around values',
      default: true,
      showWhen: { format: ['auto', 'csv'] },
      help: 'Removes spaces before and after each text value, for files written with ", " between values (such as adult.data).',
    },
    delimiter: {
      kind: 'select',
      label: 'Separator',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Detect' },
        { value: ',', label: 'Comma ,' },
        { value: ';', label: 'Semicolon ;' },
        { value: 'tab', label: 'Tab' },
        { value: '|', label: 'Pipe |' },
        { value: 'space', label: 'Space' },
      ],
      showWhen: { format: ['auto', 'csv'] },
      group: 'File layout',
      advanced: true,
      help: 'The character between values on a line.',
    },
    quote: {
      kind: 'text',
      label: 'Quote character',
      default: 'auto',
      placeholder: 'auto',
      showWhen: { format: ['auto', 'csv'] },
      group: 'File layout',
      advanced: true,
      help: 'The character around values that contain the separator, usually ". Write "auto" to detect it.',
    },
    encoding: {
      kind: 'select',
      label: 'Text encoding',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Detect' },
        { value: 'utf-8', label: 'UTF-8' },
        { value: 'latin-1', label: 'Latin-1 (ISO-8859-1, older Windows/Excel exports)' },
        { value: 'utf-16', label: 'UTF-16' },
      ],
      showWhen: { format: ['auto', 'csv'] },
      group: 'File layout',
      advanced: true,
      help: 'Detection reads the start of the file: a UTF-16 byte-order mark, else UTF-8 when it decodes cleanly, else Latin-1.',
    },
    sampleSize: {
      kind: 'integer',
      label: 'Rows sampled for detection',
      default: 20480,
      min: 0,
      showWhen: { format: ['auto', 'csv'] },
      group: 'File layout',
      advanced: true,
      help: 'How many lines are read to detect the layout and column types. 0 reads the whole file (slower, but a rare value far down the file cannot surprise the detection).',
    },
    columnTypes: {
      kind: 'records',
      label: 'Column type overrides',
      itemLabel: 'Add override',
      default: [],
      group: 'Column types',
      advanced: true,
      help: 'Force a column to a type instead of the detected one. Lines whose value does not fit go to the rejects table.',
      fields: {
        column: { kind: 'text', label: 'Column', default: '', required: true, help: 'The column name, as it appears after import.' },
        type: {
          kind: 'select',
          label: 'Type',
          default: 'VARCHAR',
          options: [
            { value: 'VARCHAR', label: 'Text' },
            { value: 'BIGINT', label: 'Whole number' },
            { value: 'DOUBLE', label: 'Decimal number' },
            { value: 'BOOLEAN', label: 'True/false' },
            { value: 'DATE', label: 'Date' },
            { value: 'TIMESTAMP', label: 'Date and time' },
          ],
        },
      },
    },
  },
});
