/**
 * Nodes' own connections on one database: cancelling, progress and per-connection settings stay
 * with the node whose connection it is (real DuckDB, two connections side by side).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from './data-plane.js';

let root: DataPlane;
// 2 x 10^7 rows: a scan over it reports DuckDB progress and lasts long enough to overlap another.
const ROWS = 20_000_000;
// A self-join with no usable condition: minutes of work, so only an interrupt ends it.
const ENDLESS = 'CREATE TABLE endless AS SELECT count(*) AS n FROM big a1, big a2 WHERE a1.x + a2.x = 3';

async function nodeConnection(): Promise<DataPlane> {
  const data = await root.connect({ node: true });
  // Per connection (DuckDB scope LOCAL): report progress from the first moment, print nothing.
  await data.run('SET enable_progress_bar_print = false');
  await data.run('SET progress_bar_time = 0');
  return data;
}

beforeAll(async () => {
  root = await openDataPlane(':memory:');
  await root.run(`CREATE TABLE big AS SELECT range AS x FROM range(${ROWS})`);
});
afterAll(() => root.close());

it("cancelling one node's statement interrupts it alone: the other node's statement runs to completion", async () => {
  const [a, b] = [await nodeConnection(), await nodeConnection()];
  const cancelA = new AbortController();
  let aStarted!: () => void;
  const aRunning = new Promise<void>((resolve) => (aStarted = resolve));
  let bPercentAtCancel: number | undefined;
  const endless = a.run(ENDLESS, { signal: cancelA.signal, onProgress: () => aStarted() });
  const counted = b.run('CREATE TABLE counted AS SELECT count(DISTINCT x % 1000003) AS n FROM big', {
    onProgress: (percent) => {
      // Both statements are running inside DuckDB now: cancel A's.
      if (bPercentAtCancel === undefined && percent !== undefined && percent < 100)
        void aRunning.then(() => {
          bPercentAtCancel ??= percent;
          cancelA.abort();
        });
    },
  });
  await expect(endless).rejects.toMatchObject({ name: 'AbortError' });
  await counted;
  expect(bPercentAtCancel).toBeLessThan(100);
  // Every residue 0..1000002 occurs below 2 x 10^7 (hand count: 2 x 10^7 > 1000003).
  expect(await root.all('SELECT n FROM counted')).toEqual([{ n: 1000003 }]);
  expect(await root.tableExists('endless')).toBe(false);
  // The interrupted connection still works.
  expect(await a.all('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
  a.close();
  b.close();
});

it("a node's progress callback reports its own statement only", async () => {
  const [a, b] = [await nodeConnection(), await nodeConnection()];
  const cancelA = new AbortController();
  const fromA: number[] = [];
  const fromB: (number | undefined)[] = [];
  let aStarted!: () => void;
  const aRunning = new Promise<void>((resolve) => (aStarted = resolve));
  const endless = a.run(ENDLESS, {
    signal: cancelA.signal,
    onProgress: (percent) => {
      fromA.push(percent ?? -1);
      if (percent !== undefined && percent > 0) aStarted();
    },
  });
  // A's figure only grows (it stops at one side of the join, about 50%), so it stays above 0 while B runs.
  await aRunning;
  // DuckDB has no figure for a count over range(): it says 0 at most. B must report that, never A's.
  await b.run('CREATE TABLE sevens AS SELECT count(*) AS n FROM range(100000000) WHERE range % 7 = 3', { onProgress: (p) => fromB.push(p) });
  cancelA.abort();
  await expect(endless).rejects.toMatchObject({ name: 'AbortError' });
  expect(fromB.filter((p) => p !== 0)).toEqual([]);
  expect(Math.max(...fromA)).toBeGreaterThan(0);
  // python3: len(range(3, 10**8, 7))
  expect(await root.all('SELECT n FROM sevens')).toEqual([{ n: 14285714 }]);
  a.close();
  b.close();
});

it('keeps a per-connection setting on the node that set it, and counts connections as they open and close', async () => {
  const base = root.openConnections();
  const [a, b] = [await root.connect({ node: true }), await root.connect({ node: true })];
  const duckdbCount = async () => Number((await root.all<{ count: number }>('SELECT count FROM duckdb_connection_count()'))[0].count);
  expect([root.openConnections(), await duckdbCount()]).toEqual([base + 2, base + 2]);
  await a.run('SET SESSION preserve_insertion_order = false');
  const setting = async (d: DataPlane) => (await d.all<{ v: boolean }>(`SELECT current_setting('preserve_insertion_order') AS v`))[0].v;
  expect([await setting(a), await setting(b), await setting(root)]).toEqual([false, true, true]);
  a.close();
  b.close();
  b.close();
  expect([root.openConnections(), await duckdbCount()]).toEqual([base, base]);
});
