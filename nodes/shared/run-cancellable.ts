/**
 * Runs one DuckDB statement so that cancelling the run stops it inside DuckDB (connection
 * interrupt) instead of waiting for a long CREATE TABLE to finish.
 */
import type { DataPlane } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';

/**
 * @example
 * await runCancellable(ctx.data, `CREATE OR REPLACE TABLE ${ident(out)} AS ${plan.outputSql()}`, ctx.signal);
 */
export async function runCancellable(data: DataPlane, sql: string, signal: AbortSignal): Promise<void> {
  const cancelled = () => new NodeError('cancelled', 'Cancelled.');
  if (signal.aborted) throw cancelled();
  const interrupt = () => data.connection.interrupt();
  signal.addEventListener('abort', interrupt, { once: true });
  try {
    await data.run(sql);
  } catch (err) {
    if (signal.aborted) throw cancelled();
    throw err;
  } finally {
    signal.removeEventListener('abort', interrupt);
  }
}
