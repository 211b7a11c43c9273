/** The worker pool the LLM nodes send requests through: a concurrency limit, cancel, and stop-on-fatal. */
import { setMaxListeners } from 'node:events';
import { NodeError } from '../../../engine/node-run.js';
import { withLinkedSignal } from './linked-signal.js';

/**
 * Runs `task(0..count-1)` with at most `o.concurrency` at once; results in index order. A task that
 * throws stops the pool and aborts the others in flight; so does a cancel (`o.signal`).
 */
export async function runPool<T>(
  count: number,
  o: { concurrency: number; signal: AbortSignal; onDone: (done: number, total: number) => void },
  task: (i: number, signal: AbortSignal) => Promise<T>,
  what: string,
): Promise<T[]> {
  const results: T[] = new Array(count);
  // One controller for the pool: a cancel or a failure of every row aborts the requests in flight.
  const batch = new AbortController();
  // Every request in flight and every retry wait listens on it.
  setMaxListeners(8 * o.concurrency + 20, batch.signal);
  const onAbort = () => batch.abort(o.signal.reason);
  o.signal.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let done = 0;
  let fatal: unknown;
  const worker = async () => {
    while (next < count && !batch.signal.aborted) {
      const i = next++;
      try {
        results[i] = await withLinkedSignal(batch.signal, (signal) => task(i, signal));
      } catch (err) {
        if (!fatal) fatal = err;
        batch.abort(err);
        return;
      }
      o.onDone(++done, count);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, count) }, worker));
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
  if (o.signal.aborted) throw new NodeError('NODE_CANCELLED', `cancelled after ${done} of ${count} ${what}; requests in flight were aborted`);
  if (fatal) throw fatal;
  return results;
}
