/**
 * Table functions a SQL transform may call. A pipeline may come from someone else, and DuckDB's
 * table functions reach far beyond the inputs a and b: read_text, read_csv, read_blob, glob read
 * files, query() runs any text as SQL, duckdb_* list the workspace. So the query's own parse tree
 * (DuckDB's json_serialize_sql, never a regex over the text) is searched for table functions and
 * only these, which make rows from their arguments alone, pass.
 */
import { NodeError } from '../../engine/node-run.js';

export const ALLOWED_TABLE_FUNCTIONS: readonly string[] = ['range', 'generate_series', 'unnest'];

/** Names of the table functions called anywhere in a serialized parse tree (subqueries and CTEs included). */
export function tableFunctionNames(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) tableFunctionNames(item, found);
    return found;
  }
  if (typeof node !== 'object' || node === null) return found;
  const obj = node as Record<string, unknown>;
  const fn = obj.function as { function_name?: unknown } | undefined;
  if (obj.type === 'TABLE_FUNCTION' && typeof fn?.function_name === 'string') found.add(fn.function_name.toLowerCase());
  for (const value of Object.values(obj)) tableFunctionNames(value, found);
  return found;
}

/** Throws `sql-table-function` naming the first table function outside the allowlist. */
export function assertAllowedTableFunctions(statements: unknown): void {
  const refused = [...tableFunctionNames(statements)].filter((name) => !ALLOWED_TABLE_FUNCTIONS.includes(name));
  if (refused.length === 0) return;
  throw new NodeError(
    'sql-table-function',
    `The query calls the table function ${refused.map((n) => `${n}()`).join(', ')}, which a SQL transform may not use: it could read files or tables outside the inputs a and b.`,
    `Bring files in with an Import node and connect it to input a or b. Table functions allowed here: ${ALLOWED_TABLE_FUNCTIONS.join(', ')}.`,
  );
}
