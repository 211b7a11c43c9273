/**
 * Writes the node's output: the input rows in their order with each variant's columns appended.
 * Column naming per variant `<v>`: reply_<v>, valid_<v>, raw_<v>, error_<v>, tokens_in_<v>,
 * tokens_out_<v>, latency_ms_<v>, cost_<v>, cached_<v>.
 */
import { ident } from '../../engine/data/data-plane.js';
import type { RunContext } from '../../engine/node-run.js';
import type { SqlParam } from '../../engine/data/statement.js';

export interface VariantCell {
  reply: string | null;
  valid: boolean;
  raw: string | null;
  error: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  latencyMs: number | null;
  cost: number | null;
  cached: boolean;
}

const COLUMNS: [keyof VariantCell, string, string][] = [
  ['reply', 'reply', 'VARCHAR'],
  ['valid', 'valid', 'BOOLEAN'],
  ['raw', 'raw', 'VARCHAR'],
  ['error', 'error', 'VARCHAR'],
  ['tokensIn', 'tokens_in', 'BIGINT'],
  ['tokensOut', 'tokens_out', 'BIGINT'],
  ['latencyMs', 'latency_ms', 'BIGINT'],
  ['cost', 'cost', 'DOUBLE'],
  ['cached', 'cached', 'BOOLEAN'],
];

export function variantColumns(variant: string): string[] {
  return COLUMNS.map(([, prefix]) => `${prefix}_${variant}`);
}

/** `cells[variantIndex][row]`; `source` is the input table read in rowid order. */
export async function writeOutput(ctx: RunContext, source: string, variants: readonly string[], cells: VariantCell[][]): Promise<string> {
  const out = ctx.outputTable('table');
  const replies = `${out}_replies`;
  const defs = variants.flatMap((v) => COLUMNS.map(([, prefix, type]) => `${ident(`${prefix}_${v}`)} ${type}`));
  await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(replies)} (__row BIGINT, ${defs.join(', ')})`);
  const rows = cells[0]?.length ?? 0;
  const perRow = 1 + variants.length * COLUMNS.length;
  const batch = Math.max(1, Math.floor(2000 / perRow));
  for (let start = 0; start < rows; start += batch) {
    const end = Math.min(rows, start + batch);
    const params: SqlParam[] = [];
    const tuples: string[] = [];
    for (let r = start; r < end; r++) {
      params.push(r);
      for (let v = 0; v < variants.length; v++) for (const [field] of COLUMNS) params.push(cells[v][r][field] as SqlParam);
      tuples.push(`(${new Array(perRow).fill('?').join(', ')})`);
    }
    await ctx.data.run(`INSERT INTO ${ident(replies)} VALUES ${tuples.join(', ')}`, params);
  }
  await ctx.data.run(
    `CREATE OR REPLACE TABLE ${ident(out)} AS SELECT s.* EXCLUDE (__row), r.* EXCLUDE (__row)
     FROM (SELECT row_number() OVER (ORDER BY rowid) - 1 AS __row, * FROM ${ident(source)}) s JOIN ${ident(replies)} r USING (__row) ORDER BY __row`,
  );
  await ctx.data.dropTable(replies);
  return out;
}
