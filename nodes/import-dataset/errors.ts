/**
 * Translates DuckDB reader errors into plain words with a fix. DuckDB's own text is kept (first
 * line, shortened) because it often names the line; the full text can embed megabytes of data.
 */
import { formatCount } from '../../engine/format-count.js';
import { NodeError } from '../../engine/node-run.js';
import type { FileFormat, TextEncoding } from './detect.js';

const MAX_DETAIL = 400;

/**
 * DuckDB's reason, without what follows it: its sniffer's search space, "Possible fixes", the
 * option dump and the failing SQL. Tests for the cause look only here: the parts cut off mention
 * encodings and compression whatever went wrong.
 */
function reasonOf(err: unknown): string {
  const text = String(err instanceof Error ? err.message : err);
  return text.split(/\n\s*LINE \d+:|\n\s*The search space used was|\n\s*Possible (?:fixes|Solution)|\n\s*file = /)[0];
}

/** Whole sentences of `text` up to `max` characters; a first sentence longer than that is cut at a word, marked "...". */
export function wholeSentences(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentences = text.match(/.+?[.!?](?=\s|$)|.+$/g) ?? [text];
  let out = '';
  for (const sentence of sentences) {
    if (out.length + sentence.length > max) break;
    out += sentence;
  }
  return out.trim() || `${text.slice(0, max).replace(/\s+\S*$/, '')} ...`;
}

/** The reason as sentences: one per line (DuckDB ends few of them with a full stop), data lines dropped. */
function detail(err: unknown): string {
  const lines = reasonOf(err)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Original Line'));
  const text = lines.map((l) => (/[.!?:]$/.test(l) ? l : `${l}.`)).join(' ');
  return wholeSentences(text.replace(/\s+/g, ' '), MAX_DETAIL);
}

/** "2 lines end in \r\n, 3 in \n and 1 in \r" when the sample mixes kinds of line end, else undefined. */
export function mixedLineEnds(text: string): string | undefined {
  // A \r as the sample's last character may be half of a \r\n cut by the sample's end.
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  const crlf = body.split('\r\n').length - 1;
  const kinds = [
    [crlf, '\\r\\n (Windows)'],
    [body.split('\n').length - 1 - crlf, '\\n (Unix)'],
    [body.split('\r').length - 1 - crlf, '\\r (old Mac)'],
  ] as const;
  const seen = kinds.filter(([n]) => n > 0);
  if (seen.length < 2) return undefined;
  const parts = seen.map(([n, kind], i) => (i === 0 ? `${formatCount(n)} ${n === 1 ? 'line ends' : 'lines end'} in ${kind}` : `${formatCount(n)} in ${kind}`));
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * A NodeError for a failed read of `abs`; `err` is whatever DuckDB threw. `sample` (the decoded
 * start of the file) lets a layout failure name a cause DuckDB does not: mixed line ends.
 */
export function explainReadError(err: unknown, abs: string, format: FileFormat, encoding?: TextEncoding, sample?: string): NodeError {
  if (err instanceof NodeError) return err;
  const reason = reasonOf(err);
  const why = detail(err);
  if (/invalid unicode|invalid utf-?8|byte sequence/i.test(reason)) {
    return new NodeError(
      'ENCODING',
      `${abs} is not valid ${encoding ?? 'UTF-8'} text (${why})`,
      'Set "Text encoding" to the file\'s encoding; Latin-1 reads any byte.',
    );
  }
  if (/COLUMN_TYPES error|do not exist in the CSV/i.test(reason)) {
    return new NodeError(
      'UNKNOWN_COLUMN',
      `A column type override names a column the file does not have (${why})`,
      'Use the column names exactly as the file (or "Column names") gives them.',
    );
  }
  if (/GZIP|decompress/i.test(reason)) {
    return new NodeError('FILE_DAMAGED', `${abs} could not be unpacked (${why})`, 'Download or copy the file again; `gzip -t FILE` checks a gzip file.');
  }
  if (format === 'parquet' && /magic|parquet/i.test(reason)) {
    return new NodeError('NOT_A_TABLE', `${abs} is not a Parquet file (${why})`, 'Choose the right format, or export the data again as Parquet.');
  }
  if (format === 'jsonl') {
    return new NodeError(
      'NOT_A_TABLE',
      `${abs} could not be read as JSON Lines (${why})`,
      'Each line must hold one JSON object such as {"age": 39, "job": "clerk"}. Fix the line named above, or choose another format.',
    );
  }
  const mixed = sample === undefined ? undefined : mixedLineEnds(sample);
  if (mixed && /sniff|state machine|not possible to/i.test(reason)) {
    return new NodeError(
      'MIXED_LINE_ENDS',
      `${abs} mixes kinds of line end: in its first 64 KB, ${mixed}. The CSV reader needs one kind per file, and guessing would merge or split rows.`,
      'Convert the line ends to one kind (for example `dos2unix FILE`, or save it again as CSV from a spreadsheet) and import again.',
    );
  }
  if (/Maximum line size/i.test(reason)) {
    return new NodeError(
      'LINE_TOO_LONG',
      `${abs} has a line longer than the reader's limit of 2,000,000 bytes (${why})`,
      'Check that this is the data file you meant; a table whose rows run to megabytes needs splitting before import.',
    );
  }
  if (/sniff|detect|not possible to/i.test(reason)) {
    return new NodeError(
      'NOT_A_TABLE',
      `${abs} does not look like a table: its separator, quoting or header could not be detected (${why})`,
      'Set the separator, quote character and header yourself, or check that this is the data file you meant.',
    );
  }
  return new NodeError('IMPORT_FAILED', `Reading ${abs} failed: ${why}`, 'Check the file and the import settings; the message above quotes the reader.');
}

/** The column-names list does not match the file; says both counts. */
export function columnCountError(fileName: string, columns: number, names: number): NodeError {
  return new NodeError(
    'COLUMN_COUNT_MISMATCH',
    `${fileName} has ${columns} columns but ${names} column names were given.`,
    `Give exactly ${columns} names in "Column names" (in file order), or leave the list empty to keep the file's own names.`,
  );
}
