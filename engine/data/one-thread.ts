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
    const [{ t }] = await data.all<{ t: unknown }>(`SELECT current_setting('threads') AS t`);
    const saved = Number(t);
    await data.run('SET threads = 1');
    try {
      return await fn();
    } finally {
      if (Number.isInteger(saved) && saved > 0) await data.run(`SET threads = ${saved}`);
    }
  }, signal);
}
