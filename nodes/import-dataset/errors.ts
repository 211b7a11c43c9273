/**
 * Translates DuckDB reader errors into plain words with a fix. DuckDB's own text is kept (first
 * line, shortened) because it often names the line; the full text can embed megabytes of data.
 */
import { NodeError } from '../../engine/node-run.js';
import type { FileFormat, TextEncoding } from './detect.js';

const MAX_DETAIL = 400;

function detail(err: unknown): string {
  const text = String(err instanceof Error ? err.message : err);
  // DuckDB appends the failing SQL after "LINE 1:"; users need the reason, not our statement.
  const reason = text.split(/\n\s*LINE \d+:/)[0];
  const lines = reason.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Original Line'));
  const head = lines.slice(0, 3).join(' ').replace(/\s+/g, ' ').trim();
  return head.length > MAX_DETAIL ? `${head.slice(0, MAX_DETAIL)}...` : head;
}

/** A NodeError for a failed read of `abs`; `err` is whatever DuckDB threw. */
export function explainReadError(err: unknown, abs: string, format: FileFormat, encoding?: TextEncoding): NodeError {
  if (err instanceof NodeError) return err;
  const text = String(err instanceof Error ? err.message : err);
  const why = detail(err);
  if (/invalid unicode|byte sequence|encoding/i.test(text)) {
    return new NodeError(
      'ENCODING',
      `${abs} is not valid ${encoding ?? 'UTF-8'} text (${why}).`,
      'Set "Text encoding" to the file\'s encoding; Latin-1 reads any byte.',
    );
  }
  if (/COLUMN_TYPES error|do not exist in the CSV/i.test(text)) {
    return new NodeError(
      'UNKNOWN_COLUMN',
      `A column type override names a column the file does not have (${why}).`,
      'Use the column names exactly as the file (or "Column names") gives them.',
    );
  }
  if (format === 'parquet' && /magic|parquet/i.test(text)) {
    return new NodeError('NOT_A_TABLE', `${abs} is not a Parquet file (${why}).`, 'Choose the right format, or export the data again as Parquet.');
  }
  if (format === 'jsonl') {
    return new NodeError(
      'NOT_A_TABLE',
      `${abs} could not be read as JSON Lines (${why}).`,
      'Each line must hold one JSON object such as {"age": 39, "job": "clerk"}. Fix the line named above, or choose another format.',
    );
  }
  if (/sniff|detect|Maximum line size|not possible to/i.test(text)) {
    return new NodeError(
      'NOT_A_TABLE',
      `${abs} does not look like a table: its separator, quoting or header could not be detected (${why}).`,
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
