/**
 * Runs the Split node. Rows are ranked by a hash of the seed and the row's content (by position
 * when not shuffling), numbered within each class when stratifying, and cut by rounded shares.
 * DuckDB's random() and the order threads deliver rows are never used, so the same seed on the
 * same data gives the same parts, row for row, in the same order, even if the rows arrive in
 * another order. */
import { formatCount } from '../../engine/format-count.js';
import { writeOnOneThreadIfSmall } from '../../engine/data/one-thread.js';
import { ident } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError, type RunContext } from '../../engine/node-run.js';
import type { TableValue } from '../../engine/values.js';
import { ROW_COLUMN, sqlNumber, withRowColumn } from '../shared/sql-plan.js';
import { splitDef } from './def.js';

const PARTS = ['train', 'test', 'validation'] as const;

/**
 * Engine side of Split; each part keeps the input's `fitted` recipe.
 *
 * @example
 * const { train, test, validation } = await splitRunner.run(ctx, { input }, params);
 */
export const splitRunner = defineRunner(splitDef, async (ctx, inputs, params) => {
  const { testRatio, validationRatio, shuffle, seed } = params;
  const stratify = params.stratify.trim();
  // Shares in range, below 1 together, and a whole seed: parseParams (the def's specs and rule) before any run.
  const columns = await ctx.data.columns(inputs.input.table);
  if (columns.some((c) => c.name === ROW_COLUMN))
    throw new NodeError('reserved-column', `The input has a column named "${ROW_COLUMN}", a name this app keeps for itself.`, 'Rename it before this node.');
  if (stratify && !columns.some((c) => c.name === stratify)) {
    throw new NodeError(
      'unknown-column',
      `Keep class balance: there is no column "${stratify}" in the input.`,
      `Columns: ${columns.map((c) => c.name).join(', ')}.`,
    );
  }
  const row = ident(ROW_COLUMN);
  // The rank hashes the row's CONTENT with the seed, not its position: a table whose rows arrive
  // in another order (an upstream GROUP BY or join) still splits the same way. Identical rows tie
  // and are told apart by position, which cannot change which content lands where.
  // The seed is mixed in through one string hash: hash(seed, x) combined the two too simply
  // (seeds 7 and 8 picked almost disjoint test sets).
  // Without shuffling, the last rows form the test part (as for data ordered in time).
  const content = `hash(${columns.map((c) => ident(c.name)).join(', ')})`;
  const key = shuffle ? `hash(concat(${sqlNumber(seed)}, ':', ${content}))` : `-${row}`;
  const partition = stratify ? `PARTITION BY g` : '';
  const source = `(${await withRowColumn(ctx.data, inputs.input.table)})`;
  const nTest = `round(n * ${sqlNumber(testRatio)})`;
  const nVal = `round(n * ${sqlNumber(validationRatio)})`;
  // The ranking runs on a narrow (row, key, class) relation, once: hashing every row and numbering
  // them is the costly part, and each part used to repeat it (2M rows x 20 columns: train + test
  // 3.0 s before, 2.3 s now, the same rows in the same order). Wide rows are only joined at the end.
  const keyed = `SELECT ${row} AS r, ${key} AS k${stratify ? `, ${ident(stratify)} AS g` : ''} FROM ${source}`;
  const numbered = `SELECT *, row_number() OVER (${partition} ORDER BY k, r) AS rn, count(*) OVER (${partition}) AS n FROM keyed`;
  const part = `CASE WHEN rn <= ${nTest} THEN 'test' WHEN rn <= ${nTest} + ${nVal} THEN 'validation' ELSE 'train' END`;
  const assignSql = `WITH keyed AS (${keyed}), numbered AS (${numbered}) SELECT r, k${stratify ? ', g' : ''}, ${part} AS part FROM numbered`;
  const order = shuffle ? 'assign.k, assign.r' : 'assign.r';
  // A temporary table: this connection's own, never written to the workspace file.
  const assignTable = `${ctx.outputTable('train')}__assign`;
  const assign = ident(assignTable);

  const outputs = {} as Record<(typeof PARTS)[number], TableValue>;
  let classes: ClassCount[] | undefined;
  try {
    await ctx.data.run(`CREATE OR REPLACE TEMP TABLE ${assign} AS ${assignSql}`, { signal: ctx.signal });
    for (const [i, part] of PARTS.entries()) {
      if (ctx.signal.aborted) throw new NodeError('cancelled', 'Cancelled.');
      ctx.progress(i / PARTS.length, `Writing the ${part} part`);
      const table = ctx.outputTable(part);
      if (part === 'validation' && validationRatio === 0) {
        // Same columns, no rows, without scanning the input again.
        await ctx.data.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ident(inputs.input.table)} LIMIT 0`);
      } else {
        const select = `SELECT src.* EXCLUDE (${row}) FROM ${source} AS src JOIN ${assign} AS assign ON src.${row} = assign.r WHERE assign.part = '${part}' ORDER BY ${order}`;
        await writeOnOneThreadIfSmall(ctx.data, inputs.input.rowCount, `CREATE OR REPLACE TABLE ${ident(table)} AS ${select}`, ctx.signal);
      }
      const value = await ctx.data.describe(table);
      outputs[part] = inputs.input.fitted ? { ...value, fitted: inputs.input.fitted } : value;
    }
    if (stratify)
      classes = await ctx.data.all<ClassCount>(
        `SELECT CAST(g AS VARCHAR) AS c, count(*) AS n, count(*) FILTER (WHERE part = 'test') AS t FROM ${assign} GROUP BY ALL ORDER BY n DESC, c LIMIT 21`,
      );
  } finally {
    await ctx.data.dropTable(assignTable);
  }

  const total = inputs.input.rowCount;
  if (total === 0) ctx.log('warn', 'The input table has no rows, so every part is empty.');
  else if (outputs.train.rowCount === 0) ctx.log('warn', 'The training part is empty: the table is too small for these shares.');
  const how = [shuffle ? `shuffled with seed ${seed}` : 'in file order, not shuffled', stratify ? `class balance kept for "${stratify}"` : '']
    .filter(Boolean)
    .join(', ');
  ctx.log(
    'info',
    `Split ${formatCount(total)} rows: ${formatCount(outputs.train.rowCount)} train, ${formatCount(outputs.test.rowCount)} test, ${formatCount(outputs.validation.rowCount)} validation (${how}).`,
  );
  if (classes) logClasses(ctx, stratify, classes);
  ctx.progress(1, 'Done');
  return outputs;
});

interface ClassCount {
  c: string;
  n: number;
  t: number;
}

function logClasses(ctx: RunContext, stratify: string, classes: ClassCount[]): void {
  if (classes.length > 20) ctx.log('warn', `"${stratify}" has more than 20 different values; class balance is meant for a label column with few classes.`);
  const lines = classes.slice(0, 20).map((c) => `${c.c ?? '(missing)'}: ${formatCount(c.t)} of ${formatCount(c.n)} in test`);
  ctx.log('info', `Per class: ${lines.join('; ')}.`);
}
