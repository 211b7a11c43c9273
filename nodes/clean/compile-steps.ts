/**
 * Compiles the Clean node's step list into one CTE chain. Steps that need facts about the data
 * (imputation values, how many values fail a type change) ask DuckDB with a small aggregate over
 * the chain as it stands at that step; everything else is pure SQL text.
 */
import { formatCount } from '../../engine/format-count.js';
import { ident, literal } from '../../engine/data/data-plane.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { ParamsOf } from '../../engine/node-def.js';
import type { ColumnInfo } from '../../engine/values.js';
import type { ImputeStrategy, RecipeStep, TextAction } from '../../engine/models/recipe-steps.js';
import { applyReplaySteps, castType, findFitted, missingFitted } from '../shared/fitted-steps.js';
import { isNumericType, isTextType, quoteNames, type SqlPlan, ROW_COLUMN, valueCounts } from '../shared/sql-plan.js';
import type { cleanDef } from './def.js';
import { filterSql } from './filter-sql.js';

export type CleanStep = ParamsOf<typeof cleanDef>['steps'][number];

/** A step that removes rows, remembered so the runner can report how many each one removed. */
export interface RowStep {
  where: string;
  relation: string;
}

export interface CompiledClean {
  /** Replayable steps with their fitted values, in order. */
  recorded: RecipeStep[];
  rowSteps: RowStep[];
}

const OP_LABEL: Record<CleanStep['op'], string> = {
  'select-columns': 'keep columns',
  'drop-columns': 'remove columns',
  rename: 'rename',
  'change-type': 'change type',
  filter: 'filter rows',
  missing: 'missing values',
  dedupe: 'remove duplicates',
  replace: 'replace values',
  text: 'tidy text',
};

const fmtValue = (v: number | string) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : `"${v}"`);

/** Chosen columns (checked to exist), or every column that passes `fallback` when none chosen. */
function pickColumns(plan: SqlPlan, chosen: readonly string[], where: string, fallback: (c: ColumnInfo) => boolean): ColumnInfo[] {
  if (chosen.length === 0) return plan.columns.filter(fallback);
  return chosen.map((name) => plan.column(name, where));
}

function requireColumns(chosen: readonly string[], where: string, what: string): void {
  if (chosen.length === 0) throw new NodeError('missing-columns', `${where}: choose the columns ${what}.`, 'Pick one or more columns in the step.');
}

async function changeType(ctx: RunContext, plan: SqlPlan, step: CleanStep, where: string): Promise<RecipeStep[]> {
  requireColumns(step.columns, where, 'to convert');
  const cols = step.columns.map((n) => plan.column(n, where));
  const type = castType(step.type);
  const failed = (c: ColumnInfo) => `${ident(c.name)} IS NOT NULL AND TRY_CAST(${ident(c.name)} AS ${type}) IS NULL`;
  const select = cols
    .map(
      (c, i) =>
        `count(*) FILTER (WHERE ${failed(c)}) AS n${i}, CAST(to_json(list_sort(list(DISTINCT CAST(${ident(c.name)} AS VARCHAR)) FILTER (WHERE ${failed(c)}))[1:5]) AS VARCHAR) AS e${i}`,
    )
    .join(', ');
  const [row] = await plan.query((from) => `SELECT ${select} FROM ${from}`);
  for (const [i, c] of cols.entries()) {
    const n = Number(row[`n${i}`]);
    if (n === 0) continue;
    const examples = (JSON.parse(String(row[`e${i}`])) as string[]).map((e) => `"${e}"`).join(', ');
    const message = `${where}: ${formatCount(n)} value(s) in "${c.name}" could not be converted to ${type} (for example ${examples})`;
    if (step.onFailure === 'fail')
      throw new NodeError('type-change-failed', `${message}.`, 'Fix or replace those values first (Replace values step), or choose "Make them missing".');
    ctx.log('warn', `${message}; they are now missing.`);
  }
  return cols.map((c) => ({ op: 'cast', column: c.name, type }));
}

async function impute(ctx: RunContext, plan: SqlPlan, step: CleanStep, where: string, fitted: readonly RecipeStep[] | undefined): Promise<RecipeStep[]> {
  const strategy = step.missingAction as ImputeStrategy;
  if (!['mean', 'median', 'most-frequent', 'constant'].includes(strategy)) {
    throw new NodeError(
      'bad-missing-action',
      `${where}: "${strategy}" is not a way to handle missing values.`,
      'Choose drop, mean, median, most frequent or a fixed value.',
    );
  }
  const numeric = strategy === 'mean' || strategy === 'median';
  let cols = pickColumns(plan, step.columns, where, (c) => !numeric || isNumericType(c.type));
  if (strategy === 'constant' && step.columns.length === 0) {
    // "Fill every column with Unknown" means every column that can hold Unknown.
    const types = [...new Set(cols.map((c) => c.type))];
    const fits = await ctx.data.all<Record<string, boolean>>(
      `SELECT ${types.map((t, i) => `TRY_CAST(${literal(step.fillValue)} AS ${t}) IS NOT NULL AS t${i}`).join(', ')}`,
    );
    cols = cols.filter((c) => fits[0][`t${types.indexOf(c.type)}`]);
  }
  for (const c of cols) {
    if (numeric && !isNumericType(c.type)) {
      throw new NodeError(
        'not-numeric',
        `${where}: cannot fill "${c.name}" with the ${strategy}, it holds ${c.type} values, not numbers.`,
        'Use "most frequent" or "a fixed value" for that column, or change its type first.',
      );
    }
  }
  if (cols.length === 0) return [];
  const aggregates = cols.map((c, i) => {
    const stat = strategy === 'mean' ? `avg(${ident(c.name)})` : strategy === 'median' ? `median(CAST(${ident(c.name)} AS DOUBLE))` : 'NULL';
    return `count(*) - count(${ident(c.name)}) AS m${i}, ${stat} AS v${i}`;
  });
  const [row] = await plan.querySums((from) => `SELECT ${aggregates.join(', ')} FROM ${from}`);
  const counts =
    strategy === 'most-frequent' && !fitted
      ? await valueCounts(
          plan,
          cols.map((c) => c.name),
        )
      : undefined;
  const out: RecipeStep[] = [];
  for (const [i, c] of cols.entries()) {
    let value: number | string | null;
    let source = 'learned from this table';
    if (fitted) {
      const f = findFitted(fitted, ['impute'], c.name);
      if (!f) throw missingFitted('fill-in value', c.name);
      if (f.strategy !== strategy) {
        throw new NodeError(
          'fitted-mismatch',
          `${where}: "${c.name}" was fitted with the ${f.strategy}, but this step asks for the ${strategy}.`,
          'Use the same settings in both Clean nodes.',
        );
      }
      value = f.value;
      source = 'reused from the "fitted" input';
    } else if (strategy === 'constant') {
      value = step.fillValue;
    } else if (counts) {
      value = counts.get(c.name)?.[0]?.v ?? null;
    } else {
      const v = row[`v${i}`];
      value = v === null ? null : Number(v);
    }
    if (typeof value === 'string' && !isTextType(c.type)) {
      const [check] = await ctx.data.all<{ bad: boolean }>(`SELECT TRY_CAST(${literal(value)} AS ${c.type}) IS NULL AS bad`);
      if (check.bad) {
        throw new NodeError(
          'bad-fill-value',
          `${where}: "${value}" cannot fill column "${c.name}", which holds ${c.type} values.`,
          'Type a value of that kind, or change the column type first.',
        );
      }
    }
    const missing = Number(row[`m${i}`]);
    if (value === null) {
      if (missing > 0)
        ctx.log('warn', `${where}: "${c.name}" has no values to compute the ${strategy} from; its ${formatCount(missing)} missing value(s) stay missing.`);
    } else if (missing > 0) {
      ctx.log('info', `${where}: filled ${formatCount(missing)} missing value(s) in "${c.name}" with ${fmtValue(value)} (${strategy}, ${source}).`);
    }
    out.push({ op: 'impute', column: c.name, strategy, value, type: c.type });
  }
  return out;
}

async function replaceValues(ctx: RunContext, plan: SqlPlan, step: CleanStep, where: string): Promise<RecipeStep[]> {
  const regex = step.matchMode === 'regex';
  const cols = pickColumns(plan, step.columns, where, (c) => isTextType(c.type));
  if (regex) {
    if (step.find === '') throw new NodeError('empty-pattern', `${where}: the pattern to find is empty.`, 'Type a pattern, e.g. \\.$ for a trailing dot.');
    try {
      await ctx.data.all(`SELECT regexp_matches('', ${literal(step.find)})`);
    } catch (err) {
      throw new NodeError(
        'bad-pattern',
        `${where}: "${step.find}" is not a valid pattern: ${(err as Error).message}`,
        'Check the regular expression; a literal dot is written \\. and a literal bracket \\(.',
      );
    }
  }
  const steps: RecipeStep[] = [];
  const counts: string[] = [];
  for (const c of cols) {
    if (!isTextType(c.type) && regex) {
      throw new NodeError(
        'not-text',
        `${where}: patterns apply to text columns, and "${c.name}" holds ${c.type} values.`,
        'Use "Whole value equals", or change the column type to text first.',
      );
    }
    for (const v of step.toMissing && !regex ? [step.find] : [step.find, step.replacement]) {
      if (isTextType(c.type) || regex) continue;
      const [check] = await ctx.data.all<{ bad: boolean }>(`SELECT TRY_CAST(${literal(v)} AS ${c.type}) IS NULL AS bad`);
      if (check.bad)
        throw new NodeError(
          'bad-replace-value',
          `${where}: "${v}" is not a valid value for column "${c.name}" (${c.type}).`,
          'Type a value of that kind, or change the column type first.',
        );
    }
    const replacement = step.toMissing && !regex ? null : step.replacement;
    steps.push({ op: 'replace', column: c.name, mode: regex ? 'regex' : 'exact', find: step.find, replacement });
    const found = isTextType(c.type) ? literal(step.find) : `CAST(${literal(step.find)} AS ${c.type})`;
    const test = regex ? `regexp_matches(${ident(c.name)}, ${literal(step.find)})` : `${ident(c.name)} = ${found}`;
    counts.push(`count(*) FILTER (WHERE ${test})`);
  }
  if (counts.length > 0) {
    const [row] = await plan.query((from) => `SELECT ${counts.map((c, i) => `${c} AS n${i}`).join(', ')} FROM ${from}`);
    const changed = cols.map((c, i) => `${formatCount(Number(row[`n${i}`]))} in "${c.name}"`).join(', ');
    ctx.log('info', `${where}: values changed: ${changed}.`);
  }
  return steps;
}

function tidyText(plan: SqlPlan, step: CleanStep, where: string): RecipeStep[] {
  const cols = pickColumns(plan, step.columns, where, (c) => isTextType(c.type));
  for (const c of cols) {
    if (!isTextType(c.type))
      throw new NodeError('not-text', `${where}: "${c.name}" holds ${c.type} values, not text.`, 'Remove it from the step, or change its type to text first.');
  }
  return cols.map((c) => ({ op: 'text', column: c.name, action: step.textAction as TextAction }));
}

/**
 * Adds every step to the plan. With `fitted` (the recipe of a table cleaned by a twin node on
 * training data) fill-in values are taken from it instead of being computed here.
 *
 * @example
 * const plan = await SqlPlan.start(ctx.data, input.table);
 * const { recorded } = await compileCleanSteps(ctx, plan, params.steps, undefined);
 */
export async function compileCleanSteps(
  ctx: RunContext,
  plan: SqlPlan,
  steps: readonly CleanStep[],
  fitted: readonly RecipeStep[] | undefined,
): Promise<CompiledClean> {
  const recorded: RecipeStep[] = [];
  const rowSteps: RowStep[] = [];
  const name = (i: number) => `Step ${i + 1} (${OP_LABEL[steps[i].op] ?? steps[i].op})`;
  const apply = async (replay: RecipeStep[], i: number) => {
    await applyReplaySteps(plan, replay, () => name(i));
    recorded.push(...replay);
  };
  for (let i = 0; i < steps.length; i++) {
    if (ctx.signal.aborted) throw new NodeError('cancelled', 'Cancelled.');
    ctx.progress(i / steps.length, `Preparing step ${i + 1} of ${steps.length}`);
    const step = steps[i];
    const where = name(i);
    switch (step.op) {
      case 'select-columns':
        requireColumns(step.columns, where, 'to keep');
        await apply([{ op: 'select', columns: [...step.columns] }], i);
        break;
      case 'drop-columns': {
        requireColumns(step.columns, where, 'to remove');
        if (new Set(step.columns).size >= plan.columns.length && plan.columns.every((c) => step.columns.includes(c.name))) {
          throw new NodeError('no-columns-left', `${where}: removing ${quoteNames(step.columns)} would leave no columns.`, 'Keep at least one column.');
        }
        await apply([{ op: 'drop', columns: [...step.columns] }], i);
        break;
      }
      case 'rename':
        if (step.column === '') throw new NodeError('missing-column', `${where}: choose the column to rename.`, 'Pick a column in the step.');
        await apply([{ op: 'rename', column: step.column, to: step.newName.trim() }], i);
        break;
      case 'change-type':
        await apply(await changeType(ctx, plan, step, where), i);
        break;
      case 'filter': {
        let end = i;
        while (end + 1 < steps.length && steps[end + 1].op === 'filter') end++;
        const rows = steps.slice(i, end + 1);
        const cond = await filterSql(ctx.data, plan, rows, (k) => name(i + k));
        await plan.push((from) => `SELECT * FROM ${from} WHERE ${cond}`);
        rowSteps.push({ where: end > i ? `Steps ${i + 1}-${end + 1} (filter rows)` : where, relation: plan.from });
        i = end;
        break;
      }
      case 'missing':
        if (step.missingAction === 'drop') {
          const cols = pickColumns(plan, step.columns, where, () => true);
          const cond = cols.map((c) => `${ident(c.name)} IS NOT NULL`).join(' AND ') || 'true';
          await plan.push((from) => `SELECT * FROM ${from} WHERE ${cond}`);
          rowSteps.push({ where, relation: plan.from });
        } else {
          await apply(await impute(ctx, plan, step, where, fitted), i);
        }
        break;
      case 'dedupe': {
        const cols = pickColumns(plan, step.columns, where, () => true);
        const keys = cols.map((c) => ident(c.name)).join(', ');
        // The first occurrence in input order survives, whatever order DuckDB's threads see.
        await plan.push((from) => `SELECT * FROM ${from} QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY ${ident(ROW_COLUMN)}) = 1`, {
          keepsOrder: false,
        });
        rowSteps.push({ where, relation: plan.from });
        break;
      }
      case 'replace':
        await apply(await replaceValues(ctx, plan, step, where), i);
        break;
      case 'text':
        await apply(tidyText(plan, step, where), i);
        break;
      default:
        throw new NodeError('unknown-step', `${where}: unknown step "${String((step as CleanStep).op)}".`, 'Pick a step from the list.');
    }
  }
  return { recorded, rowSteps };
}
