/**
 * Writes flattened prediction-log rows into a DuckDB table: `request_id`, `time` (ISO text), `row`,
 * then every field seen, typed from the JSON values (whole numbers BIGINT, other numbers DOUBLE,
 * true/false BOOLEAN, anything else text), so drift tests treat them as the reference's types.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { LogRow } from './prediction-log.js';

export const LOG_META_COLUMNS = ['request_id', 'time', 'row'] as const;

type Kind = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR';

function kindOf(values: unknown[]): Kind {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every((v) => typeof v === 'number')) return present.every((v) => Number.isInteger(v)) ? 'BIGINT' : 'DOUBLE';
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  return 'VARCHAR';
}

/** Creates `table` from the rows and returns its field columns with their types. */
export async function writeLogTable(data: DataPlane, table: string, rows: readonly LogRow[]): Promise<{ name: string; type: Kind }[]> {
  const names: string[] = [];
  const seen = new Set<string>(LOG_META_COLUMNS);
  for (const r of rows) {
    for (const k of Object.keys(r.values)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  const fields = names.map((name) => ({ name, type: kindOf(rows.map((r) => r.values[name])) }));
  const defs = ['request_id VARCHAR', 'time VARCHAR', '"row" INTEGER', ...fields.map((f) => `${ident(f.name)} ${f.type}`)];
  await data.run(`CREATE OR REPLACE TABLE ${ident(table)} (${defs.join(', ')})`);
  const appender = await data.connection.createAppender(table);
  for (const r of rows) {
    appender.appendVarchar(String(r.request_id));
    appender.appendVarchar(r.time);
    appender.appendInteger(r.row);
    for (const f of fields) {
      const v = r.values[f.name];
      if (v === null || v === undefined) appender.appendNull();
      else if (f.type === 'BIGINT') appender.appendBigInt(BigInt(v as number));
      else if (f.type === 'DOUBLE') appender.appendDouble(v as number);
      else if (f.type === 'BOOLEAN') appender.appendBoolean(v as boolean);
      else appender.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v));
    }
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  return fields;
}
