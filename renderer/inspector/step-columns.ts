/**
 * The columns each Clean step sees: steps run top to bottom, so a step's pickers offer the columns
 * the steps above it left (kept, removed, renamed), not the whole input table.
 */

type Step = Record<string, unknown>;

const names = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The columns after one step, given the columns before it. Steps that keep the columns return them unchanged. */
export function columnsAfterStep(before: readonly string[], step: Step): string[] {
  switch (step.op) {
    case 'select-columns': {
      const keep = names(step.columns).filter((c) => before.includes(c));
      // An empty or all-unknown choice fails the run; until then, the next steps still see the table.
      return keep.length > 0 ? keep : [...before];
    }
    case 'drop-columns': {
      const drop = new Set(names(step.columns));
      return before.filter((c) => !drop.has(c));
    }
    case 'rename': {
      const to = typeof step.newName === 'string' ? step.newName.trim() : '';
      return to ? before.map((c) => (c === step.column ? to : c)) : [...before];
    }
    default:
      return [...before];
  }
}

/**
 * The columns seen by each step: entry k is what step k (0-based) receives from steps 0..k-1.
 *
 * @example
 * columnsBeforeSteps(['a', 'b', 'c'], [{ op: 'drop-columns', columns: ['b'] }, { op: 'missing' }]) // [['a','b','c'], ['a','c']]
 */
export function columnsBeforeSteps(input: readonly string[], steps: readonly Step[]): string[][] {
  const out: string[][] = [];
  let current = [...input];
  for (const step of steps) {
    out.push(current);
    current = columnsAfterStep(current, step);
  }
  return out;
}
