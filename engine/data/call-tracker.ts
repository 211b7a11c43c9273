/**
 * Counts the calls in flight on a DuckDB connection. `closeSync` on a connection whose statement is
 * still running crashes the process (a segfault in DuckDB's node bindings 1.5.6, reproduced in
 * `call-tracker.test.ts`'s child process); a node that left a statement running, or a test closing
 * its plane early, would take the engine or the test worker down with it. The plane closes a
 * connection only once its calls have settled.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface TrackedConnection {
  /** The connection; every method returning a promise is counted until that promise settles. */
  readonly connection: DuckDBConnection;
  pending(): number;
  /** Counts `work` as a call in flight until it settles: a statement waiting for a lock before it reaches DuckDB. */
  around<T>(work: Promise<T>): Promise<T>;
  /** Resolves once no call is in flight (at once when none is). */
  idle(): Promise<void>;
}

/**
 * @example
 * const tracked = trackCalls(await instance.connect());
 * void tracked.idle().then(() => raw.closeSync());
 */
export function trackCalls(raw: DuckDBConnection): TrackedConnection {
  let pending = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    pending--;
    if (pending > 0) return;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const count = (out: Promise<unknown>) => {
    pending++;
    out.then(settle, settle);
  };
  const connection = new Proxy(raw, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (out instanceof Promise) count(out);
        return out;
      };
    },
  });
  return {
    connection,
    pending: () => pending,
    around: (work) => {
      count(work);
      return work;
    },
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
