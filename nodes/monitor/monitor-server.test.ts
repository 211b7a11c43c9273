/**
 * The real model server writes the prediction log the monitor reads: the adult package served with
 * a log folder, test rows sent through /predict, then the log monitored against adult-train with the
 * true labels joined by the request ids the server answered with.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { EndpointValue, ModelValue, TableValue } from '../../engine/values.js';
import { startModelServer } from '../../server/start.js';
import { adultSetup, runMonitor } from '../testing/monitor-kit.js';

let ctx: FakeContext;
let train: TableValue;
let model: ModelValue;
const truth: { request_id: string; row: number; income: string; predicted: string }[] = [];
let logDir: string;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'monitor-server' });
  ({ train, model } = await adultSetup(ctx));
  logDir = mkdtempSync(join(tmpdir(), 'ls-monitor-server-log-'));
  const server = await startModelServer(model.dir, { port: 0, logDir });
  try {
    const rows = await ctx.data.all<Record<string, unknown>>(
      `SELECT * FROM test WHERE workclass IS NOT NULL AND occupation IS NOT NULL AND "native-country" IS NOT NULL LIMIT 100`,
    );
    for (let i = 0; i < rows.length; i += 25) {
      const batch = rows.slice(i, i + 25);
      const body = JSON.stringify({ rows: batch.map(({ income: _income, ...inputs }) => inputs) });
      const res = await fetch(`${server.url}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { request_id: string; predictions: { prediction: string }[] };
      batch.forEach((r, row) => truth.push({ request_id: answer.request_id, row, income: String(r.income), predicted: answer.predictions[row].prediction }));
    }
  } finally {
    await server.close();
  }
  await ctx.data.run(`CREATE TABLE server_labels (request_id VARCHAR, "row" INTEGER, income VARCHAR)`);
  for (const t of truth) await ctx.data.run('INSERT INTO server_labels VALUES (?, ?, ?)', [t.request_id, t.row, t.income]);
}, 180_000);
afterAll(() => ctx.data.close());

describe('monitor on the log the real server wrote', () => {
  it('reads every scored row with its prediction, compares with adult-train, and scores the labelled rows', async () => {
    const endpoint: EndpointValue = { kind: 'endpoint', url: 'http://127.0.0.1:1', routes: ['/predict'], logDir };
    const labels = await ctx.data.describe('server_labels');
    const { metrics, current } = await runMonitor(ctx, { reference: train, model, endpoint, labels });
    expect(current.rowCount).toBe(100);
    expect(metrics.metrics.requests).toBe(4);
    const names = current.columns.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['request_id', 'time', 'row', 'age', 'workclass', 'predicted_income', 'probability_<=50K', 'probability_>50K']),
    );
    expect(metrics.metrics.schema_changes).toBe(0);
    expect(metrics.metrics.columns_compared).toBe(14);
    // Accuracy counted from the server's own answers.
    const right = truth.filter((t) => t.predicted === t.income).length;
    expect(metrics.metrics.accuracy).toBeCloseTo(right / truth.length, 12);
    expect(metrics.metrics.labelled_rows).toBe(100);
    // The same rows as a table give the same figures as through the log (to 12 digits: DuckDB's
    // parallel sums may add the same values in another order).
    await ctx.data.run(`CREATE TABLE logged AS SELECT * EXCLUDE (request_id, time, "row", "probability_<=50K", "probability_>50K") FROM ${current.table}`);
    const asTable = await runMonitor(ctx, { reference: train, model, current: await ctx.data.describe('logged') });
    for (const c of ['age', 'workclass', 'fnlwgt', 'hours-per-week'])
      expect(metrics.metrics[`drift_${c}`]).toBeCloseTo(asTable.metrics.metrics[`drift_${c}`], 12);
  });
});
