/**
 * The one typed recipe step: everything a prepare node (Clean, Encode/scale) did to each row,
 * with the values it learned from its input. A table carries its steps on `TableValue.fitted`,
 * a trained model saves them in `recipe.json`, and scoring replays them on raw rows
 * (`fitted-steps.ts` here turns them into SQL). Steps that add or remove ROWS are
 * deliberately absent: new data must keep every row it arrives with.
 *
 * Each op has a zod schema here, so whatever comes from disk is checked before it is replayed.
 */
import { z } from 'zod';

export type TextAction = 'trim' | 'lower' | 'upper';
export type ImputeStrategy = 'mean' | 'median' | 'most-frequent' | 'constant';

export type RecipeStep =
  | { op: 'select'; columns: string[] }
  | { op: 'drop'; columns: string[] }
  | { op: 'rename'; column: string; to: string }
  /** TRY_CAST: values that do not convert become missing. */
  | { op: 'cast'; column: string; type: string }
  /** `value` null: nothing to fill with (the column had no values when fitted). */
  | { op: 'impute'; column: string; strategy: ImputeStrategy; value: number | string | null; type: string }
  | { op: 'replace'; column: string; mode: 'exact' | 'regex'; find: string; replacement: string | null }
  | { op: 'text'; column: string; action: TextAction }
  /**
   * One 0/1 column per kept category, named `outputs[i]`, plus `otherOutput` (1 for the rare
   * categories seen when fitting) when `rare` is non-empty. Unseen values and missing: all zeros.
   */
  | { op: 'one-hot'; column: string; categories: string[]; outputs: string[]; rare: string[]; otherOutput: string | null }
  /** Code = position in `categories` (0-based); unseen values and missing get -1. */
  | { op: 'ordinal'; column: string; categories: string[] }
  /** (x - mean) / std; std is the population std, replaced by 1 when it was 0. */
  | { op: 'standard-scale'; column: string; mean: number; std: number }
  /** (x - min) / (max - min), or 0 when max == min; not clipped, so new data may leave [0, 1]. */
  | { op: 'min-max-scale'; column: string; min: number; max: number };

export type RecipeOp = RecipeStep['op'];
export type StepOf<O extends RecipeOp> = Extract<RecipeStep, { op: O }>;
/** The steps that rewrite one column where it stands. */
export type ColumnStep = Exclude<RecipeStep, { op: 'select' | 'drop' | 'rename' }>;

const column = z.string().min(1);
const names = z.array(z.string());

/** One schema per op; the mapped type makes a new op without a schema a type error. */
const STEP_SCHEMAS: { [O in RecipeOp]: z.ZodType<StepOf<O>> } = {
  select: z.object({ op: z.literal('select'), columns: names }),
  drop: z.object({ op: z.literal('drop'), columns: names }),
  rename: z.object({ op: z.literal('rename'), column, to: z.string() }),
  cast: z.object({ op: z.literal('cast'), column, type: z.string() }),
  impute: z.object({
    op: z.literal('impute'),
    column,
    strategy: z.enum(['mean', 'median', 'most-frequent', 'constant']),
    value: z.union([z.number(), z.string(), z.null()]),
    type: z.string(),
  }),
  replace: z.object({ op: z.literal('replace'), column, mode: z.enum(['exact', 'regex']), find: z.string(), replacement: z.string().nullable() }),
  text: z.object({ op: z.literal('text'), column, action: z.enum(['trim', 'lower', 'upper']) }),
  'one-hot': z
    .object({ op: z.literal('one-hot'), column, categories: names, outputs: names, rare: names, otherOutput: z.string().nullable() })
    .refine((s) => s.outputs.length === s.categories.length, { message: 'needs one output column per category', path: ['outputs'] }),
  ordinal: z.object({ op: z.literal('ordinal'), column, categories: names }),
  'standard-scale': z.object({ op: z.literal('standard-scale'), column, mean: z.number(), std: z.number() }),
  'min-max-scale': z.object({ op: z.literal('min-max-scale'), column, min: z.number(), max: z.number() }),
};

export const RECIPE_OPS = Object.keys(STEP_SCHEMAS) as RecipeOp[];

export function isRecipeOp(op: unknown): op is RecipeOp {
  return typeof op === 'string' && Object.hasOwn(STEP_SCHEMAS, op);
}

export function isColumnStep(step: RecipeStep): step is ColumnStep {
  return step.op !== 'select' && step.op !== 'drop' && step.op !== 'rename';
}

/** `impute on "age"`: how messages name a step. */
export function describeStep(step: { op?: unknown; column?: unknown }): string {
  const op = typeof step.op === 'string' ? step.op : 'a step without "op"';
  return typeof step.column === 'string' ? `${op} on "${step.column}"` : op;
}

/** A step list that failed validation; the message names the source, the step and the field. */
export class RecipeError extends Error {
  override name = 'RecipeError';
}

/**
 * Checks a list read from a file (or any untyped source) step by step. `source` names where it
 * came from (a file path), so a message reads `<file>: step 3 ("log-transform" on "age") ...`.
 *
 * @example
 * const steps = parseRecipeSteps(JSON.parse(text).steps, '/models/m1/recipe.json');
 */
export function parseRecipeSteps(value: unknown, source: string): RecipeStep[] {
  if (!Array.isArray(value)) throw new RecipeError(`${source}: "steps" must be a list of recipe steps, got ${value === null ? 'null' : typeof value}.`);
  return value.map((raw: unknown, i) => {
    const where = `${source}: step ${i + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new RecipeError(`${where} is not an object.`);
    const step = raw as { op?: unknown; column?: unknown };
    if (!isRecipeOp(step.op)) {
      throw new RecipeError(
        `${where} (${describeStep(step)}) is not a step this version of Lifecycle Studio can replay (it knows ${RECIPE_OPS.join(', ')}). ` +
          'Open the model with the version that trained it, or retrain it with this one.',
      );
    }
    const parsed = STEP_SCHEMAS[step.op].safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'step'}: ${issue.message}`).join('; ');
      throw new RecipeError(`${where} (${describeStep(step)}) is malformed: ${problems}. Retrain the model to rewrite its recipe.`);
    }
    return parsed.data;
  });
}

/**
 * The step narrowed to `op`, or an error saying what was there instead.
 *
 * @example
 * const { mean, std } = stepAs(table.fitted?.[0], 'standard-scale');
 */
export function stepAs<O extends RecipeOp>(step: RecipeStep | undefined, op: O): StepOf<O> {
  const is = (s: RecipeStep | undefined): s is StepOf<O> => s?.op === op;
  if (!is(step)) throw new RecipeError(`expected a "${op}" step, got ${step ? describeStep(step) : 'no step'}`);
  return step;
}
