import { afterEach, describe, expect, it } from 'vitest';
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
