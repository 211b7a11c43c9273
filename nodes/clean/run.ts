/**
 * Runs the Clean node: compiles the steps into one CTE chain, writes the output table with a
 * single statement, reports rows removed per filtering step, and saves the replayable recipe.
 */
import { formatCount } from '../../engine/format-count.js';
import { defineRunner } from '../../engine/node-run.js';
import { defaultParams } from '../../engine/node-def.js';
import { SqlPlan } from '../shared/sql-plan.js';
import { compileCleanSteps, type CleanStep } from './compile-steps.js';
import { cleanDef } from './def.js';

/**
 * Engine side of Clean. Output `fitted` = the input's recipe plus this node's replayable steps.
 *
 * @example
 * const { output } = await cleanRunner.run(ctx, { input, fitted: trainCleaned }, { steps });
 */
/** Said when a step removes every row: the usual causes, and what to change. */
const EMPTIED_HINT =
  'a filter that nothing matches, or dropping rows with a missing value on columns where every row misses something. Choose fewer columns, or fill the missing values instead.';

export const cleanRunner = defineRunner(cleanDef, async (ctx, inputs, params) => {
  const input = inputs.input;
  const rowDefaults = defaultParams(cleanDef.params.steps.fields);
  // Rows saved by an older version of the inspector may lack newer fields.
  const steps: CleanStep[] = params.steps.map((s) => ({ ...rowDefaults, ...s }));
  const plan = await SqlPlan.start(ctx.data, input.table);
  const fitted = inputs.fitted ? (inputs.fitted.fitted ?? []) : undefined;
  if (fitted) ctx.log('info', `Fill-in values come from the "fitted" input (${fitted.length} fitted step(s) there).`);

  const { recorded, rowSteps } = await compileCleanSteps(ctx, plan, steps, fitted);
  ctx.progress(0.8, 'Writing the cleaned table');
  const out = ctx.outputTable('output');
  await plan.write(out, inputs.input.rowCount, ctx.signal);
  const value = await ctx.data.describe(out);

  if (rowSteps.length > 0) {
    // Later steps only rewrite columns, so the last row step's count is the output's; only the
    // earlier ones need counting (one extra pass over the chain).
    const earlier = rowSteps.slice(0, -1);
    const counted = earlier.length
      ? (await ctx.data.all(`${plan.withClause()} SELECT ${earlier.map((r, i) => `(SELECT count(*) FROM ${r.relation}) AS c${i}`).join(', ')}`))[0]
      : {};
    let before = input.rowCount;
    rowSteps.forEach((r, i) => {
      const after = i < earlier.length ? Number(counted[`c${i}`]) : value.rowCount;
      const line = `${r.where}: kept ${formatCount(after)} of ${formatCount(before)} rows (${formatCount(before - after)} removed).`;
      if (after === 0 && before > 0) ctx.log('warn', `${line} Every row is gone: ${EMPTIED_HINT}`);
      else ctx.log('info', line);
      before = after;
    });
  }
  ctx.log(
    'info',
    `Clean: ${formatCount(input.rowCount)} rows and ${input.columns.length} columns in, ${formatCount(value.rowCount)} rows and ${value.columns.length} columns out.`,
  );
  ctx.progress(1, 'Done');
  return { output: { ...value, fitted: [...(input.fitted ?? []), ...recorded] } };
});
