/**
 * Runs Enter data: the table param's cells (already read to their canonical text by parseParams)
 * become a DuckDB table with the chosen types, inserted in batches of bound parameters.
 */
import { formatCount } from '../../engine/format-count.js';
import { ident } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import type { TableCellType } from '../../engine/node-def.js';
import { enterDataDef } from './def.js';

/** DuckDB type per cell type. */
export const DUCKDB_TYPES: Record<TableCellType, string> = { text: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE' };

/** Rows per INSERT: 100 rows of the widest table (50 columns) is 5,000 bound values. */
const BATCH_ROWS = 100;

/**
 * @example
 * const { output } = await enterDataRunner.run(ctx, {}, { table: { columns: [{ name: 'x', type: 'integer' }], rows: [['1']] } });
 */
export const enterDataRunner = defineRunner(enterDataDef, async (ctx, _inputs, params) => {
  const { columns, rows } = params.table;
  if (columns.length === 0) {
    throw new NodeError('PARAM_INVALID', 'the table has no columns yet', 'Paste cells with a header row into the table editor, or add a column.');
  }
  const out = ctx.outputTable('output');
  await ctx.data.dropTable(out);
  await ctx.data.run(`CREATE TABLE ${ident(out)} (${columns.map((c) => `${ident(c.name)} ${DUCKDB_TYPES[c.type]}`).join(', ')})`);
  const casts = columns.map((c) => `CAST(? AS ${DUCKDB_TYPES[c.type]})`).join(', ');
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    ctx.signal.throwIfAborted();
    const batch = rows.slice(start, start + BATCH_ROWS);
    await ctx.data.run(`INSERT INTO ${ident(out)} VALUES ${batch.map(() => `(${casts})`).join(', ')}`, batch.flat());
    ctx.progress((start + batch.length) / rows.length, `${start + batch.length} of ${rows.length} rows`);
  }
  const value = await ctx.data.describe(out);
  ctx.log('info', `Entered ${formatCount(rows.length)} rows and ${columns.length} columns.`);
  ctx.progress(1, 'Done');
  return { output: value };
});
