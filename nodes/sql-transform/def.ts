/**
 * SQL transform: a DuckDB query over one or two input tables, for people who know SQL. Data only;
 * the runner is in run.ts.
 */
import { defineNode } from '../../engine/node-def.js';

/**
 * The SQL transform node: inputs `a` (required) and `b` (optional), one `sql` param.
 *
 * @example
 * { sql: 'SELECT a.*, b.latin FROM a JOIN b USING (species)' }
 */
export const sqlTransformDef = defineNode({
  type: 'sql-transform',
  typeVersion: 1,
  title: 'SQL transform',
  stage: 'prepare',
  icon: 'database',
  description: 'Shape a table with a DuckDB SQL query. The inputs are called a and b in the query; the rows the query returns become the output table.',
  inputs: [
    { name: 'a', kind: 'table', label: 'a' },
    { name: 'b', kind: 'table', label: 'b', optional: true, description: 'Optional second table, for joins and unions.' },
  ],
  outputs: [{ name: 'output', kind: 'table', label: 'Result' }],
  params: {
    sql: {
      kind: 'text',
      label: 'Query',
      default: 'SELECT *\nFROM a',
      language: 'sql',
      multiline: true,
      required: true,
      placeholder: 'SELECT species, avg(body_mass_g) AS mass FROM a GROUP BY species',
      help: 'One SELECT query (WITH ... SELECT is fine). Refer to the inputs as a and b. Column names with spaces, dashes or capitals need double quotes: "education-num".',
    },
  },
});
