/**
 * Runs a statement with DuckDB limited to one thread. Measured on kddcup 10% (gzip, 494k rows x
 * 42): writing the table from a gzip file cost 1.6 s CPU on one thread and 2.4 s on two, with no
 * gain in wall time, because a gzip stream is read by a single thread and the second one only adds
 * overhead to the table write (5 alternating rounds in fresh processes, medians).
 */
import type { DataPlane } from '../../engine/data/data-plane.js';

interface Hold {
  count: number;
  /** The thread count to restore, once the limit is in place. */
  saved: Promise<number>;
}

// `threads` is a database-wide setting and nodes may run side by side on one connection, so the
// first reader saves the setting and the last one restores it.
const holds = new WeakMap<object, Hold>();

/**
 * @example
 * await withOneThread(ctx.data, () => ctx.data.run('CREATE TABLE t AS SELECT * FROM read_csv(...)'));
 */
export async function withOneThread<T>(data: DataPlane, fn: () => Promise<T>): Promise<T> {
  const key = data.connection;
  let hold = holds.get(key);
  if (!hold) {
    const saved = (async () => {
      const [{ t }] = await data.all<{ t: unknown }>(`SELECT current_setting('threads') AS t`);
      await data.run('SET threads = 1');
      return Number(t);
    })();
    hold = { count: 0, saved };
    holds.set(key, hold);
  }
  hold.count++;
  try {
    await hold.saved;
    return await fn();
  } finally {
    hold.count--;
    if (hold.count === 0) {
      holds.delete(key);
      const saved = await hold.saved.catch(() => undefined);
      if (saved !== undefined && Number.isInteger(saved) && saved > 0) await data.run(`SET threads = ${saved}`);
    }
  }
}
