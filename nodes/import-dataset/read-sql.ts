/**
 * Builds the DuckDB table-function call that reads the file: read_csv with the sniffer and a
 * rejects table, read_json for JSON Lines, read_parquet. Every user value passes through
 * `literal`/`ident`, so a quote in a marker or a column name cannot break the SQL.
 */
import { ident, literal } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';
import type { FileFormat, TextEncoding } from './detect.js';
import { MAX_LINE_BYTES } from './file-scan.js';

/**
 * DuckDB's read buffer. Its default, 16 x max_line_size (32 MB), cost more than it saved: with
 * 8 MB, kddcup 10% (75 MB of text) read into a new table with 20-50 ms less processor time from
 * gzip and 60-200 ms less from the plain file (two threads, 0.2 s less wall), and a peak 45 MB
 * (gzip) and 210 MB (plain) lower; 8 alternating pairs (bench/measured/import-profile.md). A line
 * longer than the buffer is dropped without a reject, as one over 32 MB was before: the file scan
 * finds every line over MAX_LINE_BYTES and the rejects get the ones DuckDB left out.
 */
export const READ_BUFFER_BYTES = 8 << 20;

export interface CsvReadOptions {
  header: 'auto' | 'yes' | 'no';
  delimiter: 'auto' | ',' | ';' | 'tab' | '|' | 'space';
  quote: string;
  encoding: TextEncoding;
  missingMarkers: readonly string[];
  trimSpaces: boolean;
  sampleSize: number;
  /** Forced types keyed by the column name as the FILE names it (before renaming). */
  types: Record<string, string>;
  gzip: boolean;
  /** Line number of a line over DuckDB's max_line_size inside the sample: its sniffer is skipped (see file-scan.ts). */
  longLineInSample?: number;
  /** Temporary tables DuckDB fills with the lines it could not read. */
  rejectsTable: string;
  rejectsScan: string;
  /** The sample's layout, handed to DuckDB's sniffer where the user left the param on auto (see `dialectHint`). */
  hint?: DialectHint;
  /** What DuckDB's sniffer found in an earlier `sniff_csv`: the read then skips sniffing (see csv-import.ts). */
  sniffed?: SniffedLayout;
}

/** `sniff_csv`'s findings, as read_csv options that reproduce them without a second sniff. */
export interface SniffedLayout {
  delimiter: string;
  quote: string;
  escape: string;
  newLine: string;
  comment: string;
  skip: number;
  header: boolean;
  dateFormat?: string;
  timestampFormat?: string;
  columns: { name: string; type: string }[];
}

function sniffedOptions(s: SniffedLayout): string[] {
  return [
    'auto_detect = false',
    `delim = ${literal(s.delimiter)}`,
    `quote = ${literal(s.quote)}`,
    `escape = ${literal(s.escape)}`,
    `new_line = ${literal(s.newLine)}`,
    `comment = ${literal(s.comment)}`,
    `skip = ${s.skip}`,
    `header = ${s.header}`,
    ...(s.dateFormat !== undefined ? [`dateformat = ${literal(s.dateFormat)}`] : []),
    ...(s.timestampFormat !== undefined ? [`timestampformat = ${literal(s.timestampFormat)}`] : []),
    `columns = {${s.columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(', ')}}`,
  ];
}

/** Separator, and quote + escape when the sample settles them, that DuckDB's sniffer need not search for. */
export interface DialectHint {
  delimiter: string;
  quote?: string;
}

/** Separator param values to the character they mean. */
export const DELIMITERS: Record<Exclude<CsvReadOptions['delimiter'], 'auto'>, string> = {
  ',': ',',
  ';': ';',
  tab: '\t',
  '|': '|',
  space: ' ',
};

/** The quote param: 'auto' (or empty) to detect, else exactly one character. */
export function parseQuote(quote: string): string | undefined {
  const q = quote.trim() === '' || quote.trim().toLowerCase() === 'auto' ? undefined : quote;
  if (q !== undefined && q.length !== 1) {
    throw new NodeError(
      'INVALID_PARAM',
      `Quote character must be one character or "auto", got "${quote}".`,
      'Write a single character such as " or \', or "auto" to detect it.',
    );
  }
  return q;
}

/**
 * The null strings DuckDB should recognise while it reads. With trimming on, " ?" (the marker
 * after a ", " separator) is a marker too, so a numeric column holding " ?" is still detected
 * as numeric instead of falling back to text.
 */
export function nullStrings(markers: readonly string[], trimSpaces: boolean): string[] {
  const out = new Set<string>();
  for (const m of markers) {
    out.add(m);
    if (trimSpaces && m !== '') {
      out.add(` ${m}`);
      out.add(`${m} `);
      out.add(` ${m} `);
    }
  }
  if (trimSpaces && markers.includes('')) out.add(' ');
  return [...out];
}

function list(values: readonly string[]): string {
  return `[${values.map(literal).join(', ')}]`;
}

/** `read_csv(...)` for the given file and options. */
export function readCsvSql(path: string, o: CsvReadOptions): string {
  const opts: string[] = [literal(path)];
  if (o.sniffed) opts.push(...sniffedOptions(o.sniffed));
  else pushLayout(opts, o);
  // Always said outright: DuckDB otherwise goes by the name, and reads a gzip file named .csv as
  // raw bytes (0 rows) and a plain file named .gz as a broken gzip stream.
  opts.push(`compression = ${o.gzip ? "'gzip'" : "'none'"}`, ...bufferOptions());
  opts.push(`encoding = ${literal(o.encoding)}`);
  const nulls = nullStrings(o.missingMarkers, o.trimSpaces);
  if (nulls.length > 0) opts.push(`nullstr = ${list(nulls)}`);
  opts.push(`sample_size = ${o.sampleSize <= 0 ? -1 : Math.floor(o.sampleSize)}`);
  const typed = Object.entries(o.types);
  if (typed.length > 0 && !o.sniffed) opts.push(`types = {${typed.map(([c, t]) => `${literal(c)}: ${literal(t)}`).join(', ')}}`);
  opts.push('store_rejects = true', `rejects_table = ${literal(o.rejectsTable)}`, `rejects_scan = ${literal(o.rejectsScan)}`);
  return `read_csv(${opts.join(', ')})`;
}

/**
 * The read buffer, and the line limit said outright: DuckDB ties its default limit to the buffer
 * when a size is given (a 3 MB line was read, not rejected, with an 8 MB buffer alone).
 */
export function bufferOptions(): string[] {
  return [`buffer_size = ${READ_BUFFER_BYTES}`, `max_line_size = ${MAX_LINE_BYTES}`];
}

/** The params' and the sample's layout options, for DuckDB's sniffer to complete. */
function pushLayout(opts: string[], o: CsvReadOptions): void {
  if (o.header !== 'auto') opts.push(`header = ${o.header === 'yes'}`);
  if (o.delimiter !== 'auto') opts.push(`delim = ${literal(DELIMITERS[o.delimiter])}`);
  else if (o.hint) opts.push(`delim = ${literal(o.hint.delimiter)}`);
  const quote = parseQuote(o.quote) ?? o.hint?.quote;
  if (quote !== undefined) opts.push(`quote = ${literal(quote)}`);
  if (quote !== undefined && parseQuote(o.quote) === undefined) opts.push(`escape = ${literal(quote)}`);
}

/** The table function for non-CSV formats. */
export function readOtherSql(path: string, format: Exclude<FileFormat, 'csv'>, gzip = false): string {
  if (format === 'parquet') return `read_parquet(${literal(path)})`;
  return `read_json(${literal(path)}, format = 'newline_delimited', compression = ${gzip ? "'gzip'" : "'uncompressed'"})`;
}

/**
 * One expression per text column that trims it and turns missing markers into NULL; other
 * columns pass through. Used to rewrite the imported table when any text cell needs it.
 */
export function cleanTextExpr(column: string, markers: readonly string[], trimSpaces: boolean, alias = column): string {
  const c = ident(column);
  const as = ident(alias);
  const v = trimSpaces ? `trim(${c})` : c;
  const nullIf = [...new Set(trimSpaces ? markers.map((m) => m.trim()) : markers)];
  return nullIf.length > 0 ? `CASE WHEN ${v} IN (${nullIf.map(literal).join(', ')}) THEN NULL ELSE ${v} END AS ${as}` : `${v} AS ${as}`;
}
