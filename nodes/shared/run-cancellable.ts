/**
 * Runs one DuckDB statement so that cancelling the run stops it inside DuckDB (connection
 * interrupt) instead of waiting for a long CREATE TABLE to finish.
 */
import type { DataPlane } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';

const INTERRUPT_REPEAT_MS = 50;

/**
 * @example
 * await runCancellable(ctx.data, `CREATE OR REPLACE TABLE ${ident(out)} AS ${plan.outputSql()}`, ctx.signal);
 */
export async function runCancellable(data: DataPlane, sql: string, signal: AbortSignal): Promise<void> {
  const cancelled = () => new NodeError('cancelled', 'Cancelled.');
  if (signal.aborted) throw cancelled();
  // DuckDB drops an interrupt that lands before the statement has begun executing (a cancel pressed
  // just as the node starts, or a loaded machine slow to pick the statement up), so it is repeated
  // until the statement settles.
  let repeat: ReturnType<typeof setInterval> | undefined;
  const interrupt = () => {
    data.connection.interrupt();
    repeat = setInterval(() => data.connection.interrupt(), INTERRUPT_REPEAT_MS);
  };
  signal.addEventListener('abort', interrupt, { once: true });
  try {
    await data.run(sql);
  } catch (err) {
    if (signal.aborted) throw cancelled();
    throw err;
  } finally {
    clearInterval(repeat);
    signal.removeEventListener('abort', interrupt);
  }
}
