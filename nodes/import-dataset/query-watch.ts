/**
 * Runs one long DuckDB statement while relaying DuckDB's own progress figure and honouring
 * cancel: the abort signal interrupts the statement inside DuckDB instead of waiting it out.
 */
import type { DataPlane } from '../../engine/data/data-plane.js';

const POLL_MS = 250;

/**
 * @param onProgress called with DuckDB's completed percentage (0-100) whenever it moves.
 */
export async function runWatched(data: DataPlane, sql: string, signal: AbortSignal, onProgress: (percent: number) => void): Promise<void> {
  signal.throwIfAborted();
  // Progress is only tracked with the progress bar on; printing it would spam the host's stdout.
  await data.run('SET enable_progress_bar = true');
  await data.run('SET enable_progress_bar_print = false');
  let last = -1;
  const timer = setInterval(() => {
    const p = data.connection.progress.percentage;
    if (p >= 0 && Math.floor(p) > last) {
      last = Math.floor(p);
      onProgress(p);
    }
  }, POLL_MS);
  const interrupt = () => data.connection.interrupt();
  signal.addEventListener('abort', interrupt, { once: true });
  try {
    await data.run(sql);
  } catch (err) {
    signal.throwIfAborted();
    throw err;
  } finally {
    clearInterval(timer);
    signal.removeEventListener('abort', interrupt);
  }
  signal.throwIfAborted();
}
