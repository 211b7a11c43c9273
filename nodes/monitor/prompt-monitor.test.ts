/**
 * The Monitor on a prompt endpoint's prediction log, from a log written by hand (the record shape of
 * server/prompt-app.ts): windows, invalid-reply rate, latency, tokens, cost, text-length drift against
 * a reference table or the first window, reply values outside the labels. Figures counted by hand below.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, TableValue } from '../../engine/values.js';
import { textTable } from '../testing/prompt-kit.js';
import { monitorRunner } from './run.js';

let ctx: FakeContext;
let logDir: string;
beforeEach(async () => {
  ctx = await createTestContext();
  logDir = mkdtempSync(join(tmpdir(), 'ls-prompt-monitor-'));
  const call = (reply: string | null, raw: string, tokensIn: number, cost: number, latency: number) => ({
    reply,
    valid: reply !== null,
    raw,
    error: null,
    tokens_in: tokensIn,
    tokens_out: 1,
    cost,
    latency_ms: latency,
    prompt: `user: ${raw}`,
  });
  const head = (time: string, status: number) => ({
    kind: 'prompt',
    time,
    request_id: time,
    model: 'm',
    version: '1',
    route: '/predict',
    status,
    latency_ms: 1,
  });
  const records = [
    {
      ...head('2026-01-01T00:00:00.000Z', 200),
      rows: 2,
      inputs: [{ text: 'abcd' }, { text: 'ab' }],
      outputs: [call('positive', 'Positive.', 5, 0.001, 10), call(null, 'Neutral', 3, 0.002, 30)],
    },
    { ...head('2026-01-01T00:10:00.000Z', 400), rows: 1, inputs: [{}], outputs: [] },
    { ...head('2026-01-01T01:00:00.000Z', 200), rows: 1, inputs: [{ text: 'abcdefgh' }], outputs: [call('negative', 'negative', 7, 0.004, 20)] },
  ];
  writeFileSync(join(logDir, 'predictions.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
});
afterEach(() => ctx.data.close());

const endpoint = () => ({ kind: 'endpoint' as const, url: 'http://127.0.0.1:1', routes: [], logDir, model: 'm' });

it('figures per time window and overall; text length against a reference table; a reply outside the labels', async () => {
  const reference = await textTable(ctx, 'ref', [{ text: 'abc' }, { text: 'abcde' }]);
  const out = await monitorRunner.run(ctx, { endpoint: endpoint(), reference }, { timeWindows: 2 });
  const m = (out.metrics as MetricsValue).metrics;
  // 3 answered calls in 2 requests (the 400 is left out); latencies 10, 30, 20: mean 20, p95 20 + 0.9 x 10 = 29;
  // lengths 4, 2, 8: mean 14/3 against the reference's (3 + 5) / 2 = 4, change (2/3) / 4 = 1/6; "neutral" is new.
  expect(m).toMatchObject({ rows: 3, requests: 2, invalid: 1, tokens_in: 15, tokens_out: 3, new_label_values: 1, windows: 2 });
  expect(m.invalid_rate).toBeCloseTo(1 / 3, 12);
  expect([m.latency_mean_ms, m.latency_p95_ms]).toEqual([20, 29]);
  expect(m.cost_total).toBeCloseTo(0.007, 12);
  expect(m.cost_per_1000).toBeCloseTo(7 / 3, 12);
  expect(m.length_mean_text).toBeCloseTo(14 / 3, 12);
  expect(m.length_change_text).toBeCloseTo(1 / 6, 12);
  // Spans of 30 minutes from the first call to the last: the first request, then the last.
  const windows = await ctx.data.all<Record<string, number>>(
    `SELECT "rows", invalid_rate, length_mean_text FROM "${(out.windows as TableValue).table}" ORDER BY window_start`,
  );
  expect(windows).toEqual([
    { rows: 2, invalid_rate: 0.5, length_mean_text: 3 },
    { rows: 1, invalid_rate: 0, length_mean_text: 8 },
  ]);
  expect((out.report as { markdown: string }).markdown).toContain('New reply values: neutral.');
  const current = await ctx.data.all(`SELECT text, reply, valid FROM "${(out.current as TableValue).table}" ORDER BY time, "row"`);
  expect(current).toEqual([
    { text: 'abcd', reply: 'positive', valid: true },
    { text: 'ab', reply: null, valid: false },
    { text: 'abcdefgh', reply: 'negative', valid: true },
  ]);
});

it('without a reference table the first window is the reference; the last-N-requests window keeps those requests', async () => {
  const out = await monitorRunner.run(ctx, { endpoint: endpoint() }, { timeWindows: 2 });
  // First window's mean length 3; overall 14/3: change (5/3) / 3 = 5/9.
  expect((out.metrics as MetricsValue).metrics.length_change_text).toBeCloseTo(5 / 9, 12);
  const last = await monitorRunner.run(ctx, { endpoint: endpoint() }, { window: 'requests', lastRequests: 1 });
  expect((last.metrics as MetricsValue).metrics).toMatchObject({ rows: 1, requests: 1, invalid: 0 });
});
