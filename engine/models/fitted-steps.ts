/**
 * Turns recipe steps (`engine/models/recipe-steps.ts`: what Clean and Encode/scale did, with the
 * values they learned) into SQL on a plan, and looks up fitted values for a node's "fitted"
 * input. A table's `fitted` list is the full recipe from raw columns to that table, in order;
 * training saves it with the model and scoring replays it here on new rows.
 */
import { ident, literal } from '../data/data-plane.js';
import { isColumnStep, type ColumnStep, type RecipeOp, type RecipeStep, type StepOf } from './recipe-steps.js';
import { NodeError } from '../node-run.js';
import { sqlNumber, type Projection, type SqlPlan } from './sql-plan.js';

/**
 * The most recent fitted step with this op on this column, searching from the end: the node
 * that fitted on the training data is the last one to have transformed that table.
 */
export function findFitted<O extends RecipeOp>(steps: readonly RecipeStep[], ops: readonly O[], column: string): StepOf<O> | undefined {
  const wanted = (s: RecipeStep): s is StepOf<O> => (ops as readonly RecipeOp[]).includes(s.op);
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (wanted(s) && 'column' in s && s.column === column) return s;
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

/** The SQL for the columns a column-wise step makes in place of `col`. */
function columnExpr(step: ColumnStep, col: string, type: string): Projection[] {
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
  }
}

/**
 * Applies one step to a plan. Column-wise steps rewrite their column where it stands, so the
 * column order stays readable. `where` names the step in error messages.
 *
 * @example
 * await applyReplayStep(plan, { op: 'impute', column: 'age', strategy: 'mean', value: 38.6, type: 'BIGINT' }, 'Step 2');
 */
export async function applyReplayStep(plan: SqlPlan, step: RecipeStep, where: string): Promise<void> {
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
 * await applyReplaySteps(plan, trainTable.fitted ?? []);
 */
export async function applyReplaySteps(
  plan: SqlPlan,
  steps: readonly RecipeStep[],
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
    if (!isColumnStep(step) || batch.has(step.column)) await flush();
    if (!isColumnStep(step)) {
      await applyReplayStep(plan, step, where(i));
      continue;
    }
    const target = plan.column(step.column, where(i));
    const produced = columnExpr(step, target.name, target.type);
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
