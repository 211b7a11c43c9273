/**
 * The Monitor node on real data: adult-train as the reference (a table, or a model package's stored
 * statistics), a drifted copy of adult-test as the current table; figures from drift-reference.py.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelPackage } from '../../engine/models/package/index.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { adultSetup, runMonitor } from '../testing/monitor-kit.js';

const figures = JSON.parse(readFileSync(new URL('./drift-reference.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, { method: string; score: number }>
>;
let ctx: FakeContext;
let train: TableValue;
let test: TableValue;
let drifted: TableValue;
let model: ModelValue;
const run = (inputs: Parameters<typeof runMonitor>[1], params: Parameters<typeof runMonitor>[2] = {}) => runMonitor(ctx, inputs, params);

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'monitor-setup' });
  const setup = await adultSetup(ctx);
  ({ train, test, model } = setup);
  await ctx.data.run(`CREATE TABLE drifted AS SELECT * REPLACE (age + 15 AS age) FROM test WHERE workclass IS DISTINCT FROM 'Self-emp-not-inc'`);
  drifted = await ctx.data.describe('drifted');
  // The value counts keep the package deterministic: the same parts give the same hash.
  const a = await writeModelPackage(join(ctx.artifactDir, 'a'), setup.parts);
  expect((await writeModelPackage(join(ctx.artifactDir, 'b'), setup.parts)).hash).toBe(a.hash);
}, 120_000);
afterAll(() => ctx.data.close());

describe('monitor node', () => {
  it('flags age and workclass, writes metrics, tables, charts and a self-contained HTML report', async () => {
    const { metrics, report, columns, windows } = await run({ reference: train, current: drifted });
    const want = figures.train_vs_drifted;
    expect(metrics.metrics.drift_age).toBeCloseTo(want.age.score, 6);
    expect(metrics.metrics.drift_workclass).toBeCloseTo(want.workclass.score, 6);
    expect(metrics.metrics).toMatchObject({ drifted_columns: 2, columns_compared: 15, dataset_drift: 0, schema_changes: 0, rows_current: 14960 });
    expect(metrics.metrics.drifted_share).toBeCloseTo(2 / 15, 12);
    expect(metrics.groups?.age).toMatchObject({ drifted: 1, threshold: 0.1 });
    const rows = await ctx.data.all<{ column: string; method: string; drifted: boolean }>(
      `SELECT "column", method, drifted FROM ${columns.table} WHERE drifted ORDER BY 1`,
    );
    expect(rows).toEqual([
      { column: 'age', method: 'wasserstein', drifted: true },
      { column: 'workclass', method: 'jensenshannon', drifted: true },
    ]);
    expect(windows.rowCount).toBe(0);
    expect(metrics.charts?.map((c) => c.id)).toEqual(['drift-scores', 'distribution']);
    expect(metrics.charts?.[1].title).toMatch(/^age:/);
    expect(report.title).toBe('Drift report: no dataset drift');
    const html = readFileSync(report.files[0].path, 'utf8');
    expect(html).toContain('2 of 15 columns drifted');
    // Self-contained: no script, no remote or file reference of any kind.
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(|@import|https?:/i);
  });

  it('adult-test as it is: no dataset drift, income included', async () => {
    const { metrics } = await run({ reference: train, current: test });
    expect(metrics.metrics.dataset_drift).toBe(0);
    expect(metrics.metrics.drifted_columns).toBe(0);
    expect(metrics.metrics.drift_income).toBeCloseTo(figures.train_vs_test.income.score, 6);
  });

  it("a model package's stored statistics give the table's figures (fnlwgt rounded to fit, so close)", async () => {
    const { metrics, columns } = await run({ model, current: drifted });
    for (const [column, f] of Object.entries(figures.train_vs_drifted)) {
      const tolerance = column === 'fnlwgt' ? 1e-3 : 1e-6;
      expect(Math.abs(metrics.metrics[`drift_${column}`] - f.score), column).toBeLessThan(tolerance);
    }
    expect(metrics.metrics.drifted_columns).toBe(2);
    const [fnlwgt] = await ctx.data.all<{ note: string }>(`SELECT note FROM ${columns.table} WHERE "column" = 'fnlwgt'`);
    expect(fnlwgt.note).toMatch(/approximate/);
  });

  it('per-column overrides, new categories, missing shares and schema changes', async () => {
    await ctx.data.run(`CREATE TABLE changed AS SELECT * EXCLUDE (fnlwgt) REPLACE (CASE WHEN age > 60 THEN 'Space-agency' ELSE workclass END AS workclass,
      CASE WHEN age < 25 THEN NULL ELSE occupation END AS occupation, "hours-per-week"::VARCHAR AS "hours-per-week"), 1 AS extra FROM test`);
    const changed = await ctx.data.describe('changed');
    const { metrics, columns } = await run(
      { reference: train, current: changed },
      { overrides: [{ column: 'age', method: 'psi', threshold: 0 }], ignore: ['relationship'] },
    );
    expect(metrics.metrics.drift_age).toBeCloseTo(figures.overrides.age.score, 6);
    const schema = await ctx.data.all<{ column: string; note: string }>(`SELECT "column", note FROM ${columns.table} WHERE role = 'schema' ORDER BY 1`);
    expect(schema).toEqual([
      { column: 'extra', note: 'not in the reference' },
      { column: 'fnlwgt', note: 'missing from the current data' },
      { column: 'hours-per-week', note: 'type BIGINT -> VARCHAR' },
    ]);
    expect(metrics.groups?.workclass.new_categories).toBe(1);
    const [counts] = await ctx.data.all<{ young: number; all: number; refmiss: number }>(
      `SELECT count(*) FILTER (WHERE age < 25 OR occupation IS NULL) AS young, count(*) AS "all", (SELECT count(*) FILTER (WHERE occupation IS NULL) FROM train) / (SELECT count(*) FROM train) AS refmiss FROM test`,
    );
    expect(metrics.groups?.occupation.missing_share_current).toBeCloseTo(Number(counts.young) / Number(counts.all), 12);
    expect(metrics.groups?.occupation.missing_share_reference).toBeCloseTo(counts.refmiss, 12);
    expect(metrics.groups?.relationship).toBeUndefined();
    expect(metrics.metrics.columns_compared).toBe(12);
  });

  it('refuses to run without a reference, naming the inputs to connect', async () => {
    await expect(run({ current: test })).rejects.toThrow(/no reference/);
  });
});
