/**
 * The replayable steps saved on `TableValue.fitted`: everything a prepare node did to each row,
 * with the values it learned from its input (imputation values, vocabularies, means, ranges).
 * Later nodes append theirs, so the list on a table is the full recipe from raw columns to that
 * table, in order; training saves it with the model and serving replays it on new rows.
 * Steps that add or remove ROWS (filters, duplicates, dropping rows with missing values) are
 * deliberately absent: new data must keep every row it arrives with.
 */
import { ident, literal } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';
import type { FittedStep } from '../../engine/values.js';
import { sqlNumber, type Projection, type SqlPlan } from './sql-plan.js';

export type TextAction = 'trim' | 'lower' | 'upper';
export type ImputeStrategy = 'mean' | 'median' | 'most-frequent' | 'constant';

/** One replayable step. Type aliases (not interfaces) so each is assignable to `FittedStep`. */
export type ReplayStep =
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

export type ReplayOp = ReplayStep['op'];

/**
 * Narrows the loose `FittedStep` records found on a table to the ones this module understands.
 * Lookups (`findFitted`) skip other nodes' steps; replaying a whole recipe must pass
 * `strict: true`, so a step nobody can replay stops the run instead of being silently left out.
 *
 * @example
 * const recipe = asReplaySteps(trainTable.fitted, { strict: true });
 */
export function asReplaySteps(steps: readonly FittedStep[] | undefined, options: { strict?: boolean } = {}): ReplayStep[] {
  const known = new Set<string>(['select', 'drop', 'rename', 'cast', 'impute', 'replace', 'text', 'one-hot', 'ordinal', 'standard-scale', 'min-max-scale']);
  const unknown = (steps ?? []).filter((s) => !known.has(s.op));
  if (options.strict && unknown.length > 0) {
    throw new NodeError(
      'fitted-unknown',
      `The saved preparation steps include ${unknown.map((s) => `"${s.op}"`).join(', ')}, which cannot be replayed here.`,
      'Update the app, or rebuild the table with the current nodes.',
    );
  }
  return (steps ?? []).filter((s) => known.has(s.op)) as unknown as ReplayStep[];
}

/**
 * The most recent fitted step with this op on this column, searching from the end: the node
 * that fitted on the training data is the last one to have transformed that table.
 */
export function findFitted<O extends ReplayOp>(steps: readonly ReplayStep[], ops: readonly O[], column: string): Extract<ReplayStep, { op: O }> | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if ((ops as readonly string[]).includes(s.op) && 'column' in s && s.column === column) return s as Extract<ReplayStep, { op: O }>;
  }
  return undefined;
}

/** A `fitted` input that lacks a value this node needs: say which and how to wire it. */
export function missingFitted(what: string, column: string): NodeError {
  return new NodeError(
    'fitted-missing',
    `The table on the "fitted" input has no fitted ${what} for column "${column}".`,
    'Connect the "fitted" input to the output of the same kind of node, with the same settings, that ran on the training data.',
  );
}

const CAST_TYPES =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|VARCHAR|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE|DECIMAL\(\d{1,2},\s?\d{1,2}\))$/i;
const TEXT_ACTIONS: readonly string[] = ['trim', 'lower', 'upper'];

/**
 * A type name that is safe to splice into SQL. Params and saved recipes arrive from files and the
 * command line, so nothing outside this list reaches a CAST.
 */
export function castType(type: string): string {
  if (!CAST_TYPES.test(type.trim())) {
    throw new NodeError(
      'bad-type',
      `"${type}" is not a type this app can convert to.`,
      'Choose a type from the list: number, whole number, text, yes/no, date, date and time.',
    );
  }
  return type.trim().toUpperCase();
}

function valueSql(value: string, type: string): string {
  return type === 'VARCHAR' ? literal(value) : `CAST(${literal(value)} AS ${type})`;
}

/** The SQL for columns a step rewrites in place, or null when the step is not column-wise. */
function columnExpr(step: ReplayStep, col: string, type: string): Projection[] | null {
  const c = ident(col);
  switch (step.op) {
    case 'cast':
      return [{ expr: `TRY_CAST(${c} AS ${castType(step.type)})`, name: col }];
    case 'impute':
      if (step.value === null) return [{ expr: c, name: col }];
      if (typeof step.value === 'number') return [{ expr: `COALESCE(CAST(${c} AS DOUBLE), ${sqlNumber(step.value)})`, name: col }];
      return [{ expr: `COALESCE(${c}, ${valueSql(step.value, type)})`, name: col }];
    case 'replace': {
      if (step.mode === 'regex') {
        return [{ expr: `regexp_replace(${c}, ${literal(step.find)}, ${literal(step.replacement ?? '')}, 'g')`, name: col }];
      }
      const to = step.replacement === null ? 'NULL' : valueSql(step.replacement, type);
      return [{ expr: `CASE WHEN ${c} = ${valueSql(step.find, type)} THEN ${to} ELSE ${c} END`, name: col }];
    }
    case 'text':
      if (!TEXT_ACTIONS.includes(step.action))
        throw new NodeError('bad-text-action', `"${step.action}" is not a text change this app knows.`, 'Choose trim, lower or upper.');
      return [{ expr: `${step.action}(${c})`, name: col }];
    case 'one-hot': {
      const out = step.categories.map((cat, i) => ({
        expr: `CAST(COALESCE(CAST(${c} AS VARCHAR) = ${literal(cat)}, false) AS INTEGER)`,
        name: step.outputs[i],
      }));
      if (step.otherOutput !== null) {
        const rare = step.rare.map(literal).join(', ');
        out.push({ expr: `CAST(COALESCE(CAST(${c} AS VARCHAR) IN (${rare}), false) AS INTEGER)`, name: step.otherOutput });
      }
      return out;
    }
    case 'ordinal': {
      if (step.categories.length === 0) return [{ expr: 'CAST(-1 AS INTEGER)', name: col }];
      const cats = `[${step.categories.map(literal).join(', ')}]`;
      // list_position is 1-based and NULL when absent; -1 marks unseen and missing.
      return [{ expr: `CAST(COALESCE(list_position(${cats}, CAST(${c} AS VARCHAR)) - 1, -1) AS INTEGER)`, name: col }];
    }
    case 'standard-scale':
      return [{ expr: `(CAST(${c} AS DOUBLE) - ${sqlNumber(step.mean)}) / ${sqlNumber(step.std)}`, name: col }];
    case 'min-max-scale': {
      const span = step.max - step.min;
      return [
        {
          expr: span === 0 ? `CASE WHEN ${c} IS NULL THEN NULL ELSE 0.0 END` : `(CAST(${c} AS DOUBLE) - ${sqlNumber(step.min)}) / ${sqlNumber(span)}`,
          name: col,
        },
      ];
    }
    default:
      return null;
  }
}

/**
 * Applies one step to a plan. Column-wise steps rewrite their column where it stands, so the
 * column order stays readable. `where` names the step in error messages.
 *
 * @example
 * await applyReplayStep(plan, { op: 'impute', column: 'age', strategy: 'mean', value: 38.6, type: 'BIGINT' }, 'Step 2');
 */
export async function applyReplayStep(plan: SqlPlan, step: ReplayStep, where: string): Promise<void> {
  switch (step.op) {
    case 'select': {
      for (const name of step.columns) plan.column(name, where);
      const keep = new Set(step.columns);
      await plan.mapColumns((col) => (keep.has(col.name) ? undefined : null));
      return;
    }
    case 'drop': {
      for (const name of step.columns) plan.column(name, where);
      const drop = new Set(step.columns);
      await plan.mapColumns((col) => (drop.has(col.name) ? null : undefined));
      return;
    }
    case 'rename': {
      plan.column(step.column, where);
      if (step.to.trim() === '') throw new NodeError('bad-name', `${where}: the new name for "${step.column}" is empty.`, 'Type the new column name.');
      if (step.to !== step.column && plan.columns.some((c) => c.name === step.to)) {
        throw new NodeError(
          'duplicate-column',
          `${where}: cannot rename "${step.column}" to "${step.to}", a column with that name already exists.`,
          'Pick another name, or drop the other column first.',
        );
      }
      await plan.mapColumns((col) => (col.name === step.column ? [{ expr: ident(col.name), name: step.to }] : undefined));
      return;
    }
    default: {
      const target = plan.column(step.column, where);
      const produced = columnExpr(step, target.name, target.type);
      if (!produced) throw new Error(`unhandled replay op ${(step as ReplayStep).op}`);
      for (const p of produced) {
        if (p.name !== target.name && plan.columns.some((c) => c.name === p.name)) {
          throw new NodeError(
            'duplicate-column',
            `${where}: the new column "${p.name}" would clash with an existing column of that name.`,
            'Rename or drop the existing column first.',
          );
        }
      }
      await plan.mapColumns((col) => (col.name === target.name ? produced : undefined));
    }
  }
}

/**
 * Applies steps in order, folding runs of column-wise steps on different columns into one
 * projection (one CTE instead of one per column). `where(i)` names step i in error messages.
 *
 * @example
 * const plan = await SqlPlan.start(ctx.data, newData.table);
 * await applyReplaySteps(plan, asReplaySteps(trainTable.fitted));
 */
export async function applyReplaySteps(
  plan: SqlPlan,
  steps: readonly ReplayStep[],
  where: (i: number) => string = (i) => `Fitted step ${i + 1} (${steps[i].op})`,
): Promise<void> {
  let batch = new Map<string, Projection[]>();
  const flush = async () => {
    if (batch.size === 0) return;
    const current = batch;
    batch = new Map();
    await plan.mapColumns((col) => current.get(col.name));
  };
  for (const [i, step] of steps.entries()) {
    const columnWise = !['select', 'drop', 'rename'].includes(step.op) && 'column' in step;
    if (!columnWise || batch.has(step.column)) await flush();
    if (!columnWise) {
      await applyReplayStep(plan, step, where(i));
      continue;
    }
    const target = plan.column(step.column, where(i));
    const produced = columnExpr(step, target.name, target.type) ?? [];
    const taken = new Set(plan.columns.map((c) => c.name));
    for (const outputs of batch.values()) for (const p of outputs) taken.add(p.name);
    for (const p of produced) {
      if (p.name !== target.name && taken.has(p.name)) {
        throw new NodeError(
          'duplicate-column',
          `${where(i)}: the new column "${p.name}" would clash with an existing column of that name.`,
          'Rename or drop the existing column first.',
        );
      }
    }
    batch.set(target.name, produced);
  }
  await flush();
}
