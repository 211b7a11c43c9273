/**
 * The node's scored table: the rows the premade model can take, with predicted_<target> and one
 * probability_<class> column per class (or a predicted value), as Score writes them.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { FittedEncoding } from '../../engine/models/preprocessing.js';
import type { TableValue } from '../../engine/values.js';

export async function writeScoredTable(
  data: DataPlane,
  rowsTable: string,
  spec: FittedEncoding,
  scored: { outputs: Float32Array; width: number; rows: number },
  out: string,
): Promise<TableValue> {
  const { target } = spec;
  const labels = target.labels ?? [];
  const predictions = `${out}__predictions`;
  const defs = [
    `${ident(`predicted_${target.name}`)} ${target.task === 'classification' ? 'VARCHAR' : 'DOUBLE'}`,
    ...labels.map((l) => `${ident(`probability_${l}`)} DOUBLE`),
  ];
  await data.run(`CREATE OR REPLACE TABLE ${ident(predictions)} (${defs.join(', ')})`);
  const appender = await data.connection.createAppender(predictions);
  try {
    for (let r = 0; r < scored.rows; r++) {
      const row = scored.outputs.subarray(r * scored.width, (r + 1) * scored.width);
      if (target.task === 'classification') {
        let best = 0;
        for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
        appender.appendVarchar(labels[best]);
        for (const v of row) appender.appendDouble(v);
      } else appender.appendDouble(row[0]);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const added = [`predicted_${target.name}`, ...labels.map((l) => `probability_${l}`)];
  const have = (await data.columns(rowsTable)).map((c) => c.name).filter((c) => added.includes(c));
  const keep = have.length ? `* EXCLUDE (${have.map(ident).join(', ')})` : '*';
  // Both sides are plain scans in table order, so POSITIONAL JOIN lines each row up with its outputs.
  await data.run(`CREATE OR REPLACE TABLE ${ident(out)} AS SELECT ${keep} FROM ${ident(rowsTable)} POSITIONAL JOIN ${ident(predictions)}`);
  await data.dropTable(predictions);
  return data.describe(out);
}
