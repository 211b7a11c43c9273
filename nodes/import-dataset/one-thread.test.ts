import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../../engine/data/data-plane.js';
import { withOneThread } from './one-thread.js';

let data: DataPlane;
const threads = async () => Number((await data.all<{ t: unknown }>(`SELECT current_setting('threads') AS t`))[0].t);

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await data.run('SET threads = 3');
});
afterAll(() => data.close());

describe('withOneThread', () => {
  it('limits DuckDB to one thread while reads overlap, and restores the setting after the last one', async () => {
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = withOneThread(data, async () => {
      seen.push(await threads());
      await gate;
      seen.push(await threads());
    });
    const second = withOneThread(data, async () => {
      seen.push(await threads());
    });
    await second;
    // The first read is still running: the second one's end must not restore the setting yet.
    expect(await threads()).toBe(1);
    release();
    await first;
    expect(seen).toEqual([1, 1, 1]);
    expect(await threads()).toBe(3);
  });

  it('restores the setting when the statement fails', async () => {
    await expect(withOneThread(data, () => data.run('SELECT * FROM no_such_table'))).rejects.toThrow(/no_such_table/);
    expect(await threads()).toBe(3);
  });
});
