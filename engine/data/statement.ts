/**
 * One DuckDB statement on one connection that a node can cancel and watch: the abort signal
 * interrupts it inside DuckDB, and the progress callback reads DuckDB's figure for this connection
 * only. The one helper for cancellable statements; nodes reach it as `ctx.data.run(sql, { signal, onProgress })`.
 */
import { runWarmUps } from '../warm-up.js';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type SqlParam = string | number | boolean | null;

export interface StatementOptions {
  params?: SqlParam[];
  /** Aborting interrupts this connection's statement (no other), and the call throws the signal's reason (an AbortError). */
  signal?: AbortSignal;
  /**
   * Called with DuckDB's completed percentage (0-100) of this statement whenever it moves, or, when
   * `percent` is false, with `undefined` and the elapsed seconds every two seconds.
   */
  onProgress?: (percent: number | undefined, seconds: number) => void;
  /** false where DuckDB's percentage would mislead: it cannot tell how far it is into a gzip file (it reports 99% once sniffing ends). */
  percent?: boolean;
}

const POLL_MS = 250;
/**
 * DuckDB drops an interrupt that lands before the statement has begun executing (a cancel pressed
 * just as the node starts, or a loaded machine slow to pick the statement up), so it is repeated
 * this often until the statement settles.
 */
const INTERRUPT_REPEAT_MS = 50;
/** How often a statement without a usable percentage still says it is alive. */
const TICK_MS = 2_000;

/** Polls the connection's progress while a statement runs; returns the stop function. */
function watchProgress(connection: DuckDBConnection, options: StatementOptions): () => void {
  const onProgress = options.onProgress;
  if (!onProgress) return () => undefined;
  const started = Date.now();
  let last = -1;
  let lastTick = started;
  const timer = setInterval(() => {
    const now = Date.now();
    if (options.percent === false) {
      if (now - lastTick >= TICK_MS) {
        lastTick = now;
        onProgress(undefined, Math.round((now - started) / 1000));
      }
      return;
    }
    const p = connection.progress.percentage;
    if (p >= 0 && Math.floor(p) > last) {
      last = Math.floor(p);
      onProgress(p, Math.round((now - started) / 1000));
    }
  }, POLL_MS);
  return () => clearInterval(timer);
}

/**
 * Connections whose progress bar is on: set once per connection, where setting it before each long
 * statement cost two round trips each (no statement of ours turns it off again).
 */
const progressOn = new WeakSet<DuckDBConnection>();

/**
 * @example
 * await runStatement(connection, 'CREATE TABLE t AS SELECT * FROM read_csv(?)', { params: [file], signal, onProgress });
 */
export async function runStatement(connection: DuckDBConnection, sql: string, options: StatementOptions = {}): Promise<void> {
  const { signal } = options;
  signal?.throwIfAborted();
  if (options.onProgress && options.percent !== false && !progressOn.has(connection)) {
    // DuckDB tracks progress only with its progress bar on (a per-connection setting, so other
    // nodes' connections are untouched); printing it would spam the host's stdout.
    await connection.run('SET enable_progress_bar_print = false');
    await connection.run('SET enable_progress_bar = true');
    progressOn.add(connection);
  }
  const stop = watchProgress(connection, options);
  let repeat: ReturnType<typeof setInterval> | undefined;
  const interrupt = () => {
    connection.interrupt();
    repeat = setInterval(() => connection.interrupt(), INTERRUPT_REPEAT_MS);
  };
  // A cancel that came while progress was being set up would never fire the listener below.
  signal?.throwIfAborted();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    const running = connection.run(sql, options.params as DuckDBValue[] | undefined);
    // DuckDB works on its own threads now: library loads a later node needs use the waiting main thread.
    if (options.onProgress) runWarmUps();
    await running;
  } catch (err) {
    signal?.throwIfAborted();
    throw err;
  } finally {
    stop();
    clearInterval(repeat);
    signal?.removeEventListener('abort', interrupt);
  }
  signal?.throwIfAborted();
}
