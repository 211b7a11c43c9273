/**
 * The CSV path: DuckDB's sniffer first (fast, types included); when the sample says it misjudged
 * the layout, the fallback read with the sample's layout (see sample-dialect.ts).
 */
import { formatCount } from '../../engine/format-count.js';
import { basename } from 'node:path';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { RunContext } from '../../engine/node-run.js';
import { sampleText, type FileSample } from './detect.js';
import { columnCountError, explainReadError } from './errors.js';
import { readCsvFallback } from './fallback-read.js';
import { MAX_LINE_BYTES } from './file-scan.js';
import { onOneThreadIfSmall, SMALL_CSV_BYTES, withOneThread } from '../../engine/data/one-thread.js';
import { cleanTextExpr, DELIMITERS, parseQuote, readCsvSql, type CsvReadOptions, type SniffedLayout } from './read-sql.js';
import { sampleDialect, type SampleDialect } from './sample-dialect.js';

/** Maps overrides to the file's own column names, once those are known. */
export type TypesFor = (fileNames: string[]) => Record<string, string>;

interface ScanRow {
  delimiter: string;
  quote: string;
}

/**
 * Whether DuckDB's read disagrees with the sample's layout in a way that loses data. `written` is the
 * table's column count when the read selected the sniffed columns by name (no DESCRIBE needed then).
 */
async function misjudged(data: DataPlane, table: string, o: CsvReadOptions, d: SampleDialect, text: string, written?: number): Promise<string | undefined> {
  const columns = written ?? (await data.columns(table)).length;
  if (columns !== d.fieldCount) return `it found ${columns} columns where most lines have ${d.fieldCount}`;
  if (!(await data.tableExists(o.rejectsScan))) return undefined;
  const [scan] = await data.all<ScanRow>(`SELECT delimiter, quote FROM ${ident(o.rejectsScan)} LIMIT 1`);
  if (!scan) return undefined;
  if (scan.delimiter !== d.delimiter) return `it chose the separator "${scan.delimiter}" and rejected lines`;
  const noQuote = scan.quote === '' || scan.quote === '(empty)';
  if (noQuote && text.includes(d.quote)) return `it read without the quote character ${d.quote} and rejected lines`;
  return undefined;
}

async function dropRejects(data: DataPlane, o: CsvReadOptions): Promise<void> {
  await data.dropTable(o.rejectsTable);
  await data.dropTable(o.rejectsScan);
}

/**
 * The sample's separator (and quote + escape when the sample holds no quote character) for DuckDB's
 * sniffer. Searching all its layouts cost 0.2-0.4 s on adult's 4 MB (of a 0.5 s read) against
 * 0.02 s with the layout given, twice per padded file (DESCRIBE, then the read); the column types
 * are still sniffed by DuckDB. A sample that does hold quotes leaves quote and escape to DuckDB,
 * which also tells a backslash escape from a doubled quote.
 */
export function dialectHint(d: SampleDialect, text: string, o: CsvReadOptions): CsvReadOptions['hint'] {
  const quoted = text.includes(d.quote);
  return { delimiter: d.delimiter, quote: quoted || parseQuote(o.quote) !== undefined ? undefined : d.quote };
}

/** What the CSV path already did, so the caller does not do it again. */
export interface CsvImportDone {
  /** Columns already carry the user's names. */
  renamed: boolean;
  /** Text columns already trimmed and missing markers already applied. */
  cleaned: boolean;
}

interface Described {
  column_name: string;
  column_type: string;
}

async function describeCsv(data: DataPlane, abs: string, o: CsvReadOptions): Promise<Described[]> {
  const probe = { ...o, rejectsTable: `${o.rejectsTable}_p`, rejectsScan: `${o.rejectsScan}_p` };
  try {
    return await data.all(`DESCRIBE SELECT * FROM ${readCsvSql(abs, probe)}`);
  } finally {
    await data.dropTable(probe.rejectsTable);
    await data.dropTable(probe.rejectsScan);
  }
}

interface SniffRow {
  Delimiter: string;
  Quote: string;
  Escape: string;
  NewLineDelimiter: string;
  Comment: string;
  SkipRows: number;
  HasHeader: boolean;
  DateFormat: string | null;
  TimestampFormat: string | null;
  name: string;
  type: string;
}

/** sniff_csv's word for "none". */
const unset = (v: string) => (v === '(empty)' ? '' : v);

/**
 * DuckDB's sniffer run once, on the same options as the read: the columns (as DESCRIBE gives them)
 * and the whole layout, so the read that follows skips sniffing. DESCRIBE then a sniffing read
 * sniffed twice; measured on adult train + test twice in one process (6 alternating runs, load
 * 3-4): 540 ms against 413 ms for the four imports' DuckDB statements.
 */
async function sniffCsv(data: DataPlane, abs: string, o: CsvReadOptions): Promise<{ described: Described[]; layout: SniffedLayout }> {
  const args = readCsvSql(abs, { ...o, rejectsTable: `${o.rejectsTable}_p`, rejectsScan: `${o.rejectsScan}_p` }).replace(/^read_csv\(/, 'sniff_csv(');
  const rows = await data.all<SniffRow>(
    `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, DateFormat, TimestampFormat, unnest(Columns, recursive := true) FROM ${args}`,
  );
  const s = rows[0];
  const layout: SniffedLayout = {
    delimiter: s.Delimiter,
    quote: unset(s.Quote),
    escape: unset(s.Escape),
    newLine: s.NewLineDelimiter,
    comment: unset(s.Comment),
    skip: s.SkipRows,
    header: s.HasHeader,
    ...(s.DateFormat !== null ? { dateFormat: s.DateFormat } : {}),
    ...(s.TimestampFormat !== null ? { timestampFormat: s.TimestampFormat } : {}),
    columns: rows.map((r) => ({ name: r.name, type: r.type })),
  };
  return { described: layout.columns.map((c) => ({ column_name: c.name, column_type: c.type })), layout };
}

/**
 * Reads a CSV into `table`; DuckDB's reject tables named in `o` are left for the caller.
 * When the sample shows padded values (", " separators), the layout is sniffed first so names,
 * trimming and markers go into the one scan that writes the table: measured on adult, that
 * halves the import (a later rewrite cost as much as the read itself). `signal` interrupts the
 * read (the caller's file scan aborts it when the file turns out damaged).
 */
export async function importCsv(
  ctx: RunContext,
  abs: string,
  sample: FileSample,
  o: CsvReadOptions,
  table: string,
  names: readonly string[],
  typesFor: TypesFor | undefined,
  onProgress: (percent: number | undefined, seconds: number) => void,
  signal: AbortSignal = ctx.signal,
): Promise<CsvImportDone> {
  const text = sampleText(sample, o.encoding);
  const forcedDelimiter = o.delimiter === 'auto' ? undefined : DELIMITERS[o.delimiter];
  const dialect = sampleDialect(text, sample.complete, forcedDelimiter, parseQuote(o.quote));
  const usable = dialect !== undefined && dialect.fieldCount > 1;
  const fileName = basename(abs);
  if (usable) o = { ...o, hint: dialectHint(dialect, text, o) };
  let done: CsvImportDone = { renamed: false, cleaned: false };
  const watched = (sql: string) => ctx.data.run(sql, { signal, onProgress, percent: !sample.gzip });
  const small = sample.size !== undefined && sample.size <= SMALL_CSV_BYTES;
  const read = (sql: string) =>
    sample.gzip ? withOneThread(ctx.data, () => watched(sql), signal) : onOneThreadIfSmall(ctx.data, small, () => watched(sql), signal);

  let failure: unknown;
  let reason =
    usable && o.longLineInSample !== undefined
      ? `line ${formatCount(o.longLineInSample)} is over ${formatCount(MAX_LINE_BYTES)} bytes, which it takes minutes to give up on`
      : undefined;
  if (reason === undefined) {
    try {
      let options = o;
      let described: Described[] | undefined;
      if (typesFor) {
        // Forced types take part in DuckDB's sniffing (the header guess, say), so that read sniffs again with them.
        described = await describeCsv(ctx.data, abs, o);
        options = { ...o, types: typesFor(described.map((r) => r.column_name)) };
      } else if (o.trimSpaces && dialect?.padded) {
        const sniffed = await sniffCsv(ctx.data, abs, o);
        described = sniffed.described;
        options = { ...o, sniffed: sniffed.layout };
      }
      if (described && usable && described.length !== dialect.fieldCount) {
        reason = `it found ${described.length} columns where most lines have ${dialect.fieldCount}`;
      } else if (described) {
        if (names.length > 0 && names.length !== described.length) throw columnCountError(fileName, described.length, names.length);
        const select = described.map((c, i) => {
          const alias = names[i] ?? c.column_name;
          const type = options.types[c.column_name] ?? c.column_type;
          return type === 'VARCHAR' ? cleanTextExpr(c.column_name, o.missingMarkers, o.trimSpaces, alias) : `${ident(c.column_name)} AS ${ident(alias)}`;
        });
        await read(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(', ')} FROM ${readCsvSql(abs, options)}`);
        done = { renamed: names.length > 0, cleaned: true };
      } else {
        // Unpadded sample: the " ?"-style null strings are not needed, and on kddcup the longer
        // list measured 0.3-0.4 s slower (1.9 s vs 1.6 s).
        const unpadded = dialect !== undefined && !dialect.padded ? { ...options, trimSpaces: false } : options;
        await read(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${readCsvSql(abs, unpadded)}`);
      }
      if (reason === undefined) {
        if (!usable) return done;
        reason = await misjudged(ctx.data, table, o, dialect, text, done.cleaned ? described?.length : undefined);
        if (reason === undefined) return done;
      }
    } catch (err) {
      if (signal.aborted) throw err;
      // Our own errors (an override naming a missing column) are final; reader errors may be the sniffer's.
      if (!usable || (err instanceof Error && err.name === 'NodeError')) throw explainReadError(err, abs, 'csv', o.encoding, text);
      failure = err;
      reason = `it failed (${explainReadError(err, abs, 'csv', o.encoding, text).message})`;
    }
  }

  // Only reachable with a usable sample layout; the check restores the type narrowing.
  if (!dialect) throw explainReadError(failure, abs, 'csv', o.encoding, text);
  ctx.log(
    'warn',
    `DuckDB's layout detection ${o.longLineInSample === undefined ? 'looked wrong' : 'skipped'} (${reason}); reading with separator "${dialect.delimiter}" and quote ${dialect.quote}, as most lines of the sample agree.`,
  );
  await ctx.data.dropTable(table);
  await dropRejects(ctx.data, o);
  const header = o.header === 'auto' ? dialect.header : o.header === 'yes';
  try {
    const result = await readCsvFallback(ctx.data, abs, o, dialect, header, table, typesFor);
    for (const [column, n] of Object.entries(result.unfit)) {
      ctx.log('warn', `${formatCount(n)} values of column "${column}" did not fit the forced type and became missing.`);
    }
    return { renamed: false, cleaned: false };
  } catch (err) {
    if (signal.aborted) throw err;
    throw explainReadError(failure ?? err, abs, 'csv', o.encoding, text);
  }
}
