/**
 * Text pasted into a table param: tab-separated (what a spreadsheet puts on the clipboard) or CSV,
 * with a header row. Quoted cells may hold the separator, quotes ("" inside) and line breaks, as
 * spreadsheets write them. Pure, so the inspector and the tests share it.
 */
import type { TableData } from '../node-def.js';
import { detectCellType } from './table-param.js';

/** Tab when the first line has one (spreadsheets), else ';' when it has more of those than commas, else ','. */
export function guessDelimiter(text: string): '\t' | ',' | ';' {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  if (first.includes('\t')) return '\t';
  const count = (ch: string) => first.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Rows of cells; a trailing line break does not make an empty last row. */
export function splitDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) endCell();
    else if (ch === '\n' || ch === '\r') {
      endCell();
      rows.push(row);
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** Header names made usable: blanks become column_N, repeats get _2, _3. */
function headerNames(header: readonly string[]): string[] {
  const used = new Set<string>();
  return header.map((raw, i) => {
    const base = raw.trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * A pasted text as a table param value: the first row is the header, each column's type detected
 * from its values (editable afterwards), short rows padded with missing cells. Limits are checked
 * by `readTable`, not here, so the user sees the table and the message together.
 *
 * @example
 * tableFromText('name\tage\nAda\t36\n').columns // [{ name: 'name', type: 'text' }, { name: 'age', type: 'integer' }]
 */
export function tableFromText(text: string): TableData {
  const lines = splitDelimited(text, guessDelimiter(text)).filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (lines.length === 0) return { columns: [], rows: [] };
  const width = Math.max(...lines.map((r) => r.length));
  const names = headerNames(Array.from({ length: width }, (_, i) => lines[0][i] ?? ''));
  const rows = lines.slice(1).map((r) => Array.from({ length: width }, (_, i) => (r[i] === undefined || r[i] === '' ? null : r[i])));
  const columns = names.map((name, c) => ({ name, type: detectCellType(rows.map((r) => r[c])) }));
  return { columns, rows };
}
