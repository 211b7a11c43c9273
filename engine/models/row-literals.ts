/**
 * The doubles DuckDB makes of the number literals the SQL replay writes (`sqlNumber`): `38.58164675532078`
 * is bound as a DECIMAL(16,14) and converted when it meets a DOUBLE, which need not give the same
 * double as reading the text would. Asking DuckDB once per model, with the same expression shape,
 * makes the JS replay (`row-steps.ts`) use the very constants the SQL uses.
 */
import type { DataPlane } from '../data/data-plane.js';
import type { LiteralResolver } from './row-steps.js';
import { sqlNumber } from './sql-plan.js';

/** @example const compiled = await compileRowRecipe(recipe, inputs, duckdbLiterals(data)); */
export function duckdbLiterals(data: DataPlane): LiteralResolver {
  return async (values) => {
    // x + 0 is exact, so each column is the literal as DuckDB converts it beside a DOUBLE.
    const select = values.map((v, i) => `CAST(0 AS DOUBLE) + ${sqlNumber(v)} AS v${i}`).join(', ');
    const [row] = await data.all<Record<string, number>>(`SELECT ${select}`);
    return values.map((_, i) => Number(row[`v${i}`]));
  };
}
