/**
 * Closes a node connection while its statement runs, then prints how the statement ended. Run by
 * call-tracker.test.ts in a child process, so that the crash or hang of DuckDB's closeSync on a
 * running statement (what `DataPlane.close()` guards against) fails the test, not the test worker.
 */
import { openDataPlane } from './data-plane.js';

/** Long enough (tens of milliseconds) to be running when close is called in the same tick. */
const LONG = 'SELECT sum(x) AS s FROM (SELECT range AS x FROM range(50000000))';

const main = await openDataPlane(':memory:');
// A statement through the plane (it may wait for the node lock first), then one straight on the connection.
for (const how of ['all', 'connection'] as const) {
  const node = await main.connect({ node: true });
  const running =
    how === 'all' ? node.all<{ s: bigint | number }>(LONG) : node.connection.runAndReadAll(LONG).then((r) => r.getRowObjects() as Array<{ s: unknown }>);
  node.close();
  const open = main.openConnections();
  const [{ s }] = await running;
  process.stdout.write(`${how}: ${open} open after close, sum ${String(s)}\n`);
}
main.close();
