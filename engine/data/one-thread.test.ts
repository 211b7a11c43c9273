import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from './data-plane.js';
import { onOneThreadIfSmall, withOneThread } from './one-thread.js';

let root: DataPlane;
let a: DataPlane;
let b: DataPlane;
const threads = async (data: DataPlane) => Number((await data.all<{ t: unknown }>(`SELECT current_setting('threads') AS t`))[0].t);
// Long enough (10^8 rows) that a small query on another connection, were it not held back, ends first.
const LONG = 'SELECT count(*) AS n FROM range(100000000) WHERE range % 7 = 3';

beforeAll(async () => {
  root = await openDataPlane(':memory:');
  await root.run('SET threads = 3');
  // Two nodes' connections, as the engine opens them.
  a = await root.connect({ node: true });
  b = await root.connect({ node: true });
});
afterAll(() => root.close());

describe('withOneThread', () => {
  it("keeps one thread to its own read: another node's statement waits, then sees the database's thread count", async () => {
    let fromB: Promise<number> | undefined;
    const inside = await withOneThread(a, async () => {
      fromB = threads(b);
      // Whichever ends first: B's one-row query, or A's long count on its one thread.
      const first = await Promise.race([fromB.then(() => 'b'), a.all(LONG).then(() => 'a')]);
      // The window's page and profile connections are not node connections: never held back.
      return { first, threads: await threads(a), page: await threads(root) };
    });
    expect(inside).toEqual({ first: 'a', threads: 1, page: 1 });
    expect(await fromB).toBe(3);
    expect(await threads(root)).toBe(3);
  });

  it('restores the setting when the statement fails', async () => {
    await expect(withOneThread(a, () => a.run('SELECT * FROM no_such_table'))).rejects.toThrow(/no_such_table/);
    expect(await threads(b)).toBe(3);
  });

  it('gives up waiting when its node is cancelled, and lets the other node go on', async () => {
    const controller = new AbortController();
    let waiting: Promise<unknown> | undefined;
    await withOneThread(a, async () => {
      waiting = withOneThread(b, () => b.all('SELECT 1'), controller.signal);
      controller.abort();
      await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    });
    expect(await b.all('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    expect(await threads(b)).toBe(3);
  });
});

describe('the remembered thread setting', () => {
  it('is read once per database, kept by setThreads, and read again after a statement through run that sets it', async () => {
    const db = await openDataPlane(':memory:');
    try {
      await db.run('SET threads = 3');
      const node = await db.connect({ node: true });
      expect(await node.threadSetting()).toBe(3);
      // Changed behind the planes' back (the raw connection): still the remembered value, no statement asked.
      await db.connection.run('SET threads = 2');
      expect(await node.threadSetting()).toBe(3);
      await withOneThread(node, async () => expect(await threads(node)).toBe(1));
      // withOneThread put back what it remembered, and remembers it.
      expect(await threads(db)).toBe(3);
      expect(await db.threadSetting()).toBe(3);
      await db.run('SET threads = 2');
      expect(await node.threadSetting()).toBe(2);
      node.close();
    } finally {
      db.close();
    }
  });
});

describe('onOneThreadIfSmall', () => {
  it('runs a small statement on one thread only while no other node connection is open', async () => {
    const solo = await openDataPlane(':memory:');
    try {
      await solo.run('SET threads = 3');
      const node = await solo.connect({ node: true });
      expect(node.soleNode()).toBe(true);
      expect(await onOneThreadIfSmall(node, true, () => threads(node))).toBe(1);
      expect(await threads(node)).toBe(3);
      // Not small: the database's threads.
      expect(await onOneThreadIfSmall(node, false, () => threads(node))).toBe(3);
      // Another node running: the statement stays on the shared threads rather than hold that node back.
      const other = await solo.connect({ node: true });
      expect(node.soleNode()).toBe(false);
      expect(await onOneThreadIfSmall(node, true, () => threads(node))).toBe(3);
      other.close();
      expect(node.soleNode()).toBe(true);
      node.close();
      // The window's connections are not nodes: the plane itself counts none.
      expect(solo.soleNode()).toBe(true);
    } finally {
      solo.close();
    }
  });
});
