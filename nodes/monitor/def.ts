import { defineNode } from '../../engine/node-def.js';

/** Empty (an open end) or a date Date.parse reads. */
const isDate = (s: string) => !s.trim() || !Number.isNaN(Date.parse(s));

/**
 * Compares current data with the reference the model was trained on, column by column, with
 * Evidently's default tests, so its figures can be checked against Evidently's.
 */
export const monitorDef = defineNode({
  type: 'monitor',
  typeVersion: 1,
  title: 'Monitor drift',
  stage: 'monitor',
  icon: 'activity',
  description:
    "Measures drift between a reference (a table, or a model package's stored training statistics) and current data (a table, or an endpoint's prediction log over a time window): a test per column as Evidently chooses it, prediction drift, new categories, missing values, schema changes, and the model's metrics on the window when labels arrive. Writes an HTML drift report.",
  inputs: [
    { name: 'reference', kind: 'table', label: 'Reference table', optional: true, description: 'Usually the training table. Or connect a model package.' },
    {
      name: 'model',
      kind: 'model',
      label: 'Model package',
      optional: true,
      description: 'A registered model: its stored reference statistics stand in for the training table, and its metrics are the reference figures.',
    },
    { name: 'current', kind: 'table', label: 'Current table', optional: true, description: 'New data to compare. Or connect an endpoint.' },
    { name: 'endpoint', kind: 'endpoint', label: 'Endpoint', optional: true, description: 'A deployed model: its prediction log is the current data.' },
    {
      name: 'labels',
      kind: 'table',
      label: 'True labels',
      optional: true,
      description: 'request_id, row (optional, 0 for single-row requests) and the true label, joined to the prediction log.',
    },
  ],
  outputs: [
    { name: 'metrics', kind: 'metrics', label: 'Drift metrics' },
    { name: 'report', kind: 'report', label: 'Drift report' },
    { name: 'columns', kind: 'table', label: 'Drift per column' },
    { name: 'windows', kind: 'table', label: 'Drift per time window' },
    { name: 'current', kind: 'table', label: 'Current rows' },
  ],
  params: {
    window: {
      kind: 'select',
      label: 'Window of the prediction log',
      default: 'all',
      options: [
        { value: 'all', label: 'Everything logged' },
        { value: 'requests', label: 'The last N requests' },
        { value: 'hour', label: 'The last hour' },
        { value: 'day', label: 'The last day' },
        { value: 'range', label: 'A date range' },
      ],
      help: 'Used when an endpoint is connected.',
    },
    lastRequests: { kind: 'integer', label: 'Requests', default: 1000, min: 1, showWhen: { window: 'requests' } },
    from: { kind: 'text', label: 'From', default: '', placeholder: '2026-01-31T00:00:00Z', showWhen: { window: 'range' }, help: 'ISO date or time, included.' },
    to: {
      kind: 'text',
      label: 'To',
      default: '',
      placeholder: '2026-02-01T00:00:00Z',
      showWhen: { window: 'range' },
      help: 'ISO date or time, excluded; empty for no end.',
    },
    timeWindows: {
      kind: 'integer',
      label: 'Time windows for the drift chart',
      default: 6,
      min: 1,
      max: 100,
      help: 'The prediction log window is cut into this many equal spans; each column gets its drift score per span.',
    },
    driftShare: {
      kind: 'number',
      label: 'Dataset drift at this share of columns',
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.05,
      help: 'The dataset drifts when at least this share of the compared columns drifted (Evidently: 0.5).',
    },
    ignore: { kind: 'list', label: 'Columns to leave out', default: [], placeholder: 'e.g. id' },
    overrides: {
      kind: 'records',
      label: 'Per-column tests',
      itemLabel: 'Add column test',
      help: "Replace the default test or threshold of a column. Threshold 0 keeps the method's default (0.05 for p-values, 0.1 for distances).",
      fields: {
        column: { kind: 'text', label: 'Column', default: '' },
        method: {
          kind: 'select',
          label: 'Test',
          default: 'default',
          options: [
            { value: 'default', label: 'Default (as Evidently)' },
            { value: 'wasserstein', label: 'Wasserstein distance (normed)' },
            { value: 'jensenshannon', label: 'Jensen-Shannon distance' },
            { value: 'psi', label: 'PSI' },
            { value: 'ks', label: 'Kolmogorov-Smirnov p-value' },
            { value: 'chisquare', label: 'Chi-square p-value' },
            { value: 'z', label: 'Z-test p-value (two values)' },
          ],
        },
        threshold: { kind: 'number', label: 'Threshold', default: 0, min: 0 },
      },
      default: [],
    },
    chartColumn: {
      kind: 'text',
      label: 'Distribution chart of',
      default: '',
      placeholder: 'the most drifted column',
      help: 'Column whose reference and current distributions are charted.',
    },
    labelColumn: {
      kind: 'text',
      label: 'Label column',
      default: '',
      placeholder: "the model's target",
      help: 'Column of the labels table holding the true label.',
    },
    decayTolerance: {
      kind: 'number',
      label: 'Decay when accuracy falls by more than',
      default: 0.05,
      min: 0,
      help: 'With labels: performance_decay is 1 when accuracy (R2 for a regression) on the window is below the reference figure by more than this. A monitor-verdict trigger can retrain on it.',
    },
    title: { kind: 'text', label: 'Report title', default: 'Drift report', advanced: true },
  },
  rules: [
    {
      params: ['from', 'to'],
      check: (p) => p.window !== 'range' || (isDate(p.from) && isDate(p.to) && !(p.from.trim() && p.to.trim() && Date.parse(p.from) >= Date.parse(p.to))),
      message: (p) =>
        `The date range "${p.from}" to "${p.to}" is not two ISO dates with "From" before "To": write e.g. 2026-01-31 or 2026-01-31T12:00:00Z (leave one empty for an open end).`,
    },
  ],
  summary: ['window', 'driftShare'],
  // The prediction log grows between runs, and "the last hour" moves: a cached answer would be stale.
  neverCache: true,
});
