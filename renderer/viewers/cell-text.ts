/**
 * How grid cells read as text: on screen, and when copied (tab-separated, so a paste into a
 * spreadsheet lands in cells).
 */

/** Display text of a cell; null shows as an empty, styled cell. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Escapes one value for TSV: tabs and newlines inside a value would break the row. */
function tsvField(value: unknown): string {
  const text = cellText(value);
  return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Tab-separated text of a block of rows; rows not loaded are skipped rather than copied as blanks.
 *
 * @example
 * toTsv([[1, 'a'], [2, 'b\tc']]); // '1\ta\n2\t"b\tc"'
 */
export function toTsv(rows: (unknown[] | undefined)[], header?: string[]): string {
  const lines = rows.filter((r): r is unknown[] => r !== undefined).map((r) => r.map(tsvField).join('\t'));
  if (header) lines.unshift(header.map(tsvField).join('\t'));
  return lines.join('\n');
}
