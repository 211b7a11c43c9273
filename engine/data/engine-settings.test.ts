import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.js';
import { fakeNodes } from '../testing/fake-nodes.fixture.js';
import { openDataPlane, type DataPlane } from './data-plane.js';
import { checkMemoryLimit, duckdbConfig, MEMORY_LIMIT_ENV, settingsFromEnv, settingsToEnv, SPILL_DIR_ENV } from './engine-settings.js';

let dir: string;
let data: DataPlane | undefined;
let engine: Engine | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-engine-settings-'));
});
afterEach(async () => {
  data?.close();
  data = undefined;
  await engine?.close();
  engine = undefined;
  await rm(dir, { recursive: true, force: true });
});

const settingsOf = async (d: DataPlane) =>
  (
    await d.all<{ m: string; t: string; p: boolean }>(
      `SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t, current_setting('preserve_insertion_order') AS p`,
    )
  )[0];

// 3M rows sorted by a hash: the sort needs far more than 40 MB, so it must spill to answer.
const N = 3_000_000;
const SPILLING_SORT = `CREATE TABLE sorted AS SELECT i, repeat('x', 20) || i AS pad FROM range(${N}) t(i) ORDER BY hash(i)`;

describe('DuckDB memory settings', () => {
  it('applies the memory limit, spill folder and insertion order to the database', async () => {
    data = await openDataPlane(':memory:', { memoryLimit: '300MB', spillDir: join(dir, 'spill'), preserveInsertionOrder: false });
    // DuckDB reports the limit in MiB: 300 MB = 286.1 MiB.
    expect(await settingsOf(data)).toEqual({ m: '286.1 MiB', t: join(dir, 'spill'), p: false });
  });

  it('leaves DuckDB defaults alone when nothing is set', async () => {
    data = await openDataPlane(':memory:');
    const s = await settingsOf(data);
    expect(s.p).toBe(true);
    expect(s.m).not.toBe('286.1 MiB');
  });

  it('answers a query that needs more than the memory limit by spilling, and fails without a spill folder', async () => {
    data = await openDataPlane(':memory:', { memoryLimit: '40MB', spillDir: join(dir, 'spill') });
    await data.run('SET threads = 1');
    await data.run(SPILLING_SORT);
    // Expected figures in closed form: count N, sum 0..N-1 = N(N-1)/2, and the sort put row 0 somewhere other than first.
    const [row] = await data.all<{ n: number; s: number }>(`SELECT count(*) AS n, sum(i) AS s FROM sorted`);
    expect(row).toEqual({ n: N, s: (N * (N - 1)) / 2 });
    data.close();
    data = await openDataPlane(':memory:', { memoryLimit: '40MB' });
    await data.run(`SET temp_directory = ''`);
    await data.run('SET threads = 1');
    await expect(data.run(SPILLING_SORT)).rejects.toThrow(/memory/i);
  });

  it('the engine opens its workspace database with the settings, from options or from the environment', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir, duckdb: { memoryLimit: '500MB', spillDir: join(dir, 'spill') } });
    expect(await settingsOf(engine.data)).toMatchObject({ m: '476.8 MiB', t: join(dir, 'spill') });
    expect(settingsFromEnv({ [MEMORY_LIMIT_ENV]: '2GB', [SPILL_DIR_ENV]: '/big/disk' })).toEqual({ memoryLimit: '2GB', spillDir: '/big/disk' });
    expect(settingsFromEnv(settingsToEnv({ memoryLimit: '1GB', preserveInsertionOrder: false }))).toEqual({
      memoryLimit: '1GB',
      preserveInsertionOrder: false,
    });
    expect(settingsFromEnv({})).toEqual({});
  });

  it('refuses a memory limit that is not a size, naming the flag', () => {
    expect(() => checkMemoryLimit('lots')).toThrow(/memory limit "lots" is not a size.*--memory-limit/);
    expect(duckdbConfig({ memoryLimit: '2 GB' })).toEqual({ memory_limit: '2GB' });
  });
});
