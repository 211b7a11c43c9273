/**
 * Runs statements with DuckDB limited to one thread: floating-point sums that must come out the same
 * in every run (fit-preprocessing.ts), and the read of a gzip file. Measured on kddcup 10% (gzip, 494k rows x
 * 42): writing the table from a gzip file cost 1.6 s CPU on one thread and 2.4 s on two, with no
 * gain in wall time, because a gzip stream is read by a single thread and the second one only adds
 * overhead to the table write (5 alternating rounds in fresh processes, medians).
 */
import type { DataPlane } from './data-plane.js';

/**
 * `threads` is database-wide (DuckDB refuses `SET SESSION threads`), so the read holds the database
 * alone among the nodes' connections: another node's statements never run on one thread, they wait.
 *
 * @example
 * await withOneThread(ctx.data, () => ctx.data.run('CREATE TABLE t AS SELECT * FROM read_csv(...)', { signal }), signal);
 */
export async function withOneThread<T>(data: DataPlane, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return data.alone(async () => {
    const saved = await data.threadSetting();
    await data.setThreads(1);
    try {
      return await fn();
    } finally {
      if (Number.isInteger(saved) && saved > 0) await data.setThreads(saved);
    }
  }, signal);
}

/** DuckDB's rows per row group: a table with more is scanned by several threads. */
export const ROW_GROUP_ROWS = 122_880;

/**
 * A plain CSV file up to this size is read faster on one thread: its text is one of the reader's
 * buffers, read by one thread anyway, and the second only adds the parallel table write's
 * coordination (adult-train, 4 MB: 33 ms against 41 ms; 8 MB: 0.20 s against 0.23-0.27 s; even at
 * 20 MB; at 300 MB two threads win, 2.6-3.2 s against 3.8-4.0 s).
 */
export const SMALL_CSV_BYTES = 16 * 2 ** 20;

/**
 * Runs a statement on small inputs (`small`: a CSV under SMALL_CSV_BYTES, tables of one row group)
 * on one thread when no other node is running, else as it is. One row group is scanned by one thread
 * anyway; the second thread only coordinates the parallel write: adult's pipeline node by node
 * measured 0.476 s against 0.434 s with the whole run on one thread. With another node running,
 * the statement stays on the shared threads: holding the database alone would make that node wait.
 *
 * @example
 * await onOneThreadIfSmall(ctx.data, table.rowCount <= ROW_GROUP_ROWS, () => ctx.data.run(sql, { signal }), signal);
 */
export function onOneThreadIfSmall<T>(data: DataPlane, small: boolean, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return small && data.soleNode() ? withOneThread(data, fn, signal) : fn();
}

/**
 * Runs `sql`, a statement writing a table from inputs of `inputRows` rows in all, through
 * `onOneThreadIfSmall`: on one thread when those inputs are one row group and the node runs alone.
 *
 * @example
 * await writeOnOneThreadIfSmall(ctx.data, input.rowCount, `CREATE OR REPLACE TABLE ${ident(out)} AS ...`, ctx.signal);
 */
export function writeOnOneThreadIfSmall(data: DataPlane, inputRows: number, sql: string, signal: AbortSignal): Promise<void> {
  return onOneThreadIfSmall(data, inputRows <= ROW_GROUP_ROWS, () => data.run(sql, { signal }), signal);
}

/**
 * Runs `query` on one thread when it reads more than one row group (`rows`): for floating-point
 * sums (means, deviations) whose last digits would otherwise depend on how DuckDB shared the rows
 * between threads, and change from run to run. Smaller tables are read by one thread anyway.
 *
 * @example
 * const [s] = await inRowOrder(data, table.rowCount, () => data.all(`SELECT avg(x) AS m FROM t`));
 */
export function inRowOrder<T>(data: DataPlane, rows: number, query: () => Promise<T>): Promise<T> {
  return rows > ROW_GROUP_ROWS ? withOneThread(data, query) : query();
}
