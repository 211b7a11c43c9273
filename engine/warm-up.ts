/**
 * Work a run will need later that can be done early: loading TensorFlow.js for a Train node takes
 * 0.1-0.15 s of the main thread. It is done while a long DuckDB statement (one that reports progress:
 * reading a file, a large transform) runs on DuckDB's threads and the main thread would only wait
 * for it; on two cores or more the load is then hidden behind the read instead of added after it.
 *
 * A run asks for the warm-ups of the nodes it may run (`want`) and gives them back when it ends, so
 * a run that trains nothing never loads TensorFlow.js because an earlier run wanted it.
 */
const wanted = new Map<() => void, number>();

/**
 * Runs `work` (once; it must be idempotent) during the next long statement, unless `release` is
 * called first. Returns `release`.
 *
 * @example
 * const release = wantWarmUp(() => void getTf().catch(() => undefined));
 * try { await runNodes(); } finally { release(); }
 */
export function wantWarmUp(work: () => void): () => void {
  wanted.set(work, (wanted.get(work) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (wanted.get(work) ?? 0) - 1;
    if (left > 0) wanted.set(work, left);
    else wanted.delete(work);
  };
}

/** Called by `runStatement` right after a long statement went to DuckDB. A failed warm-up is left for its node to meet. */
export function runWarmUps(): void {
  for (const work of [...wanted.keys()]) {
    wanted.delete(work);
    try {
      work();
    } catch {
      // The node that needs it will report the failure with its own words.
    }
  }
}
