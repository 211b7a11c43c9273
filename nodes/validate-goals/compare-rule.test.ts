import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ReportValue } from '../../engine/values.js';
import { evaluateRunner } from '../evaluate/run.js';
import { THREE_CLASS } from '../testing/sklearn-fixture.js';
import { validateGoalsRunner } from './run.js';
import { checkRule, describeRule, type Rule } from './rules.js';

const rule = (r: Partial<Rule>): Rule => ({
  metric: 'accuracy',
  metricName: '',
  scope: 'overall',
  className: '',
  comparison: 'better-than-second',
  threshold: 0,
  ...r,
});

const metrics = (m: Record<string, number>, groups?: Record<string, Record<string, number>>): MetricsValue => ({
  kind: 'metrics',
  task: 'classification',
  metrics: m,
  groups,
});

describe('rule "better than the second model by at least X"', () => {
  it('reads in plain words', () => {
    expect(describeRule(rule({ threshold: 0.01 }))).toBe('accuracy better than the second model by at least 0.01');
    expect(describeRule(rule({ metric: 'recall', scope: 'class', className: '>50K' }))).toBe('recall of >50K better than the second model by at least 0');
  });

  it('higher-is-better metrics: passes on the margin, fails short of it, with both figures in the message', () => {
    const m = metrics({ accuracy: 0.85, compare_accuracy: 0.84 });
    const ok = checkRule(rule({ threshold: 0.005 }), m);
    expect(ok.passed).toBe(true);
    expect(ok.measured).toBeCloseTo(0.01, 12);
    expect(ok.message).toBe("accuracy is 0.85 against the second model's 0.84: better by 0.01 (needs at least 0.005)");
    const short = checkRule(rule({ threshold: 0.02 }), m);
    expect(short.passed).toBe(false);
    const worse = checkRule(rule({}), metrics({ accuracy: 0.8, compare_accuracy: 0.84 }));
    expect(worse.passed).toBe(false);
    expect(worse.message).toContain('worse by 0.04');
  });

  it('error metrics count a smaller value as better', () => {
    const m = metrics({ log_loss: 0.3, compare_log_loss: 0.35, rmse: 2, compare_rmse: 1.5 });
    const loss = checkRule(rule({ metric: 'log_loss', threshold: 0.04 }), m);
    expect([loss.passed, loss.measured]).toEqual([true, expect.closeTo(0.05, 12)]);
    const rmse = checkRule(rule({ metric: 'rmse' }), m);
    expect([rmse.passed, rmse.measured]).toEqual([false, -0.5]);
  });

  it('per class: every class must beat the second model; the worst is named', () => {
    const m = metrics({ accuracy: 0.8 }, { a: { recall: 0.9 }, 'B: a': { recall: 0.8 }, b: { recall: 0.5 }, 'B: b': { recall: 0.6 } });
    const every = checkRule(rule({ metric: 'recall', scope: 'every-class' }), m);
    expect(every.passed).toBe(false);
    expect(every.message).toBe("recall of b is 0.5 against the second model's 0.6: worse by 0.1 (needs at least 0)");
    expect(checkRule(rule({ metric: 'recall', scope: 'class', className: 'a', threshold: 0.05 }), m).passed).toBe(true);
  });

  it('without a second model the rule fails and says what to connect', () => {
    const out = checkRule(rule({}), metrics({ accuracy: 0.9 }));
    expect(out.passed).toBe(false);
    expect(out.message).toContain('"Second scored table"');
  });
});

describe('champion and challenger through Evaluate and the gate', () => {
  let ctx: FakeContext;
  beforeAll(async () => {
    ctx = await createTestContext({ nodeId: 'challenger' });
    const rows = THREE_CLASS.truth.map((t, i) => {
      const p = THREE_CLASS.probs[i];
      return `('${THREE_CLASS.labels[t]}', ${i}, '${THREE_CLASS.labels[p.indexOf(Math.max(...p))]}', ${p.join(', ')})`;
    });
    await ctx.data.run(
      `CREATE TABLE champion AS SELECT * FROM (VALUES ${rows.join(', ')}) t(kind, id, predicted_kind, probability_a, probability_b, probability_c)`,
    );
    // The challenger is the champion with rows 3 and 8 made right: by hand, 9 of 12 right against 11 of 12.
    await ctx.data.run(`CREATE TABLE challenger AS SELECT * REPLACE (
      CASE WHEN id = 8 THEN 'b' WHEN id = 3 THEN 'c' ELSE predicted_kind END AS predicted_kind,
      CASE WHEN id IN (3, 8) THEN 0.05 ELSE probability_a END AS probability_a,
      CASE WHEN id = 8 THEN 0.9 WHEN id = 3 THEN 0.05 ELSE probability_b END AS probability_b,
      CASE WHEN id = 8 THEN 0.05 WHEN id = 3 THEN 0.9 ELSE probability_c END AS probability_c) FROM champion`);
    const right = await ctx.data.all<{ a: number; b: number }>(
      'SELECT (SELECT count(*) FROM champion WHERE kind = predicted_kind) a, (SELECT count(*) FROM challenger WHERE kind = predicted_kind) b',
    );
    expect(right.map((r) => [Number(r.a), Number(r.b)])).toEqual([[9, 11]]);
  });
  afterAll(() => ctx.data.close());

  async function gate(scored: string, compare: string, threshold: number) {
    const e = await evaluateRunner.run(
      createFakeContext(ctx.data, { nodeId: 'eval' }),
      { scored: await ctx.data.describe(scored), compare: await ctx.data.describe(compare) },
      { target: '' },
    );
    const out = await validateGoalsRunner.run(
      createFakeContext(ctx.data, { nodeId: 'gate' }),
      { metrics: e.metrics as MetricsValue, model: undefined },
      { rules: [rule({ threshold })], title: 'Challenger' },
    );
    return (out.report as ReportValue).gate!;
  }

  it('a challenger better by 2/12 passes a 0.1 margin and fails a 0.2 one; the champion never beats the challenger', async () => {
    const better = await gate('challenger', 'champion', 0.1);
    expect(better.passed).toBe(true);
    expect(better.rules[0].measured).toBeCloseTo(2 / 12, 12);
    expect((await gate('challenger', 'champion', 0.2)).passed).toBe(false);
    const worse = await gate('champion', 'challenger', 0);
    expect(worse.passed).toBe(false);
    expect(worse.rules[0].measured).toBeCloseTo(-2 / 12, 12);
  });
});
