import { defineNode } from '../../engine/node-def.js';

/** Checks metrics against business goals written as plain rules, and writes the model card. */
export const validateGoalsDef = defineNode({
  type: 'validate-goals',
  typeVersion: 1,
  title: 'Validate business goals',
  stage: 'validate',
  icon: 'shield-check',
  description:
    'Checks the evaluation against rules such as "accuracy at least 0.84", "recall of >50K at least 0.6" or "accuracy better than the second model by at least 0.01" (champion and challenger) or "accuracy better than the majority-class baseline by at least 0.05" (what always predicting the most frequent class scores; for regression, always predicting the mean). If any rule fails, packaging and deployment downstream are blocked. Writes a model card (Markdown and HTML).',
  inputs: [
    { name: 'metrics', kind: 'metrics', label: 'Metrics', description: 'From the Evaluate node.' },
    { name: 'model', kind: 'model', label: 'Model', optional: true, description: 'Adds training data, features, preprocessing and params to the model card.' },
  ],
  outputs: [{ name: 'report', kind: 'report', label: 'Gate and model card' }],
  params: {
    rules: {
      kind: 'records',
      label: 'Rules',
      itemLabel: 'Add rule',
      help: 'Every rule must pass for the gate to open.',
      fields: {
        metric: {
          kind: 'select',
          label: 'Metric',
          default: 'accuracy',
          options: [
            { value: 'accuracy', label: 'Accuracy' },
            { value: 'balanced_accuracy', label: 'Balanced accuracy' },
            { value: 'f1_macro', label: 'F1 (macro)' },
            { value: 'f1_weighted', label: 'F1 (weighted)' },
            { value: 'precision', label: 'Precision (per class)' },
            { value: 'recall', label: 'Recall (per class)' },
            { value: 'f1', label: 'F1 (per class)' },
            { value: 'auc', label: 'ROC AUC' },
            { value: 'log_loss', label: 'Log loss' },
            { value: 'rmse', label: 'RMSE' },
            { value: 'mae', label: 'MAE' },
            { value: 'r2', label: 'R2' },
            { value: 'other', label: 'Other (type its name)' },
          ],
        },
        metricName: { kind: 'text', label: 'Metric name', default: '', showWhen: { metric: 'other' }, placeholder: 'e.g. precision_macro' },
        scope: {
          kind: 'select',
          label: 'Applies to',
          default: 'overall',
          options: [
            { value: 'overall', label: 'The whole test set' },
            { value: 'class', label: 'One class' },
            { value: 'every-class', label: 'Every class' },
          ],
        },
        className: { kind: 'text', label: 'Class', default: '', showWhen: { scope: 'class' }, placeholder: 'e.g. >50K' },
        comparison: {
          kind: 'select',
          label: 'Must be',
          default: 'at-least',
          options: [
            { value: 'at-least', label: 'at least' },
            { value: 'at-most', label: 'at most' },
            { value: 'better-than-second', label: 'better than the second model by at least' },
            { value: 'better-than-baseline', label: 'better than the baseline by at least' },
          ],
        },
        threshold: {
          kind: 'number',
          label: 'Threshold',
          default: 0.8,
          help:
            'For "better than the second model": the margin, e.g. 0.01 (the second model is the one Evaluate compared, e.g. the production model). ' +
            'For "better than the baseline": the margin over what Evaluate reports a model with no skill scoring (always the most frequent class for accuracy, ' +
            'the mean for RMSE, MAE and R2), e.g. 0.05.',
        },
      },
      default: [{ metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'at-least', threshold: 0.8 }],
    },
    title: { kind: 'text', label: 'Model card title', default: 'Model card', advanced: true },
  },
  summary: ['rules'],
});
