import { defineNode } from '../../engine/node-def.js';

/**
 * Explains a model on a table: which raw columns its score depends on (permutation importance),
 * how the score moves with a column (partial dependence and ICE lines), and why one row got its
 * score (integrated gradients for our networks, KernelSHAP for premade models and custom heads).
 */
export const explainDef = defineNode({
  type: 'explain',
  typeVersion: 1,
  title: 'Explain model',
  stage: 'validate',
  icon: 'gauge',
  description:
    'Explains any model the app can score on a table holding the true target: permutation importance of each raw column on the model\'s own metric (repeated, with its spread), partial dependence with ICE lines for the columns you pick, and per-row attributions that add up to the row\'s score (integrated gradients for trained networks, KernelSHAP otherwise). Its metrics include "max_importance_share" for a business-goal rule.',
  inputs: [
    { name: 'model', kind: 'model', label: 'Model' },
    { name: 'table', kind: 'table', label: 'Table to explain on', description: 'Raw rows with the true target, e.g. the test split.' },
  ],
  outputs: [
    { name: 'metrics', kind: 'metrics', label: 'Explanation', description: 'Importance per column, max_importance_share, and the charts.' },
    { name: 'importance', kind: 'table', label: 'Importance' },
    { name: 'dependence', kind: 'table', label: 'Dependence (PD and ICE)' },
    { name: 'attributions', kind: 'table', label: 'Per-row attributions' },
  ],
  params: {
    metric: {
      kind: 'select',
      label: 'Metric',
      default: 'auto',
      options: [
        { value: 'auto', label: "The model's own (accuracy for classes, R2 for values)" },
        { value: 'accuracy', label: 'Accuracy' },
        { value: 'r2', label: 'R2' },
        { value: 'rmse', label: 'RMSE' },
      ],
    },
    repeats: { kind: 'integer', label: 'Shuffles per column', default: 5, min: 1, max: 100, help: 'The spread (std) is taken over these.' },
    seed: { kind: 'integer', label: 'Seed', default: 42, min: 0, max: 2147483647, help: 'The same seed gives the same shuffles and samples.' },
    maxRows: {
      kind: 'integer',
      label: 'Rows used',
      default: 5000,
      min: 10,
      max: 1000000,
      advanced: true,
      help: 'The first rows of the table with a target (in table order); each shuffle scores them all.',
    },
    dependenceColumns: {
      kind: 'columns',
      port: 'table',
      label: 'Dependence plots for',
      default: [],
      help: 'Empty: the two most important columns.',
    },
    gridPoints: {
      kind: 'integer',
      label: 'Grid points',
      default: 10,
      min: 2,
      max: 50,
      advanced: true,
      help: 'Quantiles of a number column, or its most frequent categories.',
    },
    iceRows: { kind: 'integer', label: 'ICE rows', default: 50, min: 1, max: 1000, advanced: true },
    rows: {
      kind: 'list',
      label: 'Explain rows',
      default: ['1'],
      integerItems: { min: 1, max: 100000000 },
      placeholder: 'Row numbers, e.g. 1, 17',
      help: 'Row numbers of the input table (1 is the first row).',
    },
    explainClass: {
      kind: 'text',
      label: 'Class explained',
      default: '',
      placeholder: "The second class of two; else each row's predicted class",
      help: 'For classification: whose probability the dependence plots and attributions explain.',
    },
    rowMethod: {
      kind: 'select',
      label: 'Per-row method',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Integrated gradients for trained networks, KernelSHAP otherwise' },
        { value: 'integrated-gradients', label: 'Integrated gradients' },
        { value: 'kernel-shap', label: 'KernelSHAP' },
      ],
    },
    igSteps: { kind: 'integer', label: 'Integration steps', default: 128, min: 8, max: 4096, advanced: true, help: 'Doubled until the attributions add up.' },
    shapSamples: { kind: 'integer', label: 'KernelSHAP coalitions', default: 512, min: 16, max: 8192, advanced: true },
    background: {
      kind: 'integer',
      label: 'Background rows',
      default: 40,
      min: 1,
      max: 1000,
      advanced: true,
      help: 'KernelSHAP fills left-out columns from these rows.',
    },
  },
  summary: ['metric', 'repeats', 'rows'],
});
