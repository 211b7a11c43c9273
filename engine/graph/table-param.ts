/**
 * The `table` param kind: a small table typed or pasted in the window and kept inside the pipeline
 * document. Reading a cell as its column's type, the size limits and the checks with their messages
 * live here, shared by `parseParams` (engine, CLI) and the inspector's table editor; imports only
 * `node-def.ts` so the renderer can bundle it.
 */
import type { TableCellType, TableData } from '../node-def.js';

/**
 * Hard limits of one table param. A table this size is about 1 MB of JSON, well inside the
 * document limit (16 MB, engine/document/limits.ts); bigger data belongs in a file the pipeline
 * imports. Documented in nodes/README.md; change the numbers there too.
 */
export const TABLE_PARAM_LIMITS = {
  maxRows: 1_000,
  maxColumns: 50,
  /** Characters in one cell. */
  maxCellChars: 2_000,
  /** Characters in all cells together. */
  maxTotalChars: 1_000_000,
  maxNameChars: 100,
} as const;

/** What each cell type reads as, for messages ("is not a whole number"). */
export const CELL_TYPE_NOUNS: Record<TableCellType, string> = {
  text: 'a text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  date: 'a date (YYYY-MM-DD)',
};

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);
const BIGINT_MAX = 9223372036854775807n;

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A missing value: nothing typed. Spaces around a number, boolean or date are ignored; a text keeps them. */
export function isMissingCell(cell: string | null | undefined): boolean {
  return cell === null || cell === undefined || cell === '';
}

/**
 * One cell read as `type`: its canonical text (what DuckDB casts: "true", "42", "2024-03-01"), null
 * for a missing value, or undefined when the cell is not of that type.
 *
 * @example
 * readCell('integer', ' 42 ') // '42'
 * readCell('boolean', 'Yes') // 'true'
 * readCell('date', '2024-02-30') // undefined
 */
export function readCell(type: TableCellType, cell: string | null): string | null | undefined {
  if (isMissingCell(cell)) return null;
  const raw = cell as string;
  if (type === 'text') return raw;
  const text = raw.trim();
  switch (type) {
    case 'integer': {
      if (!INTEGER.test(text)) return undefined;
      const n = BigInt(text);
      return n > BIGINT_MAX || n < -BIGINT_MAX - 1n ? undefined : n.toString();
    }
    case 'number':
      return NUMBER.test(text) && Number.isFinite(Number(text)) ? text.replace(/^\+/, '') : undefined;
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word) || word === '1') return 'true';
      if (FALSE_WORDS.has(word) || word === '0') return 'false';
      return undefined;
    }
    case 'date':
      return validDate(text) ? text : undefined;
  }
}

/**
 * The narrowest type every non-missing value fits, for a pasted column: integer, number, boolean
 * (true/false/yes/no only: a 0/1 column stays integer), date, else text. An empty column is text.
 */
export function detectCellType(cells: readonly (string | null)[]): TableCellType {
  const present = cells.filter((c) => !isMissingCell(c)) as string[];
  if (present.length === 0) return 'text';
  const all = (ok: (t: string) => boolean) => present.every((c) => ok(c.trim()));
  if (all((t) => readCell('integer', t) !== undefined)) return 'integer';
  if (all((t) => readCell('number', t) !== undefined)) return 'number';
  if (all((t) => TRUE_WORDS.has(t.toLowerCase()) || FALSE_WORDS.has(t.toLowerCase()))) return 'boolean';
  if (all(validDate)) return 'date';
  return 'text';
}

export interface TableProblem {
  /** Relative to the param: '' for the whole table, `columns[2].name`, `rows[4][1]`. */
  at: string;
  message: string;
}

const TYPES: readonly string[] = ['text', 'integer', 'number', 'boolean', 'date'];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (cell: string) => JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);

/** The shape and size of a table param's value: problems that make the cells unreadable. */
function shapeProblems(value: unknown): TableProblem[] {
  const L = TABLE_PARAM_LIMITS;
  if (!isObj(value) || !Array.isArray(value.columns) || !Array.isArray(value.rows)) {
    return [{ at: '', message: 'expected a table: { columns: [{ name, type }], rows: [[cell, ...], ...] }' }];
  }
  const { columns, rows } = value as { columns: unknown[]; rows: unknown[] };
  if (columns.length > L.maxColumns)
    return [{ at: '', message: `the table has ${columns.length} columns; the limit is ${L.maxColumns}: keep bigger data in a file and import it` }];
  if (rows.length > L.maxRows)
    return [{ at: '', message: `the table has ${rows.length} rows; the limit is ${L.maxRows}: keep bigger data in a file and import it` }];
  const problems: TableProblem[] = [];
  const seen = new Map<string, number>();
  columns.forEach((col, i) => {
    const at = `columns[${i}]`;
    if (!isObj(col) || typeof col.name !== 'string' || !TYPES.includes(col.type as string)) {
      problems.push({ at, message: `column ${i + 1}: expected { name, type } with type one of ${TYPES.join(', ')}` });
      return;
    }
    const name = col.name.trim();
    if (name === '') problems.push({ at: `${at}.name`, message: `column ${i + 1} has no name: type one in the header row` });
    else if (name.length > L.maxNameChars) problems.push({ at: `${at}.name`, message: `column ${i + 1}'s name is longer than ${L.maxNameChars} characters` });
    const other = seen.get(name.toLowerCase());
    if (name !== '' && other !== undefined)
      problems.push({ at: `${at}.name`, message: `columns ${other + 1} and ${i + 1} are both named "${name}": rename one` });
    seen.set(name.toLowerCase(), i);
  });
  let total = 0;
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== columns.length || !row.every((c) => c === null || typeof c === 'string')) {
      problems.push({ at: `rows[${r}]`, message: `row ${r + 1}: expected ${columns.length} cells, each a text or null` });
      return;
    }
    for (const [c, cell] of row.entries()) {
      const len = (cell as string | null)?.length ?? 0;
      total += len;
      if (len > L.maxCellChars)
        problems.push({ at: `rows[${r}][${c}]`, message: `row ${r + 1}, column ${c + 1}: the cell has ${len} characters; the limit is ${L.maxCellChars}` });
    }
  });
  if (total > L.maxTotalChars)
    problems.push({ at: '', message: `the cells hold ${total} characters; the limit is ${L.maxTotalChars}: keep bigger data in a file and import it` });
  return problems;
}

/** Cell problems reported one by one up to this many, then counted, so a wrong column type does not flood the inspector. */
const MAX_CELL_PROBLEMS = 20;

/**
 * Reads a table param: the table with every cell in its canonical text, or the problems (each cell
 * that is not of its column's type names the row, the column and the value).
 *
 * @example
 * readTable({ columns: [{ name: 'age', type: 'integer' }], rows: [['41'], ['x']] }).problems[0].message
 * // 'row 2, column "age": "x" is not a whole number; fix the cell or change the column type'
 */
export function readTable(value: unknown): { table?: TableData; problems: TableProblem[] } {
  const problems = shapeProblems(value);
  if (problems.length) return { problems };
  const { columns, rows } = value as TableData;
  const cols = columns.map((c) => ({ name: c.name.trim(), type: c.type }));
  let bad = 0;
  const out = rows.map((row, r) =>
    row.map((cell, c) => {
      const read = readCell(cols[c].type, cell);
      if (read !== undefined) return read;
      if (++bad <= MAX_CELL_PROBLEMS) {
        problems.push({
          at: `rows[${r}][${c}]`,
          message: `row ${r + 1}, column "${cols[c].name}": ${shown(cell as string)} is not ${CELL_TYPE_NOUNS[cols[c].type]}; fix the cell or change the column type`,
        });
      }
      return null;
    }),
  );
  if (bad > MAX_CELL_PROBLEMS) problems.push({ at: '', message: `${bad - MAX_CELL_PROBLEMS} more cells are not of their column's type` });
  return problems.length ? { problems } : { table: { columns: cols, rows: out }, problems };
}
