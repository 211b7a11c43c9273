/**
 * Looks at the first bytes of a data file to pick the reader and the text encoding before DuckDB
 * sees it, so a wrong guess becomes a plain-words error instead of a parser message.
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { NodeError } from '../../engine/node-run.js';

export type FileFormat = 'csv' | 'jsonl' | 'parquet';
export type TextEncoding = 'utf-8' | 'latin-1' | 'utf-16';

/** What the start of the file says about it. */
export interface FileSample {
  /** Decompressed bytes from the start of the file (at most about `SAMPLE_BYTES`). */
  bytes: Buffer;
  gzip: boolean;
  parquet: boolean;
  /** Whether `bytes` is the whole (decompressed) file. */
  complete: boolean;
  /** The file's size on disk (compressed, for a gzip file); unknown for a sample made some other way. */
  size?: number;
}

const SAMPLE_BYTES = 64 * 1024;

/** Reads (and, for .gz, decompresses) the start of a file. */
export async function sampleFile(path: string): Promise<FileSample> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(head, 0, SAMPLE_BYTES, 0);
    const raw = head.subarray(0, bytesRead);
    const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
    const { size } = await handle.stat();
    if (!gzip) return { bytes: raw, gzip, parquet: raw.subarray(0, 4).toString('latin1') === 'PAR1', complete: bytesRead < SAMPLE_BYTES, size };
    // A sync flush lets zlib return what it could inflate from a truncated stream instead of throwing.
    const all = gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
    const bytes = all.subarray(0, 4 * SAMPLE_BYTES);
    return { bytes, gzip, parquet: false, complete: bytesRead < SAMPLE_BYTES && bytes.length === all.length, size };
  } finally {
    await handle.close();
  }
}

/** The file's extension without a trailing .gz, lower-cased: "data.csv.gz" -> "csv". */
export function innerExtension(path: string): string {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  return extname(name).slice(1);
}

function hasUtf16Bom(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** True when the sample holds NUL bytes outside UTF-16 text: an image, archive or database file. */
export function looksBinary(sample: FileSample): boolean {
  if (sample.parquet || hasUtf16Bom(sample.bytes)) return false;
  return sample.bytes.subarray(0, 8192).includes(0);
}

/** Picks the reader from the extension, then from the content. */
export function detectFormat(path: string, sample: FileSample): FileFormat {
  if (sample.parquet) return 'parquet';
  const ext = innerExtension(path);
  if (ext === 'parquet') return 'parquet';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  const firstLine = sample.bytes.toString('utf8').trimStart().split('\n', 1)[0].trim();
  if (firstLine.startsWith('{')) {
    try {
      if (typeof JSON.parse(firstLine) === 'object') return 'jsonl';
    } catch {
      // Not JSON after all: a CSV whose first value starts with a brace.
    }
  }
  return 'csv';
}

/**
 * A UTF-16 byte-order mark means UTF-16; otherwise UTF-8 when the sample decodes cleanly
 * (plain ASCII included), else Latin-1, which accepts every byte.
 */
export function detectEncoding(sample: FileSample): TextEncoding {
  const bytes = sample.bytes;
  if (hasUtf16Bom(bytes)) return 'utf-16';
  // The sample may end inside a multi-byte character: judge only up to its last line break.
  const end = bytes.lastIndexOf(0x0a);
  const whole = end > 0 ? bytes.subarray(0, end) : bytes;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole);
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

/** The sample as text in the given encoding. */
export function sampleText(sample: FileSample, encoding: TextEncoding): string {
  const label = encoding === 'utf-16' ? (sample.bytes[0] === 0xfe ? 'utf-16be' : 'utf-16le') : encoding === 'latin-1' ? 'latin1' : 'utf-8';
  return new TextDecoder(label).decode(sample.bytes);
}

/** Refuses, with the reason, a file the readers would misread: binary data, no data, UTF-16 big-endian. */
export function checkSample(abs: string, sample: FileSample): void {
  if (looksBinary(sample)) {
    throw new NodeError(
      'NOT_A_TABLE',
      `${abs} is not a table: it holds binary data (an image, archive or database?).`,
      'Pick a CSV, TSV, JSON Lines or Parquet file.',
    );
  }
  if (sample.complete && sample.bytes.toString('latin1').trim() === '') {
    const what = sample.bytes.length === 0 ? 'it unpacks to 0 bytes' : 'it holds only blank lines';
    throw new NodeError('EMPTY_FILE', `${abs} holds no data: ${what}.`, 'Pick the file that holds the data, or export it again.');
  }
  // DuckDB's 'utf-16' is little-endian only: it reads big-endian text as one garbled column and 0 rows.
  if (sample.bytes[0] === 0xfe && sample.bytes[1] === 0xff) {
    throw new NodeError(
      'ENCODING',
      `${abs} is UTF-16 big-endian text (it starts with the bytes FE FF), which the CSV reader cannot read.`,
      'Save it again as UTF-8, or convert it: iconv -f UTF-16BE -t UTF-8 FILE > FILE-utf8.csv',
    );
  }
}
