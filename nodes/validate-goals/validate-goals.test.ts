import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { NodeError } from '../../engine/node-run.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, ReportValue } from '../../engine/values.js';
import { classificationReport } from '../shared/classification-metrics.js';
import { THREE_CLASS } from '../testing/sklearn-fixture.js';
import { packageModelRunner } from '../package-model/run.js';
import { loadSplit } from '../testing/test-datasets.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';
import { validateGoalsRunner } from './run.js';
import type { Rule } from './rules.js';

let ctx: FakeContext;
let metrics: MetricsValue;
let model: ModelValue;

const rule = (r: Partial<Rule>): Rule => ({
  metric: 'accuracy',
  metricName: '',
  scope: 'overall',
  className: '',
  comparison: 'at-least',
  threshold: 0.8,
  ...r,
});

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'goals' });
  // scikit-learn on these literals: accuracy 0.75; recall a 1.0, b 0.5, c 0.75; precision a 0.8, b 0.667, c 0.75.
  const r = classificationReport({ labels: THREE_CLASS.labels, truth: Int32Array.from(THREE_CLASS.truth), probs: Float64Array.from(THREE_CLASS.probs.flat()) });
  metrics = { kind: 'metrics', task: 'classification', metrics: r.metrics, groups: r.perClass };
  const penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  const out = await trainRunner.run(
    createFakeContext(ctx.data, { nodeId: 'train' }),
    { train: penguins.train, validation: penguins.test },
    {
      ...defaultParams(trainDef.params),
      target: 'species',
      model: 'linear',
      epochs: 5,
      learningRate: 0.05,
      batchSize: 32,
    },
  );
  model = out.model as ModelValue;
});
afterAll(() => ctx.data.close());

async function validate(rules: Rule[], withModel = false) {
  const c = createFakeContext(ctx.data, { nodeId: 'validate' });
  const out = await validateGoalsRunner.run(c, { metrics, model: withModel ? model : undefined }, { rules, title: 'Penguin model card' });
  return out.report as ReportValue;
}

describe('validate-goals', () => {
  it('a failing rule closes the gate and reports the measured value', async () => {
    const report = await validate([rule({ threshold: 0.84 }), rule({ metric: 'recall', scope: 'class', className: 'b', threshold: 0.6 })]);
    expect(report.gate?.passed).toBe(false);
    expect(report.gate?.rules).toEqual([
      { rule: 'accuracy at least 0.84', passed: false, measured: 0.75, message: 'accuracy is 0.75 (needs at least 0.84)' },
      { rule: 'recall of b at least 0.6', passed: false, measured: 0.5, message: 'recall of b is 0.5 (needs at least 0.6)' },
    ]);
  });

  it('passing rules open the gate: at least, at most, every class', async () => {
    const report = await validate([
      rule({ threshold: 0.7 }),
      rule({ metric: 'log_loss', comparison: 'at-most', threshold: 0.7 }),
      rule({ metric: 'precision', scope: 'every-class', threshold: 0.5 }),
    ]);
    expect(report.gate?.rules.map((r) => r.rule)).toEqual(['accuracy at least 0.7', 'log loss at most 0.7', 'no class with precision under 0.5']);
    expect(report.gate?.rules[1].measured).toBeCloseTo(0.6928734120812123, 12);
    expect(report.gate?.rules[2].measured).toBeCloseTo(0.6666666666666666, 12);
    expect(report.gate?.passed).toBe(true);
  });

  it('"no class with recall under 0.6" fails on the worst class and names it', async () => {
    const [outcome] = (await validate([rule({ metric: 'recall', scope: 'every-class', threshold: 0.6 })])).gate!.rules;
    expect(outcome).toMatchObject({ passed: false, measured: 0.5 });
    expect(outcome.message).toBe('recall of b is not at least 0.6; the worst is b at 0.5');
  });

  it('a metric the evaluation lacks fails with a message listing what it has', async () => {
    const [outcome] = (await validate([rule({ metric: 'rmse', comparison: 'at-most', threshold: 700 })])).gate!.rules;
    expect(outcome.rule).toBe('RMSE at most 700');
    expect(outcome.passed).toBe(false);
    expect(outcome.measured).toBeNull();
    expect(outcome.message).toMatch(/^the metrics have no "rmse" \(they have: accuracy, balanced_accuracy/);
  });

  it('writes the model card as Markdown and HTML with data, features, params and rule outcomes', async () => {
    const report = await validate([rule({ threshold: 0.84 })], true);
    const md = readFileSync(report.files[0].path, 'utf8');
    const html = readFileSync(report.files[1].path, 'utf8');
    expect(md).toContain('# Penguin model card');
    expect(md).toContain('| accuracy at least 0.84 | FAIL | 0.75 | accuracy is 0.75 (needs at least 0.84) |');
    // The training table: 276 rows (pandas: 344 rows minus every 5th).
    expect(md).toMatch(/\| train \| penguins_train \| 276 \| [0-9a-f]{16} \|/);
    expect(md).toContain('| island | VARCHAR | one-hot | Biscoe, Dream, Torgersen |');
    expect(md).toMatch(/\| bill_length_mm \| DOUBLE \| numeric \| missing -> median /);
    expect(md).toContain('| learningRate | 0.05 |');
    expect(md).toMatch(/\| Backend \| wasm/);
    expect(html).toContain('<td class="fail">FAIL</td>');
    expect(html).toContain('<title>Penguin model card</title>');
    expect(report.markdown).toBe(md);
  });
});

describe('package-model', () => {
  it('registers the model files and the card as version 1 when the gate passed', async () => {
    const report = await validate([rule({ threshold: 0.7 })], true);
    const c = createFakeContext(ctx.data, { nodeId: 'package' });
    const out = (await packageModelRunner.run(c, { model, report, metrics: undefined }, { folder: join(c.artifactDir, 'pkg'), name: 'penguins' }))
      .report as ReportValue;
    expect(out.files.map((f) => f.name).sort()).toEqual(
      [
        'manifest.json',
        'lineage.json',
        'metrics.json',
        'reference-stats.json',
        'model.json',
        'weights.bin',
        'recipe.json',
        'training.json',
        'model.onnx',
        'model-card.md',
        'model-card.html',
      ].sort(),
    );
    for (const f of out.files) expect(existsSync(f.path)).toBe(true);
    const version = join(c.artifactDir, 'pkg', 'penguins', '1');
    expect(readFileSync(join(version, 'weights.bin')).equals(readFileSync(join(model.dir, 'weights.bin')))).toBe(true);
    expect(readFileSync(join(version, 'model-card.md'), 'utf8')).toBe(report.markdown);
  });

  it('refuses to package when the gate failed', async () => {
    const report = await validate([rule({ threshold: 0.84 })], true);
    const c = createFakeContext(ctx.data, { nodeId: 'package2' });
    const error = await packageModelRunner
      .run(c, { model, report, metrics: undefined }, { folder: join(c.artifactDir, 'pkg'), name: 'penguins' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toContain('accuracy at least 0.84');
    expect(existsSync(join(c.artifactDir, 'pkg'))).toBe(false);
  });
});
