/**
 * A second opinion on the CSV layout, from papaparse over the first 64 KB. DuckDB's sniffer
 * gives up on the quote character when one line in its sample has an unterminated quote, and
 * then splits every quoted "Name, Title" in two; comparing its column count with the count most
 * sample lines agree on catches that, and this layout drives the fallback read.
 */
import Papa from 'papaparse';

export interface SampleDialect {
  delimiter: string;
  quote: string;
  /** Field count most sample lines have. */
  fieldCount: number;
  /** Whether the first line looks like column names. */
  header: boolean;
  /** Fields of the first line (names when `header`). */
  firstRow: string[];
  /** Whether some sample value starts or ends with a space (", " separators): trimming will be needed. */
  padded: boolean;
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function modalCount(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

/**
 * Column names look like words: none empty, none numeric, no repeats, and none reappears below in
 * its column. With nothing below in the sample (the next line is longer than the sample, or the
 * file is that one line) the words alone decide: such a first line is far likelier names than data.
 */
function looksLikeHeader(rows: string[][], fieldCount: number): boolean {
  const [first, ...rest] = rows;
  if (!first || first.length !== fieldCount) return false;
  const names = first.map((f) => f.trim());
  if (names.some((n) => n === '' || NUMBER.test(n)) || new Set(names).size !== names.length) return false;
  return names.every((n, i) => !rest.some((r) => r[i]?.trim() === n));
}

/**
 * @param text the decoded start of the file; `complete` says whether it is the whole file (else
 *   its last line may be cut and is ignored).
 */
export function sampleDialect(text: string, complete: boolean, delimiter?: string, quote?: string): SampleDialect | undefined {
  const parsed = Papa.parse<string[]>(text, { delimiter: delimiter ?? '', quoteChar: quote ?? '"', skipEmptyLines: true, preview: 5000 });
  const rows = complete ? parsed.data : parsed.data.slice(0, -1);
  if (rows.length === 0) return undefined;
  const fieldCount = modalCount(rows);
  const padded = rows.some((r) => r.some((f) => f.length > 0 && (f[0] === ' ' || f[f.length - 1] === ' ')));
  return { delimiter: parsed.meta.delimiter, quote: quote ?? '"', fieldCount, header: looksLikeHeader(rows, fieldCount), firstRow: rows[0], padded };
}
