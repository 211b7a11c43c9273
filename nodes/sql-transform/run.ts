/**
 * Runs the SQL transform. DuckDB's own parser (json_serialize_sql, which only accepts SELECT
 * statements) decides whether the text is a single query; the inputs are bound as CTEs named a
 * and b, so concurrent nodes never share a temporary view name.
 */
import { formatCount } from '../../engine/format-count.js';
import { ident } from '../../engine/data/data-plane.js';
import { writeOnOneThreadIfSmall } from '../../engine/data/one-thread.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import { sqlTransformDef } from './def.js';
import { assertAllowedTableFunctions } from './table-functions.js';

interface ParseResult {
  error: boolean;
  error_type?: string;
  error_message?: string;
  statements?: unknown[];
}

/** Table names the parsed query reads, and the names its own WITH parts define. */
function tableRefs(node: unknown, refs: Set<string>, ctes: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) tableRefs(item, refs, ctes);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  if (obj.type === 'BASE_TABLE' && typeof obj.table_name === 'string') {
    refs.add(
      obj.schema_name || obj.catalog_name
        ? `${obj.catalog_name ? `${String(obj.catalog_name)}.` : ''}${String(obj.schema_name)}.${obj.table_name}`
        : obj.table_name,
    );
  }
  const cteMap = obj.cte_map as { map?: { key: string }[] } | undefined;
  for (const entry of cteMap?.map ?? []) ctes.add(entry.key.toLowerCase());
  for (const value of Object.values(obj)) tableRefs(value, refs, ctes);
}

/**
 * Checks that `sql` is exactly one SELECT (or WITH ... SELECT) query reading only the inputs a and
 * b (other workspace tables belong to other nodes' cache entries and would make results stale),
 * with a plain message when not.
 */
export async function assertSingleQuery(run: (sql: string, params: string[]) => Promise<{ j: string }[]>, sql: string): Promise<void> {
  const [{ j }] = await run('SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR) AS j', [sql]);
  const parsed = JSON.parse(j) as ParseResult;
  if (parsed.error) {
    if (parsed.error_type === 'parser') {
      throw new NodeError(
        'sql-syntax',
        `DuckDB could not read the query: ${parsed.error_message}.`,
        'Check the SQL near the place DuckDB names; a query starts with SELECT, WITH or FROM.',
      );
    }
    throw new NodeError(
      'sql-not-a-query',
      'Only a query that reads data (SELECT, or WITH ... SELECT) is allowed here; statements that change tables or settings (CREATE, INSERT, UPDATE, DELETE, DROP, COPY, SET, ...) are not.',
      'Write a SELECT that returns the rows you want: the node saves them as its output table.',
    );
  }
  if ((parsed.statements?.length ?? 0) !== 1) {
    throw new NodeError(
      'sql-many-statements',
      `The query box holds ${parsed.statements?.length ?? 0} statements; it takes exactly one query.`,
      'Remove the extra statements after the first ";", or combine them with WITH.',
    );
  }
  assertAllowedTableFunctions(parsed.statements);
  const refs = new Set<string>();
  const ctes = new Set<string>(['a', 'b']);
  tableRefs(parsed.statements, refs, ctes);
  const others = [...refs].filter((r) => !ctes.has(r.toLowerCase()));
  if (others.length > 0) {
    throw new NodeError(
      'sql-other-table',
      `The query reads ${others.map((r) => `"${r}"`).join(', ')}, but only the inputs a and b are available here.`,
      'Connect that table to input b (or a) and refer to it by that name.',
    );
  }
}

const LEADING_TRIVIA = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/**
 * Puts `ctes` in front of the user's query, merging with its own WITH list when it has one
 * (a nested WITH would not keep a top-level ORDER BY).
 */
export function withInputs(sql: string, ctes: string): string {
  const body = sql.replace(LEADING_TRIVIA, '').replace(/;\s*$/, '');
  const own = /^with(\s+recursive)?\s/i.exec(body);
  if (!own) return `WITH ${ctes} ${body}`;
  return `WITH${own[1] ?? ''} ${ctes}, ${body.slice(own[0].length)}`;
}

function hintFor(message: string, hasB: boolean): string {
  if (/Table with name .* does not exist/i.test(message)) {
    return `The inputs are called a${hasB ? ' and b' : ' (and b, which is not connected)'}; other tables of the workspace are not available here.`;
  }
  if (/Referenced column|not found in FROM clause|column .* not found/i.test(message)) {
    return 'Check the column names against the input. Names with spaces, dashes or capitals need double quotes, e.g. "education-num".';
  }
  if (/Conversion Error|Could not convert/i.test(message))
    return 'A value could not be converted; TRY_CAST(x AS type) gives a missing value instead of an error.';
  if (/Duplicate CTE name|Duplicate alias/i.test(message)) return 'The names a and b are taken by the inputs; give your own WITH parts other names.';
  return 'Build the query up in small steps, starting from SELECT * FROM a LIMIT 10.';
}

/**
 * Engine side of the SQL transform. Its output carries no `fitted` recipe: SQL is not replayable.
 *
 * @example
 * const { output } = await sqlTransformRunner.run(ctx, { a, b }, { sql: 'SELECT * FROM a' });
 */
export const sqlTransformRunner = defineRunner(sqlTransformDef, async (ctx, inputs, params) => {
  const sql = params.sql;
  if (sql.replace(LEADING_TRIVIA, '').trim() === '') throw new NodeError('sql-empty', 'The query is empty.', 'Type a query such as SELECT * FROM a.');
  await assertSingleQuery((q, p) => ctx.data.all<{ j: string }>(q, p), sql);

  const ctes = [`a AS (SELECT * FROM ${ident(inputs.a.table)})`];
  if (inputs.b) ctes.push(`b AS (SELECT * FROM ${ident(inputs.b.table)})`);
  const out = ctx.outputTable('output');
  ctx.progress(undefined, 'Running the query');
  try {
    const inputRows = inputs.a.rowCount + (inputs.b?.rowCount ?? 0);
    await writeOnOneThreadIfSmall(ctx.data, inputRows, `CREATE OR REPLACE TABLE ${ident(out)} AS ${withInputs(sql, ctes.join(', '))}`, ctx.signal);
  } catch (err) {
    if (err instanceof NodeError) throw err;
    const message = (err as Error).message;
    throw new NodeError('sql-error', `DuckDB could not run the query: ${message}`, hintFor(message, inputs.b !== undefined));
  }
  const value = await ctx.data.describe(out);
  if (inputs.a.fitted?.length || inputs.b?.fitted?.length) {
    ctx.log(
      'warn',
      'Fitted steps from upstream (fill-in values, encodings) are not carried past a SQL transform: a query cannot be replayed on new rows. Put SQL transforms before Clean and Encode nodes if the model must be served.',
    );
  }
  ctx.log('info', `Query returned ${formatCount(value.rowCount)} rows and ${value.columns.length} columns.`);
  ctx.progress(1, 'Done');
  return { output: value };
});
