/**
 * Makes the table to score look like the model's training table. A model trained after prepare
 * nodes (Clean, Encode/scale) carries their fitted recipe; a table that already went through the
 * same steps is scored as it is, a raw table gets the recipe replayed first (the same SQL the
 * prepare nodes run), and anything else stops with the columns or steps that do not match.
 */
import { ident, type DataPlane } from '../data/data-plane.js';
import type { ModelRecipe } from './model-recipe.js';
import { NodeError } from '../node-run.js';
import { describeStep, type RecipeStep } from './recipe-steps.js';
import type { ModelValue, TableValue } from '../values.js';
import { applyReplaySteps } from './fitted-steps.js';
import { SqlPlan } from './sql-plan.js';

/** What to score: the table itself, or a prepared copy (`replayed` > 0) to drop afterwards. */
export interface ScoringInput {
  table: string;
  /** Recipe steps replayed here (0: the table was scored as it came). */
  replayed: number;
  /** Steps in the model's recipe. */
  recipeSteps: number;
}

/** JSON with sorted keys, so two steps compare equal whatever order their fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Columns the steps read that neither the table has nor an earlier step makes, in first-use
 * order: what a raw table must bring for the recipe to replay.
 */
export function missingSourceColumns(steps: readonly RecipeStep[], columns: readonly string[]): string[] {
  let have = new Set(columns);
  const missing: string[] = [];
  const need = (name: string) => {
    if (have.has(name)) return;
    missing.push(name);
    have.add(name);
  };
  for (const s of steps) {
    switch (s.op) {
      case 'select':
        s.columns.forEach(need);
        have = new Set(s.columns);
        break;
      case 'drop':
        s.columns.forEach(need);
        s.columns.forEach((c) => have.delete(c));
        break;
      case 'rename':
        need(s.column);
        have.delete(s.column);
        have.add(s.to);
        break;
      case 'one-hot':
        need(s.column);
        have.delete(s.column);
        s.outputs.forEach((c) => have.add(c));
        if (s.otherOutput) have.add(s.otherOutput);
        break;
      default:
        need(s.column);
    }
  }
  return missing;
}

/** The steps with `column` taken out: its own column-wise steps dropped, its name removed from select and drop lists. */
export function withoutColumn(steps: readonly RecipeStep[], column: string): RecipeStep[] {
  const out: RecipeStep[] = [];
  for (const s of steps) {
    if (s.op === 'select' || s.op === 'drop') {
      const columns = s.columns.filter((c) => c !== column);
      if (columns.length || s.op === 'select') out.push({ ...s, columns });
    } else if (s.column !== column) {
      out.push(s);
    }
  }
  return out;
}

/**
 * Decides how to score `table` with `model` (whose saved recipe is `saved`, `readModelRecipe`)
 * and, for a raw table, writes the prepared copy to `preparedName` (the caller drops it).
 *
 * @example
 * const input = await prepareForScoring(ctx.data, inputs.model, await readModelRecipe(inputs.model.dir), inputs.table, `${out}__prepared`);
 */
export async function prepareForScoring(
  data: DataPlane,
  model: ModelValue,
  saved: ModelRecipe | undefined,
  table: TableValue,
  preparedName: string,
): Promise<ScoringInput> {
  const recipe = saved?.steps.length ? saved.steps : (model.fitted ?? []);
  const asIs = { table: table.table, replayed: 0, recipeSteps: recipe.length };
  if (recipe.length === 0) return asIs;
  const applied = table.fitted ?? [];
  const firstDifference = applied.findIndex((step, i) => i >= recipe.length || canonical(step) !== canonical(recipe[i]));
  if (firstDifference === -1 && applied.length === recipe.length) return asIs;
  if (firstDifference !== -1) {
    const theirs = describeStep(applied[firstDifference]);
    const ours = firstDifference < recipe.length ? describeStep(recipe[firstDifference]) : 'nothing (the recipe ends there)';
    throw new NodeError(
      'NODE_FAILED',
      `The table to score was prepared differently from the model's training table: its step ${firstDifference + 1} is ${theirs}, where the model's recipe has ${ours}.`,
      'Score the raw table (the model repeats its own preparation), or prepare this table with the same nodes connected to the training side through their "Reuse fitted values" input.',
    );
  }
  // `applied` is a strict prefix of the recipe (empty for a raw table): replay the rest.
  const replay = recipe.slice(applied.length);
  const target = model.target;
  // New rows to serve usually come without the target: steps that only touch it are left out.
  const rest = target && !table.columns.some((c) => c.name === target) ? withoutColumn(replay, target) : replay;
  const missing = missingSourceColumns(
    rest,
    table.columns.map((c) => c.name),
  );
  if (missing.length) {
    throw new NodeError(
      'NODE_FAILED',
      `The table to score lacks column(s) ${missing.map((c) => `"${c}"`).join(', ')}, which the model's preparation recipe (${recipe.length} steps: ${[...new Set(recipe.map((s) => s.op))].join(', ')}) starts from.`,
      'Score a table with the same raw columns as the training data had before its Clean / Encode steps, or one prepared by those same steps.',
    );
  }
  const plan = await SqlPlan.start(data, table.table);
  await applyReplaySteps(plan, rest, (i) => `Model recipe step ${applied.length + i + 1} (${rest[i].op})`);
  await data.run(`CREATE OR REPLACE TABLE ${ident(preparedName)} AS ${plan.outputSql()}`);
  return {
    table: preparedName,
    replayed: rest.length,
    recipeSteps: recipe.length,
  };
}
