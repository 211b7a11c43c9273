/** Writes the Embed node's output: the input rows in their order with the vector column appended. */
import { ident } from '../../engine/data/data-plane.js';
import type { SqlParam } from '../../engine/data/statement.js';
import type { RunContext } from '../../engine/node-run.js';

/** `vectors[row]` in the source's rowid order; NULL rows (empty text) stay NULL. */
export async function writeVectors(ctx: RunContext, source: string, column: string, vectors: readonly (number[] | null)[]): Promise<string> {
  const out = ctx.outputTable('table');
  const staged = `${out}_vectors`;
  await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(staged)} (__row BIGINT, __v VARCHAR)`);
  const batch = 500;
  for (let start = 0; start < vectors.length; start += batch) {
    const end = Math.min(vectors.length, start + batch);
    const params: SqlParam[] = [];
    for (let r = start; r < end; r++) params.push(r, vectors[r] === null ? null : JSON.stringify(vectors[r]));
    await ctx.data.run(`INSERT INTO ${ident(staged)} VALUES ${new Array(end - start).fill('(?, ?)').join(', ')}`, params);
  }
  // The vectors travel as JSON text and become DOUBLE[] in one cast.
  await ctx.data.run(
    `CREATE OR REPLACE TABLE ${ident(out)} AS SELECT s.* EXCLUDE (__row), CAST(v.__v AS DOUBLE[]) AS ${ident(column)}
     FROM (SELECT row_number() OVER (ORDER BY rowid) - 1 AS __row, * FROM ${ident(source)}) s JOIN ${ident(staged)} v USING (__row) ORDER BY __row`,
  );
  await ctx.data.dropTable(staged);
  return out;
}
