/**
 * The Validate business-goals gate reads the monitor's metrics: "share of drifted columns at most
 * 0.1", "drift score of age at most 0.1" and, per column, "drifted at most 0" name them as the
 * user types them (metric "other"; a column as the "class").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ReportValue, TableValue } from '../../engine/values.js';
import { adultSetup, runMonitor } from '../testing/monitor-kit.js';
import { validateGoalsRunner } from '../validate-goals/run.js';

let ctx: FakeContext;
let train: TableValue;
let test: TableValue;
let drifted: TableValue;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'monitor-gate' });
  ({ train, test } = await adultSetup(ctx));
  await ctx.data.run(`CREATE TABLE drifted AS SELECT * REPLACE (age + 15 AS age) FROM test WHERE workclass IS DISTINCT FROM 'Self-emp-not-inc'`);
  drifted = await ctx.data.describe('drifted');
}, 120_000);
afterAll(() => ctx.data.close());

const rule = (metricName: string, threshold: number, scope: 'overall' | 'class' = 'overall', className = '') => ({
  metric: 'other' as const,
  metricName,
  scope,
  className,
  comparison: 'at-most' as const,
  threshold,
});
const RULES = [rule('drifted_share', 0.1), rule('drift_age', 0.1), rule('drifted', 0, 'class', 'workclass')];

async function gate(metrics: MetricsValue) {
  const out = await validateGoalsRunner.run(
    createFakeContext(ctx.data, { nodeId: 'goals' }),
    { metrics, model: undefined },
    { rules: RULES, title: 'Drift gate' },
  );
  return (out.report as ReportValue).gate!;
}

describe('a business-goal gate on monitor metrics', () => {
  it('passes on adult-test and blocks on the drifted copy, each rule with its measured figure', async () => {
    const clean = await gate((await runMonitor(ctx, { reference: train, current: test })).metrics);
    expect(clean.passed).toBe(true);
    expect(clean.rules.map((r) => r.passed)).toEqual([true, true, true]);
    const shifted = await runMonitor(ctx, { reference: train, current: drifted });
    const blocked = await gate(shifted.metrics);
    expect(blocked.passed).toBe(false);
    expect(blocked.rules.map((r) => [r.passed, r.measured])).toEqual([
      [false, shifted.metrics.metrics.drifted_share],
      [false, shifted.metrics.metrics.drift_age],
      [false, 1],
    ]);
    expect(blocked.rules[0].measured).toBeCloseTo(2 / 15, 12);
  });
});
