/**
 * Runs one long DuckDB statement while relaying DuckDB's own progress figure and honouring
 * cancel: the abort signal interrupts the statement inside DuckDB instead of waiting it out.
 */
import type { DataPlane } from '../../engine/data/data-plane.js';

const POLL_MS = 250;
/** How often a statement without a usable percentage still says it is alive. */
const TICK_MS = 2_000;

/**
 * @param onProgress called with DuckDB's completed percentage (0-100) whenever it moves, or with
 *   `undefined` and the elapsed seconds every two seconds when `withPercent` is false: DuckDB
 *   cannot tell how far it is into a gzip file (it reports 99% once sniffing ends), so a
 *   percentage would mislead there.
 */
export async function runWatched(
  data: DataPlane,
  sql: string,
  signal: AbortSignal,
  onProgress: (percent: number | undefined, seconds: number) => void,
  withPercent = true,
): Promise<void> {
  signal.throwIfAborted();
  // Progress is only tracked with the progress bar on; printing it would spam the host's stdout.
  await data.run('SET enable_progress_bar = true');
  await data.run('SET enable_progress_bar_print = false');
  const started = Date.now();
  let last = -1;
  let lastTick = started;
  const timer = setInterval(() => {
    const now = Date.now();
    if (!withPercent) {
      if (now - lastTick >= TICK_MS) {
        lastTick = now;
        onProgress(undefined, Math.round((now - started) / 1000));
      }
      return;
    }
    const p = data.connection.progress.percentage;
    if (p >= 0 && Math.floor(p) > last) {
      last = Math.floor(p);
      onProgress(p, Math.round((now - started) / 1000));
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
