/** Reads what Evaluate needs from a Score output: the true target, the prediction and the probabilities. */
import { NodeError } from '../../engine/node-run.js';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { codeSql, readDoubleColumns } from '../../engine/models/table-reader.js';
import type { TableValue } from '../../engine/values.js';

const PREDICTED = 'predicted_';
const PROBABILITY = 'probability_';

export type ScoredData =
  | { task: 'classification'; target: string; labels: string[]; truth: Int32Array; probs: Float64Array; unknownLabelRows: number; missingTargetRows: number }
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
  const [{ missing }] = await data.all<{ missing: number }>(`SELECT count(*) - count(${ident(target)}) AS missing FROM ${ident(table.table)}`);
  const from = `FROM ${ident(table.table)} WHERE ${ident(target)} IS NOT NULL`;
  if (labels.length) {
    const truthSql = `CAST(${codeSql(`CAST(${ident(target)} AS VARCHAR)`, labels)} AS DOUBLE)`;
    const probSql = labels.map((l) => `CAST(${ident(PROBABILITY + l)} AS DOUBLE)`);
    const { rows, columns } = await readDoubleColumns(data, `SELECT ${[truthSql, ...probSql].join(', ')} ${from}`, labels.length + 1);
    const keep: number[] = [];
    for (let r = 0; r < rows; r++) if (columns[0][r] >= 0) keep.push(r);
    const truth = Int32Array.from(keep, (r) => columns[0][r]);
    const probs = new Float64Array(keep.length * labels.length);
    keep.forEach((r, i) => labels.forEach((_, c) => (probs[i * labels.length + c] = columns[c + 1][r])));
    return { task: 'classification', target, labels, truth, probs, unknownLabelRows: rows - keep.length, missingTargetRows: missing };
  }
  const { columns } = await readDoubleColumns(data, `SELECT TRY_CAST(${ident(target)} AS DOUBLE), CAST(${ident(predicted)} AS DOUBLE) ${from}`, 2);
  return { task: 'regression', target, actual: columns[0], predicted: columns[1], missingTargetRows: missing };
}
