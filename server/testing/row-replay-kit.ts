/**
 * Compares the JS row replay (`compileRowRecipe`) with the SQL replay it stands in for, row by
 * row: the rows go into a DuckDB table of DOUBLE/VARCHAR columns as the server's SQL path makes it,
 * `prepareForScoring` + `readModelInputs` + `encodeUnscaled` give the expected matrix (the SQL
 * replay is the one tested against Python), and each row is also encoded alone in JS.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { ModelRecipe } from '../../engine/models/model-recipe.js';
import { encodeUnscaled, type RawColumns } from '../../engine/models/preprocessing.js';
import { duckdbLiterals } from '../../engine/models/row-literals.js';
import { compileRowRecipe, type RowRecipe } from '../../engine/models/row-steps.js';
import type { Cell } from '../../engine/models/row-values.js';
import { prepareForScoring } from '../../engine/models/scoring-input.js';
import { readModelInputs } from '../../engine/models/table-reader.js';
import { inputColumns, type InputColumn } from '../served-model.js';

export type Row = Record<string, unknown>;

/** A row's value as the server's validation hands it on: numbers for number columns, text for text ones. */
function cellOf(v: unknown, type: InputColumn['type']): Cell {
  if (v === null || v === undefined) return null;
  if (type === 'text') return String(v);
  // As a CSV cell: the server answers 400 to anything else in a number column, so no test sends it.
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`test row error: ${JSON.stringify(v)} in a number column would be refused by the server`);
  return n;
}

export const toColumns = (inputs: readonly InputColumn[], rows: readonly Row[]): Cell[][] => inputs.map((c) => rows.map((r) => cellOf(r[c.name], c.type)));

let n = 0;

/** The SQL replay's feature columns for the rows, as the SQL path reads them before encoding. */
export async function sqlRaw(data: DataPlane, recipe: ModelRecipe, inputs: readonly InputColumn[], columns: Cell[][], rows: number): Promise<RawColumns> {
  const table = `replay_kit_${++n}`;
  const defs = inputs.map((c) => `${ident(c.name)} ${c.type === 'number' ? 'DOUBLE' : 'VARCHAR'}`);
  await data.run(`CREATE OR REPLACE TABLE ${ident(table)} (${defs.join(', ')})`);
  const appender = await data.connection.createAppender(table);
  for (let r = 0; r < rows; r++) {
    inputs.forEach((c, j) => {
      const v = columns[j][r];
      if (v === null) appender.appendNull();
      else if (c.type === 'number') appender.appendDouble(v as number);
      else appender.appendVarchar(v as string);
    });
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const model = { kind: 'model' as const, dir: '', format: 'onnx' as const, target: recipe.encoding.target.name, summary: {} };
  const input = await prepareForScoring(data, model, recipe, await data.describe(table), `${table}_prepared`);
  return (await readModelInputs(data, input.table, recipe.encoding)).raw;
}

export interface Comparison {
  /** Rows the JS replay declined (encode answered undefined): the server sends those to SQL. */
  unsure: number[];
  /** Rows where JS and SQL differ in any feature value (doubles and codes, before the Float32 encoding) or encoded value. */
  different: number[];
  /** Rows encoded by JS and equal to SQL. */
  same: number;
  /** The JS replay of every sure row in one batch equals SQL's. */
  batchSame: boolean;
  inputs: InputColumn[];
  recipe: RowRecipe;
}

/** Replays every row alone in JS and all in SQL, and compares the feature values (Float64, exact) and the encoded input (Float32). */
export async function compareReplays(data: DataPlane, recipe: ModelRecipe, rows: readonly Row[]): Promise<Comparison> {
  const inputs = inputColumns(recipe);
  const compiled = await compileRowRecipe(recipe, inputs, duckdbLiterals(data));
  if (!('recipe' in compiled)) throw new Error(`the recipe is not replayable in JS: ${compiled.fallback}`);
  const width = recipe.encoding.encodedNames.length;
  const columns = toColumns(inputs, rows);
  const expectedRaw = await sqlRaw(data, recipe, inputs, columns, rows.length);
  const expected = encodeUnscaled(recipe.encoding, expectedRaw);
  const unsure: number[] = [];
  const different: number[] = [];
  const sure: number[] = [];
  rows.forEach((_, i) => {
    const one = columns.map((c) => [c[i]]);
    const raw = compiled.recipe.raw(one, 1);
    // encode writes the matrix straight from the cells: it must refuse exactly the rows raw refuses.
    const got = compiled.recipe.encode(one, 1);
    if (!raw) {
      unsure.push(i);
      if (got) different.push(i);
      return;
    }
    sure.push(i);
    if (!got) return void different.push(i);
    const want = expected.subarray(i * width, (i + 1) * width);
    const rawDiffers = raw.columns.some((col, j) => !Object.is(col[0], expectedRaw.columns[j][i]));
    if (rawDiffers || got.some((v, k) => !Object.is(v, want[k]))) different.push(i);
  });
  const batch = compiled.recipe.encode(
    columns.map((c) => sure.map((i) => c[i])),
    sure.length,
  );
  const batchSame = !!batch && sure.every((i, k) => batch.subarray(k * width, (k + 1) * width).every((v, j) => Object.is(v, expected[i * width + j])));
  return { unsure, different, same: sure.length - different.length, batchSame, inputs, recipe: compiled.recipe };
}
