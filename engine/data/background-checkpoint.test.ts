/**
 * BackgroundCheckpoint: requests during a checkpoint fold into one more pass, a refused checkpoint
 * is not an error, stop waits for the running one; on a real file database, the tables a statement
 * committed are in the database file (the WAL emptied) before close.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundCheckpoint } from './background-checkpoint.js';
import { openDataPlane } from './data-plane.js';

/** A checkpoint whose passes the test finishes one by one. */
function manual() {
  const pending: { done: () => void; fail: (e: Error) => void }[] = [];
  let calls = 0;
  const checkpoint = () =>
    new Promise<void>((done, fail) => {
      calls++;
      pending.push({ done, fail });
    });
  // Lets the loop reach its next await after a pass settles.
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return { checkpoint, pending, calls: () => calls, tick };
}

describe('BackgroundCheckpoint', () => {
  it('folds requests made during a pass into one more pass', async () => {
    const m = manual();
    const cp = new BackgroundCheckpoint(m.checkpoint);
    cp.request();
    cp.request();
    cp.request();
    expect(m.calls()).toBe(1);
    m.pending.shift()!.done();
    await m.tick();
    expect(m.calls()).toBe(2);
    m.pending.shift()!.done();
    await m.tick();
    expect(m.calls()).toBe(2);
    cp.request();
    expect(m.calls()).toBe(3);
    m.pending.shift()!.done();
    await cp.stop();
  });

  it('takes a refused checkpoint as nothing done, and runs again on the next request', async () => {
    const m = manual();
    const cp = new BackgroundCheckpoint(m.checkpoint);
    cp.request();
    m.pending.shift()!.fail(new Error('Cannot CHECKPOINT: there are other write transactions active'));
    await m.tick();
    cp.request();
    expect(m.calls()).toBe(2);
    m.pending.shift()!.done();
    await cp.stop();
  });

  it('stop waits for the running pass and takes no more requests', async () => {
    const m = manual();
    const cp = new BackgroundCheckpoint(m.checkpoint);
    cp.request();
    cp.request();
    let stopped = false;
    const stopping = cp.stop().then(() => (stopped = true));
    await m.tick();
    expect(stopped).toBe(false);
    m.pending.shift()!.done();
    await stopping;
    // The folded request is dropped once stopping: close checkpoints what is left.
    expect(m.calls()).toBe(1);
    cp.request();
    expect(m.calls()).toBe(1);
  });
});

describe('on a file database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-checkpoint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('moves committed tables from the WAL into the file while the database stays open', async () => {
    const file = join(dir, 'data.duckdb');
    const data = await openDataPlane(file);
    const other = await data.connect();
    try {
      await data.run('CREATE TABLE t AS SELECT range AS i, range * 2 AS j FROM range(200000)');
      const walBefore = statSync(`${file}.wal`).size;
      expect(walBefore).toBeGreaterThan(0);
      const cp = new BackgroundCheckpoint(() => other.run('CHECKPOINT'));
      cp.request();
      await cp.stop();
      expect(existsSync(`${file}.wal`) ? statSync(`${file}.wal`).size : 0).toBeLessThan(walBefore);
      expect(await data.all('SELECT count(*)::INT AS n, sum(j)::BIGINT AS s FROM t')).toEqual([{ n: 200000, s: 199999 * 200000 }]);
    } finally {
      other.close();
      data.close();
    }
    // Reopened: the same rows (sum of 2i for i < 200,000 = 199,999 * 200,000).
    const again = await openDataPlane(file);
    try {
      expect(await again.all('SELECT count(*)::INT AS n, sum(j)::BIGINT AS s FROM t')).toEqual([{ n: 200000, s: 199999 * 200000 }]);
    } finally {
      again.close();
    }
  });
});
