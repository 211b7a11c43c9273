/**
 * The prediction log as current data: records in the server's exact format (server/prediction-log.ts),
 * test rows 0-199 logged two days ago and rows 200-399 with age + 15 logged half an hour ago, the
 * model answering "<=50K" to every row. Figures from drift-reference.py (log_*).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { EndpointValue, ModelValue, TableValue } from '../../engine/values.js';
import type { PredictionRecord } from '../../server/prediction-log.js';
import { adultSetup, runMonitor } from '../testing/monitor-kit.js';

type Figures = Record<string, { method: string; score: number }>;
const figures = JSON.parse(readFileSync(new URL('./drift-reference.json', import.meta.url), 'utf8')) as Record<string, Figures> & {
  log_prediction_all_low: number;
  log_accuracy_recent: number;
};

let ctx: FakeContext;
let train: TableValue;
let model: ModelValue;
let endpoint: EndpointValue;
let labels: TableValue;
const now = Date.now();
const twoDaysAgo = now - 2 * 86_400_000;
const halfHourAgo = now - 1_800_000;
const ROWS_PER_REQUEST = 5;

function records(rows: Record<string, unknown>[], start: number, prefix: string): PredictionRecord[] {
  const out: PredictionRecord[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_REQUEST) {
    const inputs = rows.slice(i, i + ROWS_PER_REQUEST);
    out.push({
      time: new Date(start + i * 1000).toISOString(),
      request_id: `${prefix}-${i / ROWS_PER_REQUEST}`,
      model: 'adult',
      version: '1',
      route: '/predict',
      status: 200,
      latency_ms: 1.5,
      rows: inputs.length,
      inputs,
      outputs: inputs.map(() => ({ prediction: '<=50K', probabilities: { '<=50K': 0.8, '>50K': 0.2 } })),
    });
  }
  return out;
}

const lines = (rs: object[]) => rs.map((r) => `${JSON.stringify(r)}\n`).join('');

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'monitor-log-setup' });
  ({ train, model } = await adultSetup(ctx));
  await ctx.data.run('CREATE TABLE numbered AS SELECT row_number() OVER () - 1 AS i, * FROM test');
  const raw = (where: string) =>
    ctx.data.all<Record<string, unknown>>(
      `SELECT * EXCLUDE (i, income) REPLACE (${where.includes('recent') ? 'age + 15' : 'age'} AS age) FROM numbered WHERE ${where.replace('recent', '')} ORDER BY i`,
    );
  const day1 = records(await raw('i < 200'), twoDaysAgo, 'old');
  const recent = records(await raw('recent i >= 200 AND i < 400'), halfHourAgo, 'new');
  const dir = mkdtempSync(join(tmpdir(), 'ls-monitor-log-'));
  // The rotated file holds the older records; a refused request and a torn line are left out.
  writeFileSync(join(dir, 'predictions-1.jsonl'), lines(day1));
  const refused = { ...recent[0], request_id: 'bad', status: 400, outputs: [] };
  writeFileSync(join(dir, 'predictions.jsonl'), lines([...recent, refused]) + '{"time": "2026-');
  endpoint = { kind: 'endpoint', url: 'http://127.0.0.1:1', routes: ['/predict'], model: 'adult', version: '1', logDir: dir };
  await ctx.data.run(`CREATE TABLE labels AS SELECT (CASE WHEN i < 200 THEN 'old-' ELSE 'new-' END) || ((i % 200) // 5)::VARCHAR AS request_id,
    (i % 5)::INTEGER AS "row", income FROM numbered WHERE i < 400`);
  labels = await ctx.data.describe('labels');
}, 120_000);
afterAll(() => ctx.data.close());

function expectFigures(metrics: Record<string, number>, want: Figures) {
  for (const [column, f] of Object.entries(want)) {
    if (column === 'income') continue; // the model's target is not an input
    expect(Math.abs(metrics[`drift_${column}`] - f.score), column).toBeLessThan(1e-6);
  }
}

describe('monitor on a prediction log', () => {
  it('the last hour holds the recent requests only: their drift, prediction drift and accuracy against the labels', async () => {
    const run = await runMonitor(ctx, { reference: train, model, endpoint, labels }, { window: 'hour' });
    const { metrics, current, windows } = run;
    expect(current.rowCount).toBe(200);
    expect(run.ctx.logs.map((l) => l.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 line of the prediction log .* not a record, left out$/),
        '1 refused request (no predictions) left out',
      ]),
    );
    expect(metrics.metrics.requests).toBe(40);
    expectFigures(metrics.metrics, figures.log_recent);
    expect(metrics.metrics.drift_predicted_income).toBeCloseTo(figures.log_prediction_all_low, 6);
    expect(metrics.metrics.prediction_drift).toBe(1);
    expect(metrics.metrics.schema_changes).toBe(0);
    expect(metrics.metrics.accuracy).toBeCloseTo(figures.log_accuracy_recent, 12);
    expect(metrics.metrics.labelled_rows).toBe(200);
    expect(metrics.metrics.reference_accuracy).toBe(0.85);
    expect(metrics.metrics.accuracy_change).toBeCloseTo(figures.log_accuracy_recent - 0.85, 12);
    // 0.74 against 0.85 (python's count): a fall of 0.11, past the default tolerance of 0.05.
    expect(metrics.metrics.performance_decay).toBe(1);
    expect(windows.rowCount).toBeGreaterThan(0);
  });

  it('a fall within the tolerance is no decay', async () => {
    const run = await runMonitor(ctx, { reference: train, model, endpoint, labels }, { window: 'hour', decayTolerance: 0.12 });
    expect(run.metrics.metrics.accuracy_change).toBeCloseTo(figures.log_accuracy_recent - 0.85, 12);
    expect(run.metrics.metrics.performance_decay).toBe(0);
  });

  it('a date range picks the old requests; the last N requests the new ones', async () => {
    const from = new Date(twoDaysAgo - 3_600_000).toISOString();
    const to = new Date(twoDaysAgo + 3_600_000).toISOString();
    const old = await runMonitor(ctx, { reference: train, model, endpoint }, { window: 'range', from, to });
    expect(old.current.rowCount).toBe(200);
    expectFigures(old.metrics.metrics, figures.log_day1);
    const last = await runMonitor(ctx, { reference: train, model, endpoint }, { window: 'requests', lastRequests: 40 });
    expectFigures(last.metrics.metrics, figures.log_recent);
    const day = await runMonitor(ctx, { reference: train, model, endpoint }, { window: 'day' });
    expect(day.current.rowCount).toBe(200);
  });

  it('everything logged, cut in two time windows: each window has its own drift, as a table and a line chart', async () => {
    const { metrics, windows } = await runMonitor(ctx, { reference: train, model, endpoint }, { window: 'all', timeWindows: 2 });
    expectFigures(metrics.metrics, figures.log_all);
    const age = await ctx.data.all<{ window_start: string; rows: number; score: number; drifted: boolean }>(
      `SELECT window_start, "rows", score, drifted FROM ${windows.table} WHERE "column" = 'age' ORDER BY window_start`,
    );
    expect(age.map((r) => [r.window_start, Number(r.rows), r.drifted])).toEqual([
      [new Date(twoDaysAgo).toISOString(), 200, figures.log_day1.age.score >= 0.1],
      [expect.any(String), 200, true],
    ]);
    expect(age[0].score).toBeCloseTo(figures.log_day1.age.score, 6);
    expect(age[1].score).toBeCloseTo(figures.log_recent.age.score, 6);
    const line = metrics.charts?.find((c) => c.id === 'drift-over-time');
    expect(line?.type).toBe('line');
    const ageLine = line?.type === 'line' ? line.series.find((s) => s.name === 'age') : undefined;
    expect(ageLine?.points.map((p) => p[1])).toEqual(age.map((r) => r.score));
  });

  it('a window with no requests fails naming the log folder', async () => {
    await expect(runMonitor(ctx, { reference: train, endpoint }, { window: 'range', from: '2001-01-01', to: '2001-01-02' })).rejects.toThrow(endpoint.logDir!);
  });
});

describe('the date range param', () => {
  it('is refused before any run when it is not two dates in order, naming both fields', async () => {
    await expect(runMonitor(ctx, { reference: train, endpoint }, { window: 'range', from: 'yesterday', to: '' })).rejects.toThrow(/"yesterday" to ""/);
    await expect(runMonitor(ctx, { reference: train, endpoint }, { window: 'range', from: '2026-02-01', to: '2026-01-01' })).rejects.toThrow(
      /From" before "To/,
    );
  });
});
