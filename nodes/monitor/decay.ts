/**
 * Performance decay: the true labels that arrived later, joined to the logged predictions by request
 * id and row, scored with Evaluate's own metrics, beside the reference figures the package kept.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';
import type { TableValue } from '../../engine/values.js';
import { classificationReport } from '../shared/classification-metrics.js';
import { regressionReport } from '../shared/regression-metrics.js';
import { readScored } from '../shared/scored-table.js';
import { seenClassMetrics } from '../shared/seen-classes.js';

export interface Decay {
  metrics: Record<string, number>;
  labelled: number;
}

/**
 * @example
 * const decay = await windowMetrics(ctx.data, current, labels, { target: 'income', labelColumn: '', table: 'tmp' });
 */
export async function windowMetrics(
  data: DataPlane,
  current: TableValue,
  labels: TableValue,
  options: { target: string; labelColumn: string; table: string; reference?: Record<string, number>; tolerance?: number },
): Promise<Decay> {
  const names = labels.columns.map((c) => c.name);
  const label = options.labelColumn || (names.includes(options.target) ? options.target : names.includes('label') ? 'label' : '');
  if (!names.includes('request_id') || !label || !names.includes(label)) {
    throw new NodeError(
      'PARAM_INVALID',
      `the labels table "${labels.table}" needs a request_id column and the true label (column "${options.labelColumn || options.target || 'label'}"); it has ${names.join(', ')}`,
      'Give the labels table request_id, row (optional) and the label column, or set "Label column".',
    );
  }
  const predicted = `predicted_${options.target}`;
  const probs = current.columns.map((c) => c.name).filter((n) => n.startsWith('probability_'));
  const row = names.includes('row') ? `coalesce(l."row", 0)` : '0';
  await data.run(
    `CREATE OR REPLACE TABLE ${ident(options.table)} AS SELECT l.${ident(label)} AS ${ident(options.target)}, ${[predicted, ...probs].map((n) => `c.${ident(n)}`).join(', ')}
     FROM ${ident(current.table)} c JOIN ${ident(labels.table)} l ON c.request_id = l.request_id::VARCHAR AND c."row" = ${row}`,
  );
  try {
    const scored = await readScored(data, await data.describe(options.table), options.target);
    const metrics =
      scored.task === 'regression'
        ? regressionReport(scored.actual, scored.predicted).metrics
        : (() => {
            const input = { labels: scored.labels, unseenLabels: scored.unseenLabels, truth: scored.truth, probs: scored.probs };
            return { ...classificationReport(input).metrics, ...seenClassMetrics(input) };
          })();
    const labelled = scored.task === 'regression' ? scored.actual.length : scored.truth.length;
    const out: Record<string, number> = { ...metrics };
    for (const [name, value] of Object.entries(options.reference ?? {})) {
      if (!Number.isFinite(metrics[name]) || name === 'rows') continue;
      out[`reference_${name}`] = value;
      out[`${name}_change`] = metrics[name] - value;
    }
    const headline = scored.task === 'regression' ? 'r2' : 'accuracy';
    if (Number.isFinite(out[`${headline}_change`])) out.performance_decay = out[`${headline}_change`] < -(options.tolerance ?? 0.05) ? 1 : 0;
    return { metrics: out, labelled };
  } finally {
    await data.dropTable(options.table);
  }
}
