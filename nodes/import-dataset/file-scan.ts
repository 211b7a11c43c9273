/**
 * One pass over the whole file, beside DuckDB's read, for two things DuckDB does silently:
 * it reads a truncated or corrupt gzip file as if it were complete, and it drops a line longer
 * than its read buffer (READ_BUFFER_BYTES in read-sql.ts, 8 MB) without a reject. Lines over
 * max_line_size but under the buffer do become rejects; the scan finds every one over the limit
 * and the caller adds those DuckDB left out.
 *
 * Cost, measured alone (load 15 on 2 cores): kddcup 10% gzip 261 ms wall / 131 ms CPU (zlib,
 * 64 KB chunks; 36-48 ms CPU in 1 MB chunks at load 1), adult 3 ms, kddcup unzipped (75 MB)
 * 135 ms / 21 ms, 1 GiB 488 ms / 317 ms. It runs while DuckDB reads, which takes longer on each
 * of those files.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { NodeError } from '../../engine/node-run.js';

/** DuckDB's default max_line_size, which the reads state outright (`bufferOptions` in read-sql.ts). */
export const MAX_LINE_BYTES = 2_000_000;
/** Read and unpack chunk size; must stay under MAX_LINE_BYTES (see `findLongLines`). */
const CHUNK = 1 << 20;
/** How much of an over-long line the rejects output keeps. */
const HEAD_BYTES = 200;

export interface LongLine {
  /** 1-based line number, as DuckDB counts lines in its rejects. */
  line: number;
  /** Bytes in the line, without its line end. */
  bytes: number;
  /** The line's first bytes, as text. */
  head: string;
}

export interface ScanOutcome {
  /** Set when the file is damaged (truncated or corrupt gzip). */
  error?: NodeError;
  longLines: LongLine[];
  /**
   * Whether the text holds a space (byte 0x20) anywhere; false means no value can start or end
   * with one, so trimming has nothing to do. Undefined when the scan stopped early.
   */
  spaces?: boolean;
}

interface Found {
  start: number;
  bytes: number;
}

function openStream(abs: string, gzip: boolean, chunk = CHUNK): AsyncIterable<Buffer> {
  const raw = createReadStream(abs, { highWaterMark: chunk });
  if (!gzip) return raw;
  // Per-chunk costs (a Buffer, a stream callback, the loop's turn) outweighed inflating: kddcup's
  // 75 MB took 80-130 ms of CPU in zlib's default 64 KB chunks, 36-48 ms in 1 MB ones.
  const unzip = createGunzip({ chunkSize: CHUNK });
  // pipe() forwards neither errors nor teardown: close the file when the reader stops early.
  raw.on('error', (err) => unzip.destroy(err));
  unzip.on('close', () => raw.destroy());
  return raw.pipe(unzip);
}

/**
 * Finds lines longer than MAX_LINE_BYTES with two native searches per chunk: a line that starts
 * and ends inside one chunk is shorter than the chunk, hence than the limit, so only the runs
 * across chunk edges need measuring. Counting every line end would cost a call per line.
 */
async function findLongLines(chunks: AsyncIterable<Buffer>, newline: number, signal: AbortSignal): Promise<{ found: Found[]; spaces: boolean }> {
  const found: Found[] = [];
  // One native search per chunk until the first space: 0.01 s over kddcup's 75 MB, which has none.
  let spaces = false;
  let offset = 0;
  let runStart = 0;
  const check = (end: number) => {
    const bytes = end - runStart;
    // +1: a \r before the \n may be counted here; the scan is for lines DuckDB drops (~32 MB), not for the exact edge.
    if (bytes > MAX_LINE_BYTES + 1) found.push({ start: runStart, bytes });
  };
  for await (const chunk of chunks) {
    signal.throwIfAborted();
    spaces ||= chunk.includes(0x20);
    const first = chunk.indexOf(newline);
    if (first >= 0) {
      check(offset + first);
      runStart = offset + chunk.lastIndexOf(newline) + 1;
    }
    offset += chunk.length;
  }
  check(offset);
  return { found, spaces };
}

/** Second pass, only when long lines were found: their line numbers and first bytes. */
async function locate(chunks: AsyncIterable<Buffer>, newline: number, found: Found[]): Promise<LongLine[]> {
  const out: LongLine[] = [];
  let offset = 0;
  let linesBefore = 0;
  for await (const chunk of chunks) {
    const end = offset + chunk.length;
    for (const f of found) {
      if (f.start < offset || f.start >= end) continue;
      const from = f.start - offset;
      out.push({ line: linesBefore + countIn(chunk, newline, from) + 1, bytes: f.bytes, head: chunk.subarray(from, from + HEAD_BYTES).toString('utf8') });
    }
    if (out.length === found.length) break;
    linesBefore += countIn(chunk, newline, chunk.length);
    offset = end;
  }
  return out;
}

/** Line ends in chunk[0, to). */
function countIn(chunk: Buffer, newline: number, to: number): number {
  let n = 0;
  for (let i = chunk.indexOf(newline); i >= 0 && i < to; i = chunk.indexOf(newline, i + 1)) n++;
  return n;
}

function damaged(abs: string, err: unknown, bytes: number): NodeError {
  const reason = err instanceof Error ? err.message : String(err);
  const at = `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
  const what = /unexpected end/i.test(reason)
    ? `is truncated: its gzip data stops after ${at} of text (${reason})`
    : `is corrupt: unpacking its gzip data failed after ${at} of text (${reason})`;
  return new NodeError(
    'FILE_DAMAGED',
    `${abs} ${what}. Nothing was imported, because the rows read so far would look like the whole file.`,
    'Download or copy the file again; `gzip -t FILE` checks a gzip file without unpacking it.',
  );
}

/**
 * Scans `abs` (unpacking it when `gzip`); never rejects. `newline` is the line-end byte the file
 * uses (\n, or \r for files with old Mac line ends).
 */
export async function scanFile(abs: string, gzip: boolean, newline: number, signal: AbortSignal): Promise<ScanOutcome> {
  let seen = 0;
  let found: Found[];
  let spaces: boolean;
  try {
    const source = openStream(abs, gzip);
    const counted = (async function* () {
      for await (const chunk of source) {
        seen += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })();
    ({ found, spaces } = await findLongLines(counted, newline, signal));
  } catch (err) {
    if (signal.aborted) return { longLines: [] };
    return {
      error: gzip ? damaged(abs, err, seen) : new NodeError('IMPORT_FAILED', `Reading ${abs} failed: ${String(err)}`, 'Check that the file is readable.'),
      longLines: [],
    };
  }
  if (found.length === 0) return { longLines: [], spaces };
  // The file read cleanly a moment ago; should it vanish now, the read itself reports that.
  return { longLines: await locate(openStream(abs, gzip), newline, found).catch(() => []), spaces };
}

/** A scan running beside the read. */
export interface FileWatch {
  /** Aborts when `outer` does, or as soon as the scan finds the file damaged (with that NodeError as reason). */
  signal: AbortSignal;
  outcome: Promise<ScanOutcome>;
}

/**
 * Starts `scanFile` and ties it to the read: a read of damaged data is interrupted rather than left
 * to run (DuckDB was seen spinning for over a minute on a corrupt kddcup.gz).
 */
export function watchFile(abs: string, gzip: boolean, newline: number, outer: AbortSignal): FileWatch {
  const stop = new AbortController();
  const outcome = scanFile(abs, gzip, newline, outer).then((o) => {
    if (o.error) stop.abort(o.error);
    return o;
  });
  return { signal: AbortSignal.any([outer, stop.signal]), outcome };
}

/** The line-end byte of a sample: \n, or \r when the sample has only bare \r line ends. */
export function newlineByte(sample: Buffer): number {
  return sample.includes(0x0a) || !sample.includes(0x0d) ? 0x0a : 0x0d;
}

/**
 * Runs `read` with the watch's signal, then waits for the scan: a damaged file fails the import
 * with the scan's error, whatever the read made of it.
 */
export async function readChecked<T>(
  watch: FileWatch | undefined,
  outer: AbortSignal,
  read: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; longLines: LongLine[]; spaces?: boolean }> {
  let value: T;
  try {
    value = await read(watch?.signal ?? outer);
  } catch (err) {
    outer.throwIfAborted();
    throw (await watch?.outcome)?.error ?? err;
  }
  const outcome = await watch?.outcome;
  if (outcome?.error) throw outcome.error;
  return { value, longLines: outcome?.longLines ?? [], spaces: outcome?.spaces };
}

/**
 * The 1-based number of a line over MAX_LINE_BYTES that starts inside the sample, if any. DuckDB's
 * sniffer spends minutes on such a line (measured: 23 s for 33 MB, 40 s for 100 MB, at load 15)
 * before failing, so the caller skips it. Only the sample's last, unfinished line can be that
 * long; reading on to its end costs one more chunk for an ordinary file.
 */
export async function longLineInSample(abs: string, gzip: boolean, sample: Buffer, complete: boolean): Promise<number | undefined> {
  if (complete) return undefined;
  // A damaged gzip file is the scan's to report, with its own message.
  return lineEndAfterSample(abs, gzip, sample).catch(() => undefined);
}

async function lineEndAfterSample(abs: string, gzip: boolean, sample: Buffer): Promise<number | undefined> {
  const newline = newlineByte(sample);
  const start = sample.lastIndexOf(newline) + 1;
  let offset = 0;
  for await (const chunk of openStream(abs, gzip, 64 * 1024)) {
    const from = Math.max(0, start - offset);
    const end = from < chunk.length ? chunk.indexOf(newline, from) : -1;
    if (end >= 0) return offset + end - start > MAX_LINE_BYTES + 1 ? countIn(sample, newline, start) + 1 : undefined;
    offset += chunk.length;
    if (offset - start > MAX_LINE_BYTES + 1) return countIn(sample, newline, start) + 1;
  }
  return offset - start > MAX_LINE_BYTES + 1 ? countIn(sample, newline, start) + 1 : undefined;
}
