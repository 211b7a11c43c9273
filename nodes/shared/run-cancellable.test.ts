import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { runCancellable } from './run-cancellable.js';

let ctx: FakeContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.data.close());

it('stops a long statement inside DuckDB when the run is cancelled', async () => {
  // A cross join of 2 x 10^5 rows with itself would take minutes; the interrupt ends it at once.
  const started = Date.now();
  setTimeout(() => ctx.controller.abort(), 200);
  await expect(
    runCancellable(ctx.data, 'CREATE TABLE big AS SELECT count(*) AS n FROM range(200000) a, range(200000) b WHERE (a.range * b.range) % 7 = 3', ctx.signal),
  ).rejects.toThrow('Cancelled.');
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await ctx.data.tableExists('big')).toBe(false);
  // The connection still works afterwards.
  expect(await ctx.data.all('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
});
