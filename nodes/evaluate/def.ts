import { defineNode } from '../../engine/node-def.js';
import { gradeParams } from './grade-params.js';
import { promptEvalParams } from './prompt-params.js';

/**
 * Scores how good a model's predictions are. Takes the table the Score node produced (it holds the
 * true target beside "predicted_<target>" and the class probabilities), so one test table can be
 * scored once and evaluated by any number of nodes; a second scored table compares two models.
 */
export const evaluateDef = defineNode({
  type: 'evaluate',
  typeVersion: 1,
  title: 'Evaluate',
  stage: 'validate',
  icon: 'gauge',
  description:
    'Measures a scored table against its true target: accuracy, balanced accuracy, precision/recall/F1, confusion matrix, ROC and precision-recall curves, log loss; or MAE, RMSE, R2 and residuals. A row whose class the model never saw counts as an error (the figures without such rows are shown beside, named *_seen_classes). Connect a second scored table to compare two models. On a Prompt table (reply_<v> and valid_<v> columns) it checks every variant against an expected column: accuracy per check, F1 and confusion matrix for labels, invalid replies, latency, cost and tokens; optionally a second model grades each reply against a rubric (pass rate per variant).',
  inputs: [
    { name: 'scored', kind: 'table', label: 'Scored table', description: 'The output of Score, on rows the model did not train on.' },
    {
      name: 'compare',
      kind: 'table',
      label: 'Second scored table',
      optional: true,
      description: 'Another model scored on the same test rows, shown side by side.',
    },
  ],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {
    target: {
      kind: 'column',
      port: 'scored',
      label: 'True target column',
      default: '',
      help: 'Leave empty to use the column the Score node predicted (the one named in "predicted_<target>").',
    },
    ...promptEvalParams,
    ...gradeParams,
  },
  sendsRowsTo: 'gradeBaseUrl',
  summary: ['target'],
});
