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

/** The rows of a JSON body, or the error naming what is wrong with its shape. */
export function rowsOfJson(body: unknown): { rows: unknown[] } | { errors: FieldError[] } {
  const rows = (body as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return { errors: [{ field: 'rows', message: 'the body must be {"rows": [{"column": value, ...}, ...]}.' }] };
  const bad = rows.findIndex((r) => !r || typeof r !== 'object' || Array.isArray(r));
  if (bad !== -1) return { errors: [{ field: `rows[${bad}]`, message: `rows[${bad}] must be an object of column: value.` }] };
  return { rows };
}
