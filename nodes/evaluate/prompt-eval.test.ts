/**
 * Evaluate on a hand-written Prompt table. Every expected figure comes from prompt-reference.py
 * (plain python over the same literals), or a hand count given in the comment beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { Chart, MetricsValue, ReportValue } from '../../engine/values.js';
import { validateGoalsRunner } from '../validate-goals/run.js';
import type { Rule } from '../validate-goals/rules.js';
import { evaluateRunner } from './run.js';

let ctx: FakeContext;
const N = 'NULL';
const q = (s: string | null) => (s === null ? N : `'${s.replaceAll("'", "''")}'`);

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'prompt-eval' });
  const expected = ['positive', 'negative', 'positive', 'negative', 'positive', 'neutral', 'negative', 'positive'];
  const a = ['positive', 'negative', 'negative', null, 'positive', 'neutral', 'negative', 'positive'];
  const b = ['Positive.', 'positive', 'positive', 'negative', null, 'negative', 'NEGATIVE', 'positive'];
  const latB = ['50', '60', N, '80', '1000', '70', '90', '65'];
  const costA = [0.0001, 0.0002, 0.0001, 0.0003, 0.0001, 0.0001, 0.0002, 0.0001];
  const rows = expected.map((e, i) =>
    [
      `'text ${i}'`,
      q(e),
      q(a[i]),
      a[i] !== null,
      i === 3 ? q('maybe') : q(a[i]),
      (i + 1) * 100,
      costA[i],
      20,
      i === 3 ? 9 : 2,
      q(b[i]),
      b[i] !== null,
      latB[i],
      latB[i] === N ? N : 0.00005,
      30,
      1,
    ].join(', '),
  );
  await ctx.data.run(
    `CREATE TABLE replies AS SELECT * FROM (VALUES ${rows.map((r) => `(${r})`).join(', ')})
     t(text, label, reply_a, valid_a, raw_a, latency_ms_a, cost_a, tokens_in_a, tokens_out_a, reply_b, valid_b, latency_ms_b, cost_b, tokens_in_b, tokens_out_b)`,
  );
  const answers = ['42', 'Paris', 'New York', '3.14', '{"a":1}', 'blue'];
  const replies = ['The answer is 42.', 'Paris', '  new   york!', '3.1416', '{"a": 1}', null];
  await ctx.data.run(
    `CREATE TABLE free AS SELECT * FROM (VALUES ${answers.map((x, i) => `(${q(x)}, ${q(replies[i])}, ${replies[i] !== null})`).join(', ')}) t(answer, reply_v, valid_v)`,
  );
});
afterAll(() => ctx.data.close());

const evaluate = async (table: string, params: Record<string, unknown>) =>
  (await evaluateRunner.run(createFakeContext(ctx.data, { nodeId: `e_${table}` }), { scored: await ctx.data.describe(table), compare: undefined }, params))
    .metrics as MetricsValue;

describe('evaluate on a Prompt table', () => {
  it('label check per variant: accuracy, F1 macro, invalid share, latency, cost, tokens, and the best variant', async () => {
    const m = (await evaluate('replies', { expected: 'label', check: 'label' })).metrics;
    expect(m.accuracy_a).toBe(0.75);
    expect(m.accuracy_b).toBe(0.625);
    expect(m.f1_macro_a).toBeCloseTo(0.6309523809523809, 12);
    expect(m.f1_macro_b).toBeCloseTo(0.35416666666666663, 12);
    expect([m.invalid_share_a, m.invalid_share_b]).toEqual([0.125, 0.125]);
    expect([m.latency_mean_ms_a, m.latency_p50_ms_a, m.latency_p95_ms_a]).toEqual([450, 450, 765]);
    expect(m.latency_mean_ms_b).toBeCloseTo(202.14285714285714, 9);
    expect(m.latency_p50_ms_b).toBe(70);
    expect(m.latency_p95_ms_b).toBeCloseTo(727, 9);
    expect(m.cost_per_1000_a).toBeCloseTo(0.15, 12);
    expect(m.cost_per_1000_b).toBeCloseTo(0.04375, 12);
    expect(m.cost_per_row_a).toBeCloseTo(0.00015, 15);
    expect([m.tokens_in_a, m.tokens_out_a, m.tokens_in_b, m.tokens_out_b]).toEqual([160, 23, 240, 8]);
    // a (0.75) beats b (0.625): variant index 0, and its figures again as *_best.
    expect([m.best_variant, m.accuracy_best, m.invalid_share_best, m.cost_per_1000_best]).toEqual([0, 0.75, 0.125, m.cost_per_1000_a]);
  });

  it('draws the confusion matrix per variant and the rows-by-variants pass/fail matrix', async () => {
    const charts = (await evaluate('replies', { expected: 'label', check: 'label' })).charts!;
    expect(charts.map((c) => `${c.type}:${c.id}`)).toEqual(['bars:variants', 'matrix:matrix', 'heatmap:confusion_a', 'heatmap:confusion_b']);
    // Hand count, labels sorted (invalid) negative neutral positive; rows expected, columns reply.
    expect(charts[2]).toMatchObject({
      xLabels: ['(invalid)', 'negative', 'neutral', 'positive'],
      values: [
        [0, 0, 0, 0],
        [1, 2, 0, 0],
        [0, 0, 1, 0],
        [0, 1, 0, 3],
      ],
    });
    // Row by row: a passes 1 2 5 6 7 8, b passes 1 3 4 7 8; each cell holds the reply as the table has it.
    const matrix = charts[1] as Extract<Chart, { type: 'matrix' }>;
    expect(matrix.columns).toEqual(['a', 'b']);
    expect(matrix.rows.map((r) => r.cells.map((c) => (c.passed ? 1 : 0)))).toEqual([
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(matrix.rows[0]).toEqual({
      label: '1: positive',
      cells: [
        { text: 'positive', passed: true },
        { text: 'Positive.', passed: true },
      ],
    });
    expect(matrix.rows[3].cells[0]).toEqual({ text: '(invalid)', passed: false });
  });

  it.each([
    ['exact', {}, 1 / 6],
    ['normalised', {}, 3 / 6],
    ['contains', {}, 5 / 6],
    ['regex', { pattern: '^\\d' }, 1 / 6],
    ['numeric', { tolerance: 0.01 }, 2 / 6],
    ['json', {}, 2 / 6],
    ['json', { jsonSchema: '{"type":"object"}' }, 1 / 6],
  ])('free-text check %s %j: share of rows passing', async (check, extra, share) => {
    const m = (await evaluate('free', { expected: 'answer', check, ...extra })).metrics;
    expect(m.accuracy_v).toBeCloseTo(share, 12);
    expect(m.invalid_share_v).toBeCloseTo(1 / 6, 12);
  });

  it('gates: best accuracy at least 0.85 and invalid at most 2% block, cost per 1,000 rows at most $0.50 passes', async () => {
    const metrics = await evaluate('replies', { expected: 'label', check: 'label' });
    const rule = (metricName: string, comparison: Rule['comparison'], threshold: number): Rule => ({
      metric: 'other',
      metricName,
      scope: 'overall',
      className: '',
      comparison,
      threshold,
    });
    const gate = async (rules: Rule[]) =>
      ((await validateGoalsRunner.run(createFakeContext(ctx.data, { nodeId: 'gate' }), { metrics, model: undefined }, { rules })).report as ReportValue).gate!;
    const g = await gate([rule('accuracy_best', 'at-least', 0.85), rule('invalid_share_best', 'at-most', 0.02), rule('cost_per_1000_best', 'at-most', 0.5)]);
    expect(g.passed).toBe(false);
    expect(g.rules.map((r) => [r.passed, r.measured])).toEqual([
      [false, 0.75],
      [false, 0.125],
      [true, expect.closeTo(0.15, 12)],
    ]);
    expect((await gate([rule('accuracy_best', 'at-least', 0.75), rule('cost_per_1000_best', 'at-most', 0.5)])).passed).toBe(true);
  });

  it('says which column is missing', async () => {
    await expect(evaluate('replies', { expected: '', check: 'label' })).rejects.toThrow(/set "Expected column".*columns: text, label/);
    await expect(evaluate('replies', { expected: 'answer', check: 'label' })).rejects.toThrow(/"answer", which the table does not have/);
    await expect(evaluate('free', { expected: 'answer', check: 'regex', pattern: '(' })).rejects.toThrow(/does not compile/);
  });
});
