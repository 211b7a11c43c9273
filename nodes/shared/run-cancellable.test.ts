import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { runCancellable } from './run-cancellable.js';

let ctx: FakeContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.data.close());

it('stops a long statement inside DuckDB when the run is cancelled, even before DuckDB has begun it', async () => {
  // A cross join of 2 x 10^5 rows with itself would take minutes; the interrupt ends it at once.
  // The cancel comes right after the call, before DuckDB picks the statement up: a single
  // interrupt is lost then (the statement runs on for minutes and the test times out).
  const running = runCancellable(
    ctx.data,
    'CREATE TABLE big AS SELECT count(*) AS n FROM range(200000) a, range(200000) b WHERE (a.range * b.range) % 7 = 3',
    ctx.signal,
  );
  ctx.controller.abort();
  await expect(running).rejects.toThrow('Cancelled.');
  expect(await ctx.data.tableExists('big')).toBe(false);
  // The connection still works afterwards.
  expect(await ctx.data.all('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
});
