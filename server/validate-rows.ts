/**
 * Checks request rows against the model's raw input columns and collects one message per wrong
 * field (a column missing in some rows, text where a number belongs), so a caller fixes them all
 * at once. Unseen categories are fine: the model scores them like missing values.
 */
import type { InputColumn } from './served-model.js';

export type Cell = number | string | null;
export interface FieldError {
  field: string;
  message: string;
}

const MAX_ROWS_NAMED = 5;

function rowList(rows: number[]): string {
  const shown = rows.slice(0, MAX_ROWS_NAMED).join(', ');
  return rows.length > MAX_ROWS_NAMED ? `${shown}, ... (${rows.length} rows)` : shown;
}

/** A CSV cell is always text: empty is missing, a number column must parse as a number. */
function csvNumber(v: string): number | null | undefined {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Turns raw rows into one array of cells per input column, or the field errors.
 *
 * @example
 * const checked = checkRows(served.inputs, body.rows, 'json');
 * if ('errors' in checked) return reply.code(400).send({ errors: checked.errors });
 */
export function checkRows(inputs: readonly InputColumn[], rows: readonly unknown[], source: 'json' | 'csv'): { columns: Cell[][] } | { errors: FieldError[] } {
  const columns = source === 'json' ? jsonReader(inputs)(rows) : undefined;
  return columns ? { columns } : checkEach(inputs, rows, source);
}

/** The loop below, column by column, with every message; also the whole check of CSV rows (exported for the tests: the reference for the compiled reader). */
export function checkEach(inputs: readonly InputColumn[], rows: readonly unknown[], source: 'json' | 'csv'): { columns: Cell[][] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const columns = inputs.map((col) => {
    const { missing, wrong, cells } = checkColumn(col, rows, source);
    if (missing.length)
      errors.push({ field: col.name, message: `column "${col.name}" is missing in row(s) ${rowList(missing)}; send it (null for a missing value).` });
    const expected = col.type === 'number' ? 'a number' : 'text';
    if (wrong.length)
      errors.push({ field: col.name, message: `column "${col.name}" must be ${expected} (or null); row(s) ${rowList(wrong)} have something else.` });
    return cells;
  });
  return errors.length ? { errors } : { columns };
}

/** One column's cells; a plain loop, as this runs for every cell of every request. */
function checkColumn(col: InputColumn, rows: readonly unknown[], source: 'json' | 'csv') {
  const missing: number[] = [];
  const wrong: number[] = [];
  const cells: Cell[] = new Array(rows.length);
  const { name } = col;
  const text = col.type === 'text';
  const csv = source === 'csv';
  for (let i = 0; i < rows.length; i++) {
    const record = rows[i] as Record<string, unknown>;
    cells[i] = null;
    if (!(name in record)) {
      missing.push(i);
      continue;
    }
    const v = record[name];
    if (v === null || v === undefined) continue;
    if (text) {
      // An empty CSV cell is a missing value, as DuckDB reads it (and as the Score node sees it).
      if (typeof v === 'string') cells[i] = csv && v === '' ? null : v;
      else if (typeof v === 'number' || typeof v === 'boolean') cells[i] = String(v);
      else wrong.push(i);
      continue;
    }
    const n = csv && typeof v === 'string' ? csvNumber(v) : typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    if (n === undefined) wrong.push(i);
    else cells[i] = n;
  }
  return { missing, wrong, cells };
}

type Reader = (rows: readonly unknown[]) => Cell[][] | undefined;
const readers = new WeakMap<readonly InputColumn[], Reader>();

/**
 * The cells of valid JSON rows, or undefined at the first wrong or missing field (checkEach then
 * names them all): what checkColumn does for JSON, compiled once per model with each column's name
 * written into the code. \`record[name]\` with a name that changes per column is a megamorphic keyed
 * load; \`r["age"]\` on rows that JSON.parse gave one shape is a monomorphic one (checks were 8% of a
 * 1,000-row request's time). Names enter the code as JSON string literals, which are JS literals.
 */
function jsonReader(inputs: readonly InputColumn[]): Reader {
  let read = readers.get(inputs);
  if (read) return read;
  const cells = inputs.map((_, j) => `c${j}`);
  const body = inputs.map(({ name, type }, j) => {
    const key = JSON.stringify(name);
    const value =
      type === 'number'
        ? `if (typeof v === 'number' && Number.isFinite(v)) c${j}[i] = v; else return undefined;`
        : `if (typeof v === 'string') c${j}[i] = v; else if (typeof v === 'number' || typeof v === 'boolean') c${j}[i] = String(v); else return undefined;`;
    return `if (!(${key} in r)) return undefined; v = r[${key}]; if (v === null || v === undefined) c${j}[i] = null; else { ${value} }`;
  });
  const code = `const n = rows.length; ${cells.map((c) => `const ${c} = new Array(n);`).join(' ')}
    for (let i = 0; i < n; i++) { const r = rows[i]; let v; ${body.join('\n')} }
    return [${cells.join(', ')}];`;
  read = new Function('rows', code) as Reader;
  readers.set(inputs, read);
  return read;
}

/** The rows of a JSON body, or the error naming what is wrong with its shape. */
export function rowsOfJson(body: unknown): { rows: unknown[] } | { errors: FieldError[] } {
  const rows = (body as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return { errors: [{ field: 'rows', message: 'the body must be {"rows": [{"column": value, ...}, ...]}.' }] };
  const bad = rows.findIndex((r) => !r || typeof r !== 'object' || Array.isArray(r));
  if (bad !== -1) return { errors: [{ field: `rows[${bad}]`, message: `rows[${bad}] must be an object of column: value.` }] };
  return { rows };
}
