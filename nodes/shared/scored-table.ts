/** Reads what Evaluate needs from a Score output: the true target, the prediction and the probabilities. */
import { NodeError } from '../../engine/node-run.js';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { codeSql, streamDoubleColumns } from '../../engine/models/table-reader.js';
import type { TableValue } from '../../engine/values.js';

const PREDICTED = 'predicted_';
const PROBABILITY = 'probability_';

export type ScoredData =
  | {
      task: 'classification';
      target: string;
      /** The model's classes, one probability column each. */
      labels: string[];
      /** Classes in the true target that the model never saw (sorted); their rows have codes labels.length and up. */
      unseenLabels: string[];
      /** Class code per row, into [...labels, ...unseenLabels]. */
      truth: Int32Array;
      /** labels.length probabilities per row. */
      probs: Float64Array;
      unseenLabelRows: number;
      missingTargetRows: number;
    }
  | { task: 'regression'; target: string; actual: Float64Array; predicted: Float64Array; missingTargetRows: number };

/**
 * @example
 * const scored = await readScored(ctx.data, inputs.scored, params.target);
 */
export async function readScored(data: DataPlane, table: TableValue, targetParam: string): Promise<ScoredData> {
  const names = table.columns.map((c) => c.name);
  const target = targetParam || names.find((n) => n.startsWith(PREDICTED) && names.includes(n.slice(PREDICTED.length)))?.slice(PREDICTED.length);
  if (!target) {
    const predicted = names.filter((n) => n.startsWith(PREDICTED));
    throw new NodeError(
      'NODE_FAILED',
      predicted.length
        ? `table "${table.table}" has ${predicted.join(', ')} but not the true target column beside it`
        : `table "${table.table}" has no "predicted_<target>" column; it does not look like the output of the Score node`,
      'Connect the Score node run on a test table that still holds the true target.',
    );
  }
  if (!names.includes(target)) throw new NodeError('PARAM_INVALID', `the target column "${target}" is not in the scored table`, 'Pick the true target column.');
  const predicted = `${PREDICTED}${target}`;
  if (!names.includes(predicted))
    throw new NodeError('NODE_FAILED', `the scored table has no "${predicted}" column`, 'Score the table with a model trained on this target.');
  const labels = names.filter((n) => n.startsWith(PROBABILITY)).map((n) => n.slice(PROBABILITY.length));
  const value = `CAST(${ident(target)} AS VARCHAR)`;
  // One query for the missing targets and the classes the model never saw (sorted, as JSON so the list arrives as it is).
  const unseenSql = labels.length
    ? `CAST(to_json(coalesce(list(DISTINCT ${value} ORDER BY ${value}) FILTER (WHERE ${ident(target)} IS NOT NULL AND ${codeSql(value, labels)} < 0), [])) AS VARCHAR)`
    : `'[]'`;
  const [counted] = await data.all<{ missing: number; unseen: string }>(
    `SELECT count(*) - count(${ident(target)}) AS missing, ${unseenSql} AS unseen FROM ${ident(table.table)}`,
  );
  const missing = counted.missing;
  // The table's row count less the missing targets sizes the arrays, without a count query (a wrong count costs a copy, never a row).
  const expected = Number.isInteger(table.rowCount) ? Math.max(table.rowCount - missing, 0) : 0;
  const from = `FROM ${ident(table.table)} WHERE ${ident(target)} IS NOT NULL`;
  if (labels.length) {
    // A row whose class the model never saw still counts: the model cannot have got it right.
    const unseenLabels = JSON.parse(counted.unseen) as string[];
    const truthSql = `CAST(${codeSql(value, [...labels, ...unseenLabels])} AS DOUBLE)`;
    const probSql = labels.map((l) => `CAST(${ident(PROBABILITY + l)} AS DOUBLE)`);
    const { rows, columns } = await streamDoubleColumns(data, `SELECT ${[truthSql, ...probSql].join(', ')} ${from}`, labels.length + 1, expected);
    const truth = new Int32Array(columns[0].subarray(0, rows));
    const k = labels.length;
    const probs = new Float64Array(rows * k);
    for (let c = 0; c < k; c++) {
      const column = columns[c + 1];
      for (let r = 0, at = c; r < rows; r++, at += k) probs[at] = column[r];
    }
    let unseenLabelRows = 0;
    for (let r = 0; r < rows; r++) if (truth[r] >= k) unseenLabelRows++;
    return { task: 'classification', target, labels, unseenLabels, truth, probs, unseenLabelRows, missingTargetRows: missing };
  }
  const { columns } = await streamDoubleColumns(data, `SELECT TRY_CAST(${ident(target)} AS DOUBLE), CAST(${ident(predicted)} AS DOUBLE) ${from}`, 2, expected);
  return { task: 'regression', target, actual: columns[0], predicted: columns[1], missingTargetRows: missing };
}
