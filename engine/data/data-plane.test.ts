import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConfinedDataPlane } from './confined-plane.js';
import { openDataPlane, type DataPlane } from './data-plane.js';

let data: DataPlane | undefined;
afterEach(() => data?.close());

describe('data plane connections', () => {
  it('answers a small query on a second connection while a long one runs on the first', async () => {
    data = await openDataPlane(':memory:');
    const second = await data.connect();
    const order: string[] = [];
    // A deliberately heavy aggregate (a few seconds): a sort over 30M generated rows.
    const long = data.all(`SELECT count(DISTINCT (i * 7919) % 1000003) AS n FROM range(30000000) t(i)`).then(() => order.push('long'));
    await new Promise((r) => setTimeout(r, 50));
    const short = second.all(`SELECT 42 AS answer`).then((rows) => {
      order.push('short');
      return rows;
    });
    expect(await short).toEqual([{ answer: 42 }]);
    await long;
    // On one shared connection the short query would queue behind the long one.
    expect(order).toEqual(['short', 'long']);
    second.close();
  });

  it('closing a second connection leaves the database open', async () => {
    data = await openDataPlane(':memory:');
    await data.run('CREATE TABLE t AS SELECT 1 AS x');
    const second = await data.connect();
    second.close();
    expect(await data.all('SELECT x FROM t')).toEqual([{ x: 1 }]);
  });
});

describe('the workspace database file', () => {
  const storageVersion = async (plane: DataPlane, name: string) => {
    const [row] = await plane.all<{ v: string }>(`SELECT tags['storage_version'] AS v FROM duckdb_databases() WHERE database_name = '${name}'`);
    return row.v;
  };

  it('is created in v1.5 storage, and a file from DuckDB default storage opens and grows as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-storage-'));
    try {
      // A file as earlier versions of the app made it: DuckDB's default storage.
      const older = await DuckDBInstance.create(join(dir, 'old.duckdb'));
      const conn = await older.connect();
      await conn.run(`CREATE TABLE kept AS SELECT range AS x FROM range(1000)`);
      conn.closeSync();
      older.closeSync();

      data = await openDataPlane(join(dir, 'new.duckdb'));
      expect(await storageVersion(data, 'new')).toBe('v1.5.0+');
      data.close();
      const confined = await openConfinedDataPlane(join(dir, 'confined.duckdb'));
      expect(await storageVersion(confined, 'confined')).toBe('v1.5.0+');
      confined.close();

      data = await openDataPlane(join(dir, 'old.duckdb'));
      expect(await storageVersion(data, 'old')).toBe('v1.0.0+');
      await data.run(`CREATE TABLE added AS SELECT range AS y FROM range(500)`);
      await data.run('CHECKPOINT');
      data.close();
      data = undefined;
      // Still readable by a DuckDB left at its default, with both tables whole (sums by hand: n(n-1)/2).
      const again = await DuckDBInstance.create(join(dir, 'old.duckdb'));
      const c = await again.connect();
      const [row] = (await c.runAndReadAll(`SELECT (SELECT sum(x) FROM kept) AS a, (SELECT sum(y) FROM added) AS b`)).getRowObjectsJS();
      expect(row).toEqual({ a: 499500n, b: 124750n });
      c.closeSync();
      again.closeSync();
    } finally {
      data?.close();
      data = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
