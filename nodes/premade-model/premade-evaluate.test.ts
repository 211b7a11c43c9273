/**
 * "Does this premade model work for us": the penguins model on penguins.csv, then Evaluate and
 * Validate business goals unchanged. The accuracy is counted by awk over the node's own predictions
 * and the true labels; the two rows without measurements are reported, not scored.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { evaluateRunner } from '../evaluate/run.js';
import { scoreRunner } from '../score/run.js';
import { DATA_DIR, loadCsv } from '../testing/test-data.js';
import { validateGoalsDef } from '../validate-goals/def.js';
import { validateGoalsRunner } from '../validate-goals/run.js';
import { premadeModelDef } from './def.js';
import { premadeModelRunner } from './run.js';

let ctx: FakeContext;
let scored: TableValue;
let unscored: TableValue;
let model: ModelValue;
let metrics: MetricsValue;
let awkAccuracy: { correct: number; total: number };
let awkLogLoss: number;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'premade-eval' });
  const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
  const out = await premadeModelRunner.run(
    ctx,
    { table: penguins },
    {
      ...defaultParams(premadeModelDef.params),
      model: join(DATA_DIR, 'premade', 'penguins_classifier.onnx'),
      target: 'species',
    },
  );
  ({ table: scored, unscored } = out as { table: TableValue; unscored: TableValue });
  model = out.model as ModelValue;
  const csv = join(mkdtempSync(join(tmpdir(), 'ls-premade-eval-')), 'predictions.csv');
  await ctx.data.run(`COPY (SELECT species, predicted_species FROM ${scored.table}) TO ${literal(csv)} (HEADER true)`);
  const [correct, total] = execFileSync('awk', ['-F,', 'NR > 1 { total++; if ($1 == $2) correct++ } END { print correct + 0, total }', csv], {
    encoding: 'utf8',
  })
    .trim()
    .split(' ')
    .map(Number);
  awkAccuracy = { correct, total };
  // Log loss, the mean of -ln(probability of the true class), also by awk: a figure an accuracy of 1 leaves room to miss.
  const probs = join(tmpdir(), `ls-premade-probs-${process.pid}.csv`);
  await ctx.data.run(
    `COPY (SELECT species, probability_Adelie, probability_Chinstrap, probability_Gentoo FROM ${scored.table}) TO ${literal(probs)} (HEADER true)`,
  );
  const awk = 'NR > 1 { p = ($1 == "Adelie") ? $2 : ($1 == "Chinstrap") ? $3 : $4; if (p < 1e-15) p = 1e-15; s -= log(p); n++ } END { printf "%.17g", s / n }';
  awkLogLoss = Number(execFileSync('awk', ['-F,', awk, probs], { encoding: 'utf8' }));
  metrics = (await evaluateRunner.run(createFakeContext(ctx.data, { nodeId: 'evaluate' }), { scored, compare: undefined }, { target: '' }))
    .metrics as MetricsValue;
});
afterAll(() => ctx.data.close());

const gate = async (threshold: number, metric = 'accuracy', comparison = 'at-least') => {
  const rules = [{ metric, metricName: '', scope: 'overall', className: '', comparison, threshold }];
  const c = createFakeContext(ctx.data, { nodeId: `gate${threshold}` });
  const out = await validateGoalsRunner.run(c, { metrics, model }, { ...defaultParams(validateGoalsDef.params), rules });
  return (out.report as ReportValue).gate!;
};

describe('the penguins premade model, evaluated and validated like a trained one', () => {
  it('reports the two rows without measurements instead of scoring them', async () => {
    // awk -F, 'NR>1 && $3==""' penguins.csv: rows 4 (Adelie, Torgersen) and 340 (Gentoo, Biscoe), every measurement empty.
    expect([scored.rowCount, unscored.rowCount]).toEqual([342, 2]);
    const rows = await ctx.data.all<{ species: string; unscored_reason: string }>(`SELECT species, unscored_reason FROM ${unscored.table} ORDER BY rowid`);
    expect(rows).toEqual([
      { species: 'Adelie', unscored_reason: 'missing bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g' },
      { species: 'Gentoo', unscored_reason: 'missing bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g' },
    ]);
    expect(model.summary).toMatchObject({ scored: 342, unscored: 2 });
  });

  it('gives Evaluate the accuracy awk counts over its predictions and the labels', () => {
    expect(awkAccuracy.total).toBe(342);
    expect(metrics.metrics.accuracy).toBeCloseTo(awkAccuracy.correct / awkAccuracy.total, 12);
  });

  it('passes a gate just below that accuracy and blocks one just above', async () => {
    const accuracy = awkAccuracy.correct / awkAccuracy.total;
    expect((await gate(accuracy - 0.001)).passed).toBe(true);
    const above = await gate(accuracy + 0.001);
    expect(above.passed).toBe(false);
    expect(above.rules[0].measured).toBeCloseTo(accuracy, 12);
  });

  it('gives the log loss awk computes, and a log-loss gate passes just above it and blocks just below', async () => {
    expect(metrics.metrics.log_loss).toBeCloseTo(awkLogLoss, 9);
    expect((await gate(awkLogLoss * 1.01, 'log_loss', 'at-most')).passed).toBe(true);
    expect((await gate(awkLogLoss * 0.99, 'log_loss', 'at-most')).passed).toBe(false);
  });

  it('hands on a model value that keeps the ONNX file, the column mapping and the labels', () => {
    expect(model.format).toBe('onnx-premade');
    expect(model.premade).toMatchObject({
      onnxFile: 'model.onnx',
      inputs: [{ input: 'features', elemType: 'float32', columns: ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'], inner: [4] }],
      labels: ['Adelie', 'Chinstrap', 'Gentoo'],
      scoreOutput: 'probabilities',
      task: 'classification',
    });
    const sha = execFileSync('sha256sum', [join(model.dir, 'model.onnx')], { encoding: 'utf8' }).split(' ')[0];
    expect(sha).toBe(execFileSync('sha256sum', [join(DATA_DIR, 'premade', 'penguins_classifier.onnx')], { encoding: 'utf8' }).split(' ')[0]);
    expect(model.premade!.sha256).toBe(sha);
  });

  it('is refused by the Score node by name, not scored without its mapping', async () => {
    const c = createFakeContext(ctx.data, { nodeId: 'score-premade' });
    await expect(scoreRunner.run(c, { model, table: scored }, { runtime: 'auto', batchSize: 8192 })).rejects.toThrow(
      'a premade model scores tables in its own node (its column mapping lives there)',
    );
  });
});
