import { defineRunner } from '../../engine/node-run.js';
import type { Chart, MetricsValue } from '../../engine/values.js';
import { classificationReport, thinPoints } from '../shared/classification-metrics.js';
import { evaluateDef } from './def.js';
import { promptVariants } from './prompt-table.js';
import { regressionReport } from '../shared/regression-metrics.js';
import { SEEN_CLASSES_SUFFIX, seenClassMetrics } from '../shared/seen-classes.js';
import { majorityBaseline, regressionBaseline } from '../shared/baseline-metrics.js';
import { readScored, type ScoredData } from '../shared/scored-table.js';

/** Points per ROC or precision-recall curve in a chart. */
const CHART_POINTS = 200;

interface Evaluation {
  metrics: Record<string, number>;
  groups: Record<string, Record<string, number>>;
  charts: Chart[];
  task: 'classification' | 'regression';
}

/** `extra` placed right after `key`, so a baseline reads beside the figure it qualifies. */
function insertAfter(metrics: Record<string, number>, key: string, extra: Record<string, number>): Record<string, number> {
  const entries = Object.entries(metrics);
  const at = entries.findIndex(([k]) => k === key) + 1 || entries.length;
  return Object.fromEntries([...entries.slice(0, at), ...Object.entries(extra), ...entries.slice(at)]);
}

function evaluate(s: ScoredData, prefix: string, tag: string): Evaluation {
  const id = (name: string) => `${prefix}${name}`;
  const title = (t: string) => (tag ? `${t} (${tag})` : t);
  if (s.task === 'regression') {
    const r = regressionReport(s.actual, s.predicted);
    return {
      task: 'regression',
      metrics: insertAfter(r.metrics, 'r2', regressionBaseline(s.actual)),
      groups: {},
      charts: [
        {
          type: 'scatter',
          id: id('residuals'),
          title: title('Residuals (actual - predicted)'),
          xTitle: `predicted ${s.target}`,
          yTitle: 'residual',
          points: r.residuals,
        },
      ],
    };
  }
  const input = { labels: s.labels, unseenLabels: s.unseenLabels, truth: s.truth, probs: s.probs };
  // Only the points a chart keeps are built; the areas still use every threshold.
  const r = classificationReport(input, { maxCurvePoints: CHART_POINTS });
  const labels = [...s.labels, ...s.unseenLabels];
  const curveSeries = (curves: typeof r.roc) => Object.entries(curves).map(([name, c]) => ({ name, points: thinPoints(c.points, CHART_POINTS), area: c.area }));
  const binary = s.labels.length === 2;
  const roc = binary ? { [s.labels[1]]: r.roc[s.labels[1]] } : r.roc;
  const pr = binary ? { [s.labels[1]]: r.pr[s.labels[1]] } : r.pr;
  return {
    task: 'classification',
    metrics: {
      // Every row counts in exactly one class's support, unseen classes included.
      ...insertAfter(
        r.metrics,
        'accuracy',
        majorityBaseline(
          Object.values(r.perClass).map((c) => c.support),
          s.truth.length,
          r.metrics.accuracy,
        ),
      ),
      ...seenClassMetrics(input),
      ...(s.unseenLabels.length ? { unseen_class_rows: s.unseenLabelRows } : {}),
    },
    groups: r.perClass,
    charts: [
      {
        type: 'heatmap',
        id: id('confusion'),
        title: title('Confusion matrix'),
        xLabels: labels,
        yLabels: labels,
        values: r.confusion,
        xTitle: 'predicted',
        yTitle: 'actual',
      },
      {
        type: 'curve',
        id: id('roc'),
        title: title(binary ? `ROC curve (positive class ${s.labels[1]})` : 'ROC curves (one vs rest)'),
        xTitle: 'false positive rate',
        yTitle: 'true positive rate',
        series: curveSeries(roc),
      },
      { type: 'curve', id: id('pr'), title: title('Precision-recall'), xTitle: 'recall', yTitle: 'precision', series: curveSeries(pr) },
    ],
  };
}

export const evaluateRunner = defineRunner(evaluateDef, async (ctx, inputs, params) => {
  if (promptVariants(inputs.scored).length) {
    if (inputs.compare) throw new Error('a Prompt table compares its variants itself; disconnect "Second scored table" or add the variants to one Prompt node');
    // Loaded here: the prompt path brings the openai client and ajv, which a model's evaluation never needs.
    const { evaluatePrompt } = await import('./prompt-eval.js');
    return { metrics: await evaluatePrompt(ctx, inputs.scored, params) };
  }
  ctx.progress(0, 'reading the scored table');
  const a = await readScored(ctx.data, inputs.scored, params.target);
  if (a.missingTargetRows) ctx.log('warn', `${a.missingTargetRows} rows have no value in "${a.target}" and are left out`);
  if (a.task === 'classification' && a.unseenLabelRows) {
    ctx.log(
      'warn',
      `${a.unseenLabelRows} rows have a "${a.target}" class the model never saw (${a.unseenLabels.join(', ')}); they count as errors in accuracy ` +
        `and the other metrics (and so in the gates); the *${SEEN_CLASSES_SUFFIX} metrics leave them out`,
    );
  }
  const rows = a.task === 'classification' ? a.truth.length : a.actual.length;
  if (rows === 0) throw new Error(`no rows with a known "${a.target}" to evaluate; evaluate on a table that holds the true target`);
  const main = evaluate(a, '', inputs.compare ? 'A' : '');
  const result: MetricsValue = { kind: 'metrics', task: main.task, metrics: main.metrics, groups: main.groups, charts: main.charts };
  if (inputs.compare) {
    const b = await readScored(ctx.data, inputs.compare, params.target || a.target);
    if (b.task !== a.task) throw new Error(`the two scored tables are a ${a.task} and a ${b.task}; compare models of the same task`);
    const other = evaluate(b, 'compare_', 'B');
    // Baselines depend on the rows, not the model: comparing them says nothing about A against B.
    const names = Object.keys(main.metrics).filter((m) => m !== 'rows' && !m.startsWith('baseline_') && Number.isFinite(other.metrics[m]));
    for (const m of names) {
      result.metrics[`compare_${m}`] = other.metrics[m];
      result.metrics[`delta_${m}`] = other.metrics[m] - main.metrics[m];
    }
    result.metrics.compare_rows = other.metrics.rows;
    for (const [g, v] of Object.entries(other.groups)) result.groups![`B: ${g}`] = v;
    result.charts = [
      {
        type: 'bars',
        id: 'comparison',
        title: 'Model A vs model B',
        labels: names,
        series: [
          { name: 'A', values: names.map((m) => main.metrics[m]) },
          { name: 'B', values: names.map((m) => other.metrics[m]) },
        ],
      },
      ...main.charts,
      ...other.charts,
    ];
  }
  const headline =
    a.task === 'classification'
      ? `accuracy ${main.metrics.accuracy.toFixed(4)} (majority-class baseline ${main.metrics.baseline_accuracy.toFixed(4)})`
      : `R2 ${main.metrics.r2.toFixed(4)}, RMSE ${main.metrics.rmse.toFixed(3)} (predicting the mean: RMSE ${main.metrics.baseline_rmse.toFixed(3)})`;
  ctx.progress(1, `${rows} rows evaluated: ${headline}`);
  return { metrics: result };
});
