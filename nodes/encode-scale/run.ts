/**
 * Runs Encode and scale: learns vocabularies and statistics on the input (or takes them from the
 * `fitted` input), then rewrites every chosen column in one projection over the input table.
 */
import { formatCount } from '../../engine/format-count.js';
import { ident, literal } from '../../engine/data/data-plane.js';
import { defineRunner, NodeError, type RunContext } from '../../engine/node-run.js';
import type { ColumnInfo } from '../../engine/values.js';
import type { ColumnStep } from '../../engine/models/recipe-steps.js';
import { applyReplaySteps, findFitted, missingFitted } from '../shared/fitted-steps.js';
import { isNumericType, isTextType, quoteNames, SqlPlan, valueCounts } from '../shared/sql-plan.js';
import { encodeScaleDef } from './def.js';

const OTHER = '(other)';

/** Learns the one-hot or ordinal vocabulary of one column from the data. */
function fitEncoding(ctx: RunContext, col: ColumnInfo, levels: { v: string; n: number }[], encoding: 'one-hot' | 'ordinal', maxCategories: number): ColumnStep {
  if (levels.length > 1000)
    ctx.log(
      'warn',
      `"${col.name}" has ${formatCount(levels.length)} different values; it looks like an identifier rather than a category. Consider removing it (Clean, remove columns).`,
    );
  if (encoding === 'ordinal') return { op: 'ordinal', column: col.name, categories: levels.map((l) => l.v).sort() };
  const capped = levels.length > maxCategories;
  const kept = (capped ? levels.slice(0, maxCategories - 1) : levels).map((l) => l.v).sort();
  const rare = capped ? levels.slice(maxCategories - 1) : [];
  if (capped) {
    const rows = rare.reduce((sum, l) => sum + l.n, 0);
    ctx.log(
      'info',
      `"${col.name}" has ${levels.length} categories, more than the limit of ${maxCategories}: the ${kept.length} most frequent get their own column, the other ${rare.length} (${formatCount(rows)} rows) share "${col.name}=${OTHER}".`,
    );
  }
  return {
    op: 'one-hot',
    column: col.name,
    categories: kept,
    outputs: kept.map((k) => `${col.name}=${k}`),
    rare: rare.map((l) => l.v),
    otherOutput: capped ? `${col.name}=${OTHER}` : null,
  };
}

/** Learns the scaling statistics of number columns from the data, in one pass. */
async function fitScaling(ctx: RunContext, plan: SqlPlan, cols: ColumnInfo[], scaling: 'standard' | 'min-max'): Promise<(ColumnStep | null)[]> {
  if (cols.length === 0) return [];
  const stats = cols.map((col, i) => {
    const c = `CAST(${ident(col.name)} AS DOUBLE)`;
    return `avg(${c}) AS mean${i}, stddev_pop(${c}) AS std${i}, min(${c}) AS lo${i}, max(${c}) AS hi${i}`;
  });
  const [s] = await plan.querySums<Record<string, number | null>>((from) => `SELECT ${stats.join(', ')} FROM ${from}`);
  return cols.map((col, i) => {
    const [mean, std, lo, hi] = [s[`mean${i}`], s[`std${i}`], s[`lo${i}`], s[`hi${i}`]];
    if (mean === null || lo === null || hi === null) {
      ctx.log('warn', `"${col.name}" has no values to learn a scale from; it is left as it is.`);
      return null;
    }
    if (scaling === 'min-max') return { op: 'min-max-scale', column: col.name, min: lo, max: hi };
    // A constant column would divide by zero; like scikit-learn, keep its spread as 1.
    return { op: 'standard-scale', column: col.name, mean, std: std ? std : 1 };
  });
}

/** In replay mode: how many values of an encoded column were not seen while fitting. */
async function reportUnseen(ctx: RunContext, plan: SqlPlan, step: Extract<ColumnStep, { op: 'one-hot' | 'ordinal' }>): Promise<void> {
  const known = step.op === 'one-hot' ? [...step.categories, ...step.rare] : step.categories;
  const c = `CAST(${ident(step.column)} AS VARCHAR)`;
  const test = known.length ? `${c} IS NOT NULL AND ${c} NOT IN (${known.map(literal).join(', ')})` : `${c} IS NOT NULL`;
  const [row] = await plan.query<{ n: number; e: string | null }>((from) => `SELECT count(*) AS n, min(${c}) AS e FROM ${from} WHERE ${test}`);
  if (row.n > 0) {
    const effect = step.op === 'one-hot' ? 'all its category columns are 0' : 'its code is -1';
    ctx.log('info', `${formatCount(row.n)} row(s) of "${step.column}" hold values not seen when fitting (for example "${row.e}"); for them ${effect}.`);
  }
}

/**
 * Engine side of Encode and scale. Output `fitted` = the input's recipe plus the vocabularies and
 * statistics used here.
 *
 * @example
 * const { output } = await encodeScaleRunner.run(ctx, { input: testTable, fitted: encodedTrain }, params);
 */
export const encodeScaleRunner = defineRunner(encodeScaleDef, async (ctx, inputs, params) => {
  const input = inputs.input;
  const plan = await SqlPlan.start(ctx.data, input.table);
  const target = params.target.trim();
  if (target) plan.column(target, 'Column to predict');
  const fitted = inputs.fitted ? (inputs.fitted.fitted ?? []) : undefined;

  const pick = (chosen: readonly string[], label: string, fallback: (c: ColumnInfo) => boolean) => {
    const cols = chosen.length ? chosen.map((n) => plan.column(n, label)) : plan.columns.filter((c) => c.name !== target && fallback(c));
    if (target && chosen.includes(target)) ctx.log('warn', `${label}: the column to predict, "${target}", is also chosen here and will be changed.`);
    return cols;
  };
  if (!Number.isInteger(params.maxCategories) || params.maxCategories < 2) {
    throw new NodeError(
      'bad-max-categories',
      `Most columns per category column must be a whole number of at least 2, got ${params.maxCategories}.`,
      'Use e.g. 20.',
    );
  }
  const encoding = params.encoding === 'none' ? null : params.encoding;
  const scaling = params.scaling === 'none' ? null : params.scaling;
  const catCols = encoding ? pick(params.categorical, 'Category columns', (c) => isTextType(c.type)) : [];
  const numCols = scaling ? pick(params.numeric, 'Number columns to scale', (c) => isNumericType(c.type)) : [];
  const overlap = catCols.filter((c) => numCols.some((n) => n.name === c.name)).map((c) => c.name);
  if (overlap.length) {
    throw new NodeError(
      'column-twice',
      `${quoteNames(overlap)} chosen both as category and as number column(s).`,
      'Choose each column in only one of the two lists.',
    );
  }
  for (const c of numCols) {
    if (!isNumericType(c.type))
      throw new NodeError(
        'not-numeric',
        `"${c.name}" holds ${c.type} values, so it cannot be scaled.`,
        'Remove it from the number columns, or change its type in a Clean node first.',
      );
  }

  const steps: ColumnStep[] = [];
  if (fitted) {
    for (const [i, col] of [...numCols, ...catCols].entries()) {
      const isNum = i < numCols.length;
      const op = isNum ? (scaling === 'standard' ? 'standard-scale' : 'min-max-scale') : encoding === 'one-hot' ? 'one-hot' : 'ordinal';
      const step = findFitted(fitted, [op], col.name);
      if (!step) throw missingFitted(isNum ? `${scaling} scaling` : `${encoding} encoding`, col.name);
      if (step.op === 'one-hot' || step.op === 'ordinal') await reportUnseen(ctx, plan, step);
      steps.push(step);
    }
  } else {
    ctx.progress(0.1, `Learning scales of ${numCols.length} number column(s)`);
    for (const step of await fitScaling(ctx, plan, numCols, scaling ?? 'standard')) if (step) steps.push(step);
    ctx.progress(0.4, `Learning categories of ${catCols.length} column(s)`);
    const counts = await valueCounts(
      plan,
      catCols.map((c) => c.name),
    );
    for (const col of catCols) steps.push(fitEncoding(ctx, col, counts.get(col.name) ?? [], encoding!, params.maxCategories));
  }
  if (ctx.signal.aborted) throw new NodeError('cancelled', 'Cancelled.');
  if (fitted) ctx.log('info', `Applied ${steps.length} fitted step(s) from the "fitted" input.`);
  await applyReplaySteps(plan, steps, (i) => `Column "${steps[i].column}"`);

  ctx.progress(0.9, 'Writing the encoded table');
  const out = ctx.outputTable('output');
  await plan.write(out, inputs.input.rowCount, ctx.signal);
  const value = await ctx.data.describe(out);
  ctx.log(
    'info',
    `Scaled ${numCols.length} number column(s) and encoded ${catCols.length} category column(s): ${input.columns.length} columns in, ${value.columns.length} out.`,
  );
  ctx.progress(1, 'Done');
  return { output: { ...value, fitted: [...(input.fitted ?? []), ...steps] } };
});
