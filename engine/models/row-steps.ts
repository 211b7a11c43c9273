/**
 * A model's recipe replayed in JS on the rows of one request, column by column, with exactly the
 * results of the SQL replay (`fitted-steps.ts` through `prepareForScoring`, then `readModelInputs`)
 * on a table of those rows: the model server's path that needs no DuckDB per request.
 *
 * Two levels of "not here": a recipe with an op or type this file does not follow (a regex replace,
 * a cast to DATE, a boolean feature ...) is refused whole when compiled (`{ fallback: reason }`),
 * and a request whose cells leave the range the conversions in `row-values.ts` reproduce exactly
 * makes `encode` answer undefined. Both mean: score through the SQL replay.
 */
import { castType } from './fitted-steps.js';
import type { ModelRecipe } from './model-recipe.js';
import { featureLayout, type FeatureLayout, type FittedEncoding, type RawColumn, type RawColumns } from './preprocessing.js';
import { encodeCells } from './row-encode.js';
import type { ColumnStep, RecipeStep } from './recipe-steps.js';
import { withoutColumn } from './scoring-input.js';
import {
  changeCase,
  doubleToInt,
  isIntType,
  textToDouble,
  textToInt,
  toDouble,
  toText,
  trimSpaces,
  UNSURE,
  type Cell,
  type IntType,
  type Maybe,
  type RowType,
} from './row-values.js';

/** A raw column a request brings: numbers arrive as DOUBLE, text as VARCHAR (as the server's table had them). */
export interface RowInputColumn {
  name: string;
  type: 'number' | 'text';
}

/** The double DuckDB makes of each number as the SQL replay writes it (`sqlNumber`): a decimal literal is a DECIMAL first. */
export type LiteralResolver = (values: number[]) => Promise<number[]>;

type Columns = Map<string, Cell[]>;
/** One step at run time; false when a cell is out of the exact range (the request goes to SQL). */
type RowOp = (cols: Columns) => boolean;

class NotReplayable extends Error {}

const mapCells =
  (name: string, f: (v: number | string) => Maybe<Cell>): RowOp =>
  (cols) => {
    const cells = cols.get(name)!;
    const out: Cell[] = new Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      const r = v === null ? null : f(v);
      if (r === UNSURE) return false;
      out[i] = r;
    }
    cols.set(name, out);
    return true;
  };

/** Compiles the steps against the column types they meet, resolving every number literal the SQL would use. */
class Compiler {
  readonly ops: RowOp[] = [];
  private readonly literals: number[] = [];
  private readonly pending: ((resolved: number[]) => RowOp)[] = [];

  constructor(readonly types: Map<string, RowType>) {}

  /** Registers a step that needs the SQL value of some literals before it can be built. */
  private withLiterals(values: number[], build: (resolved: number[]) => RowOp): void {
    const at = this.literals.length;
    this.literals.push(...values);
    const index = this.ops.length;
    this.ops.push(() => false);
    this.pending.push((all) => (this.ops[index] = build(all.slice(at, at + values.length))));
  }

  async resolve(resolver: LiteralResolver): Promise<void> {
    const all = this.literals.length ? await resolver(this.literals) : [];
    for (const p of this.pending) p(all);
  }

  private type(name: string): RowType {
    const t = this.types.get(name);
    if (!t) throw new NotReplayable(`no column "${name}" at this step`);
    return t;
  }

  step(s: RecipeStep): void {
    if (s.op === 'select' || s.op === 'drop') {
      for (const c of s.columns) this.type(c);
      const keep = (c: string) => (s.op === 'select') === s.columns.includes(c);
      for (const c of [...this.types.keys()]) if (!keep(c)) this.types.delete(c);
      this.ops.push((cols) => {
        for (const c of [...cols.keys()]) if (!keep(c)) cols.delete(c);
        return true;
      });
      return;
    }
    if (s.op === 'rename') {
      const type = this.type(s.column);
      if (s.to !== s.column && this.types.has(s.to)) throw new NotReplayable(`rename to the existing column "${s.to}"`);
      this.types.delete(s.column);
      this.types.set(s.to, type);
      this.ops.push((cols) => {
        const cells = cols.get(s.column)!;
        cols.delete(s.column);
        cols.set(s.to, cells);
        return true;
      });
      return;
    }
    this.columnStep(s, this.type(s.column));
  }

  private setType(name: string, type: RowType, op: RowOp): void {
    this.types.set(name, type);
    this.ops.push(op);
  }

  private columnStep(s: ColumnStep, type: RowType): void {
    const name = s.column;
    switch (s.op) {
      case 'cast':
        return this.setType(name, castTarget(s.type), castOp(name, type, castTarget(s.type)));
      case 'impute':
        return this.impute(s, type);
      case 'replace':
        return this.setType(name, type, replaceOp(s, type));
      case 'text': {
        if (type !== 'VARCHAR') throw new NotReplayable(`text change on the ${type} column "${name}"`);
        const action = s.action;
        return this.setType(
          name,
          type,
          mapCells(name, (v) => (action === 'trim' ? trimSpaces(v as string) : changeCase(v as string, action))),
        );
      }
      case 'one-hot':
        return this.oneHot(s, type);
      case 'ordinal': {
        // Missing and unseen values both get -1 (COALESCE(list_position(...) - 1, -1)).
        const codes = firstIndex(s.categories);
        const code = mapCells(name, (v) => mapText(toText(v, type), (t) => codes.get(t) ?? -1));
        return this.setType(
          name,
          'INTEGER',
          (cols) =>
            code(cols) &&
            (cols.set(
              name,
              cols.get(name)!.map((c) => c ?? -1),
            ),
            true),
        );
      }
      case 'standard-scale':
        this.types.set(name, 'DOUBLE');
        return this.withLiterals([s.mean, s.std], ([mean, std]) => {
          if (std === 0) throw new NotReplayable(`a standard deviation of 0 for "${name}"`);
          return mapCells(name, (v) => mapNumber(toDouble(v, true), (x) => finite((x - mean) / std)));
        });
      case 'min-max-scale': {
        this.types.set(name, 'DOUBLE');
        const span = s.max - s.min;
        if (span === 0) return void this.ops.push(mapCells(name, () => 0));
        return this.withLiterals([s.min, span], ([min, width]) => mapCells(name, (v) => mapNumber(toDouble(v, true), (x) => finite((x - min) / width))));
      }
    }
  }

  private impute(s: Extract<ColumnStep, { op: 'impute' }>, type: RowType): void {
    const { column: name, value } = s;
    if (value === null) return;
    if (typeof value === 'number') {
      this.types.set(name, 'DOUBLE');
      return this.withLiterals([value], ([fill]) => (cols) => {
        const cells = cols.get(name)!;
        const out: Cell[] = new Array(cells.length);
        for (let i = 0; i < cells.length; i++) {
          const v = cells[i];
          const x = v === null ? null : toDouble(v, true);
          if (x === UNSURE) return false;
          out[i] = x ?? fill;
        }
        cols.set(name, out);
        return true;
      });
    }
    if (type !== 'VARCHAR') throw new NotReplayable(`a text fill value for the ${type} column "${name}"`);
    this.ops.push((cols) => {
      cols.set(
        name,
        cols.get(name)!.map((v) => v ?? value),
      );
      return true;
    });
  }

  private oneHot(s: Extract<ColumnStep, { op: 'one-hot' }>, type: RowType): void {
    const outputs = [...s.outputs, ...(s.otherOutput !== null ? [s.otherOutput] : [])];
    for (const o of outputs) if (o !== s.column && this.types.has(o)) throw new NotReplayable(`one-hot output "${o}" clashes with a column`);
    this.types.delete(s.column);
    for (const o of outputs) this.types.set(o, 'INTEGER');
    // Position of each value's output; the rare values all light the "other" output.
    const slot = firstIndex(s.categories);
    const rare = new Set(s.rare);
    this.ops.push((cols) => {
      const cells = cols.get(s.column)!;
      const hot = new Int32Array(cells.length).fill(-1);
      const rareHit = new Uint8Array(cells.length);
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i];
        if (v === null) continue;
        const t = toText(v, type);
        if (t === UNSURE) return false;
        hot[i] = slot.get(t) ?? -1;
        rareHit[i] = rare.has(t) ? 1 : 0;
      }
      cols.delete(s.column);
      s.outputs.forEach((o, k) =>
        cols.set(
          o,
          Array.from(hot, (h) => (h === k ? 1 : 0)),
        ),
      );
      if (s.otherOutput !== null) cols.set(s.otherOutput, Array.from(rareHit));
      return true;
    });
  }
}

const finite = (x: number): Maybe<number> => (Number.isFinite(x) ? x : UNSURE);
const mapNumber = (x: Maybe<number | null>, f: (x: number) => Maybe<Cell>): Maybe<Cell> => (x === UNSURE || x === null ? x : f(x));
const mapText = (t: Maybe<string>, f: (t: string) => Cell): Maybe<Cell> => (t === UNSURE ? t : f(t));

/** Value -> its first position: DuckDB's list_position answers the first match. */
function firstIndex(values: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  values.forEach((v, i) => {
    if (!index.has(v)) index.set(v, i);
  });
  return index;
}

function castTarget(type: string): RowType {
  let t: string;
  try {
    t = castType(type);
  } catch {
    throw new NotReplayable(`a cast to "${type}"`);
  }
  if (t === 'DOUBLE' || t === 'VARCHAR' || isIntType(t)) return t;
  throw new NotReplayable(`a cast to ${t}`);
}

function castOp(name: string, from: RowType, to: RowType): RowOp {
  if (to === 'VARCHAR') return mapCells(name, (v) => toText(v, from));
  if (to === 'DOUBLE') return mapCells(name, (v) => toDouble(v, false));
  return mapCells(name, (v) => (typeof v === 'string' ? textToInt(v, to as IntType) : doubleToInt(v, to as IntType)));
}

/** A constant the SQL casts to the column's type (`CAST('3' AS DOUBLE)`); only plain numbers are followed. */
function constantOf(text: string, type: RowType): string | number {
  if (type === 'VARCHAR') return text;
  const n = isIntType(type) ? textToInt(text, type) : textToDouble(text, true);
  if (typeof n !== 'number') throw new NotReplayable(`the value "${text}" for a ${type} column`);
  return n;
}

function replaceOp(s: Extract<ColumnStep, { op: 'replace' }>, type: RowType): RowOp {
  if (s.mode === 'regex') throw new NotReplayable('a regular-expression replace (DuckDB uses RE2, whose syntax differs from JS)');
  const find = constantOf(s.find, type);
  const to = s.replacement === null ? null : constantOf(s.replacement, type);
  return mapCells(s.column, (v) => (v === find ? to : v));
}

/** A compiled recipe: `encode` turns a request's raw columns into the ONNX model's unscaled input. */
export class RowRecipe {
  /** Each categorical feature's vocabulary as value -> code, built once per model rather than per request. */
  private readonly vocabularies: (Map<string, number> | undefined)[];
  private readonly layout: FeatureLayout;
  private readonly featureTypes: RowType[];
  /** Each feature's column in the request, when no op changes a column (the features are then input columns). */
  private readonly featureInputs: number[] | undefined;

  constructor(
    private readonly inputs: readonly RowInputColumn[],
    private readonly ops: readonly RowOp[],
    private readonly types: ReadonlyMap<string, RowType>,
    readonly encoding: FittedEncoding,
  ) {
    this.vocabularies = encoding.features.map((f) => (f.kind === 'categorical' ? firstIndex(f.categories ?? []) : undefined));
    this.layout = featureLayout(encoding);
    this.featureTypes = encoding.features.map((f) => types.get(f.name)!);
    // The last input of a name, as the Map of `applyOps` keeps it.
    const names = inputs.map((c) => c.name);
    const at = encoding.features.map((f) => names.lastIndexOf(f.name));
    this.featureInputs = ops.length === 0 && at.every((j) => j >= 0) ? at : undefined;
  }

  /** Raw cells (one array per input column, in `inputs` order) to `encodeUnscaled`'s matrix, or undefined: use the SQL replay. */
  encode(columns: readonly Cell[][], rows: number): Float32Array | undefined {
    let cells: (readonly Cell[])[];
    if (this.featureInputs) {
      cells = this.featureInputs.map((j) => columns[j]);
    } else {
      const cols = this.applyOps(columns);
      if (!cols) return undefined;
      cells = this.encoding.features.map((f) => cols.get(f.name)!);
    }
    return encodeCells(cells, this.featureTypes, this.vocabularies, this.layout, this.encoding.encodedNames.length, rows);
  }

  /** The request's columns by name after the recipe's ops, or undefined when an op cannot follow a cell. */
  private applyOps(columns: readonly Cell[][]): Columns | undefined {
    const cols: Columns = new Map(this.inputs.map((c, j) => [c.name, columns[j]]));
    for (const op of this.ops) if (!op(cols)) return undefined;
    return cols;
  }

  /** The feature columns as `readModelInputs` reads them from the SQL replay's table (doubles, category codes). */
  raw(columns: readonly Cell[][], rows: number): RawColumns | undefined {
    const cols = this.applyOps(columns);
    if (!cols) return undefined;
    const raw: RawColumn[] = [];
    for (const [j, f] of this.encoding.features.entries()) {
      const vocabulary = this.vocabularies[j];
      const column = vocabulary ? codesOf(cols.get(f.name)!, this.types.get(f.name)!, vocabulary, rows) : numbersOf(cols.get(f.name)!, rows);
      if (!column) return undefined;
      raw.push(column);
    }
    return { rows, columns: raw };
  }
}

/** `coalesce(list_position(vocabulary, CAST(col AS VARCHAR)), 0) - 1`. */
function codesOf(cells: readonly Cell[], type: RowType, codes: ReadonlyMap<string, number>, rows: number): Int32Array | undefined {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = cells[i];
    const t = v === null ? null : toText(v, type);
    if (t === UNSURE) return undefined;
    out[i] = t === null ? -1 : (codes.get(t) ?? -1);
  }
  return out;
}

/** `TRY_CAST(col AS DOUBLE)`, NaN for missing. */
function numbersOf(cells: readonly Cell[], rows: number): Float64Array | undefined {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = cells[i];
    const x = v === null ? null : toDouble(v, false);
    if (x === UNSURE) return undefined;
    out[i] = x ?? NaN;
  }
  return out;
}

/**
 * Compiles a model's recipe for rows with the given raw columns, or says why it must stay in SQL.
 *
 * @example
 * const compiled = await compileRowRecipe(served.recipe, served.inputs, duckdbLiterals(data));
 * const x = 'recipe' in compiled ? compiled.recipe.encode(columns, rows) : undefined;
 */
export async function compileRowRecipe(
  recipe: ModelRecipe,
  inputs: readonly RowInputColumn[],
  resolver: LiteralResolver,
): Promise<{ recipe: RowRecipe } | { fallback: string }> {
  const types = new Map<string, RowType>(inputs.map((c) => [c.name, c.type === 'number' ? 'DOUBLE' : 'VARCHAR']));
  const compiler = new Compiler(types);
  try {
    // New rows come without the target: the steps that only touch it are left out, as prepareForScoring does.
    for (const s of withoutColumn(recipe.steps, recipe.encoding.target.name)) compiler.step(s);
    for (const f of recipe.encoding.features) {
      if (!types.has(f.name)) throw new NotReplayable(`the feature "${f.name}" is not made by the steps`);
      if (f.kind !== 'numeric' && f.kind !== 'categorical') throw new NotReplayable(`the ${f.kind} feature "${f.name}"`);
    }
    await compiler.resolve(resolver);
  } catch (err) {
    if (err instanceof NotReplayable) return { fallback: err.message };
    throw err;
  }
  return { recipe: new RowRecipe(inputs, compiler.ops, types, recipe.encoding) };
}
