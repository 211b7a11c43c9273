/**
 * The pool hands each task a signal of its own: the `openai` package leaves one abort listener on the
 * signal of every request it sends, and a batch of thousands must not pile them on one signal.
 */
import { getEventListeners } from 'node:events';
import { expect, it } from 'vitest';
import { runPool } from './pool.js';

it('each task gets a fresh signal, so listeners a request leaves behind do not pile up', async () => {
  const outer = new AbortController();
  const seen: number[] = [];
  await runPool(
    300,
    { concurrency: 3, signal: outer.signal, onDone: () => undefined },
    async (_, signal) => {
      seen.push(getEventListeners(signal, 'abort').length);
      // As the openai client does: a listener added and never removed.
      signal.addEventListener('abort', () => undefined, { once: true });
    },
    'tasks',
  );
  expect(Math.max(...seen)).toBe(0);
  expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
});

it('a cancel still reaches the task in flight through its own signal', async () => {
  const outer = new AbortController();
  const run = runPool(
    1,
    { concurrency: 1, signal: outer.signal, onDone: () => undefined },
    (_, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        outer.abort();
      }),
    'tasks',
  );
  await expect(run).rejects.toThrow('cancelled after 0 of 1 tasks');
});
