/**
 * The prediction log: one JSON Lines record per scoring request, queued by the request and written
 * in batches afterwards, so a slow disk never slows an answer. `<dir>/predictions.jsonl` is renamed
 * to `predictions-<n>.jsonl` (n = 1, 2, ... oldest first) once it passes the size limit.
 */
import { appendFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface PredictionRecord {
  /** 'prompt': a prompt package's record, whose outputs hold each call's rendered prompt, reply, validity, tokens, cost and latency. */
  kind?: 'prompt';
  time: string;
  request_id: string;
  model: string;
  version: string;
  route: string;
  status: number;
  latency_ms: number;
  rows: number;
  inputs: unknown[];
  outputs: unknown[];
}

export interface PredictionLogOptions {
  dir: string;
  /** Rotate once predictions.jsonl reaches this many bytes (default 50 MB). */
  maxBytes?: number;
  /** Write as soon as this many records wait (default 100)... */
  batchSize?: number;
  /** ...or after this many ms (default 1000). */
  intervalMs?: number;
  /** How a batch (UTF-8 lines) reaches the file; tests pass one that waits. */
  append?: (path: string, data: Buffer) => Promise<void>;
  /** Called with each failed write and the number of records it held. */
  onError?: (err: Error, lost: number) => void;
}

export const DEFAULT_LOG_MAX_BYTES = 50 * 1024 * 1024;
export const LOG_FILE = 'predictions.jsonl';
/** Queued bytes that start a write whatever the record count (1 MB, about 3 records of 1,000 adult rows). */
const BATCH_BYTES = 1 << 20;

/** What a route scored, kept per request until its record is queued: the values, or their JSON text already written. */
type Noted = { inputs: unknown[]; outputs: unknown[] } | { rows: number; inputsJson: string; outputsJson: string };
const notes = new WeakMap<object, Noted>();
export const noteIO = (request: object, inputs: unknown[], outputs: unknown[]) => notes.set(request, { inputs, outputs });
/** `noteIO` with `JSON.stringify(inputs)` and `JSON.stringify(outputs)` given (POST /predict writes them anyway), for `rows` rows. */
export const noteJson = (request: object, rows: number, inputsJson: string, outputsJson: string) => notes.set(request, { rows, inputsJson, outputsJson });
export const notedIO = (request: object): Noted => notes.get(request) ?? { inputs: [], outputs: [] };

/** A record without its inputs and outputs, the fields of the line before them. */
export type RecordHead = Omit<PredictionRecord, 'rows' | 'inputs' | 'outputs'>;

export class PredictionLog {
  /**
   * Each line as UTF-8 bytes from the moment it is queued: a 1,000-row record is a string of
   * hundreds of kilobytes that V8's collector kept copying and marking until the batch was joined
   * and written (a logging server under 1,000-row requests spent 27% of its time collecting);
   * outside the JS heap, the bytes wait for the write without that cost (17% less CPU per request).
   */
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private size = -1;
  private nextIndex = 0;
  private readonly timer: NodeJS.Timeout;
  readonly path: string;

  constructor(private readonly options: PredictionLogOptions) {
    this.path = join(options.dir, LOG_FILE);
    this.timer = setInterval(() => this.flush(), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Queues one record; never waits and never throws. */
  push(record: PredictionRecord): void {
    this.queueLine(`${JSON.stringify(record)}\n`);
  }

  /** Queues the record of what `noteIO`/`noteJson` kept: the same line `push` writes for the same values. */
  pushNoted(head: RecordHead, noted: Noted): void {
    if ('inputs' in noted) return this.push({ ...head, rows: noted.inputs.length, inputs: noted.inputs, outputs: noted.outputs });
    const start = JSON.stringify({ ...head, rows: noted.rows });
    this.queueLine(`${start.slice(0, -1)},"inputs":${noted.inputsJson},"outputs":${noted.outputsJson}}\n`);
  }

  private queueLine(line: string): void {
    const bytes = Buffer.from(line);
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    // Also cut by size: a hundred records of 1,000 rows are 40 MB held in memory until the write, which the
    // garbage collector then copied and marked again and again (20% of a logging server's time).
    if (this.queue.length >= (this.options.batchSize ?? 100) || this.queuedBytes >= BATCH_BYTES) this.flush();
  }

  /** Starts writing what waits, after any write in progress (so lines keep their order). */
  flush(): Promise<void> {
    if (!this.queue.length) return this.writing;
    const batch = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Writes everything queued, including records pushed while closing. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    while (this.queue.length) await this.flush();
    await this.writing;
  }

  private async write(batch: Buffer[]): Promise<void> {
    try {
      if (this.size < 0) await this.open();
      const data = batch.length === 1 ? batch[0] : Buffer.concat(batch);
      await (this.options.append ?? appendFile)(this.path, data);
      this.size += data.length;
      if (this.size >= (this.options.maxBytes ?? DEFAULT_LOG_MAX_BYTES)) {
        await rename(this.path, join(this.options.dir, `predictions-${this.nextIndex++}.jsonl`));
        this.size = 0;
      }
    } catch (err) {
      this.options.onError?.(err as Error, batch.length);
    }
  }

  /** Finds the current file's size and the next rotation number, so a restart continues the series. */
  private async open(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    const taken = (await readdir(this.options.dir)).map((f) => /^predictions-(\d+)\.jsonl$/.exec(f)?.[1]).filter((n) => n !== undefined);
    this.nextIndex = Math.max(0, ...taken.map(Number)) + 1;
    this.size = await stat(this.path).then(
      (s) => s.size,
      () => 0,
    );
  }
}
