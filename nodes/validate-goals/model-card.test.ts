import { describe, expect, it } from 'vitest';
import type { MetricsValue } from '../../engine/values.js';
import { cardBlocks, renderHtml, renderMarkdown, type CardInput } from './model-card.js';
import { checkRule } from './rules.js';

// Figures as Evaluate reports them for a model on adult-test (baseline 12435 / 16281, see baseline-gate.test.ts).
const metrics: MetricsValue = {
  kind: 'metrics',
  task: 'classification',
  metrics: {
    accuracy: 0.8678641294682554,
    baseline_accuracy: 12435 / 16281,
    lift_over_baseline: 0.8678641294682554 - 12435 / 16281,
    log_loss: 0.29412345678,
    rows: 16281,
  },
  groups: { '<=50K': { precision: 0.8912345, recall: 0.9456789, support: 12435 }, '>50K': { precision: 0.7612, recall: 0.6123456, support: 3846 } },
};

function card(m: MetricsValue): CardInput {
  const rule = { metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'at-least', threshold: 0.7 } as const;
  const outcome = checkRule(rule, m);
  return { title: 'Adult card', generatedAt: '2026-12-02T05:00:00Z', gate: { passed: outcome.passed, rules: [outcome] }, metrics: m, backend: 'wasm' };
}

describe('model card figures', () => {
  it('rounds to four significant digits, shares as percentages, lift in points, in Markdown and HTML', () => {
    const blocks = cardBlocks(card(metrics));
    const md = renderMarkdown('Adult card', blocks);
    const html = renderHtml('Adult card', blocks);
    for (const text of [md, html]) {
      expect(text).not.toContain('0.8678641294682554');
      expect(text).not.toContain('0.76377');
    }
    expect(md).toContain('| accuracy at least 0.7 | pass | 0.8679 | accuracy is 0.8679 (needs at least 0.7) |');
    expect(md).toContain('| accuracy | 86.79% |');
    expect(md).toContain('| baseline_accuracy | 76.38% |');
    // 0.8678641 - 0.7637737 = 0.1040904: 10.41 percentage points.
    expect(md).toContain('| lift_over_baseline | +10.41 pts |');
    expect(md).toContain('| log_loss | 0.2941 |');
    expect(md).toContain('| rows | 16,281 |');
    expect(md).toContain('| <=50K | 89.12% | 94.57% | 12,435 |');
    expect(md).toContain(
      'Baseline: always predicting the most frequent class (<=50K) is right on **76.38%** of the test rows; this model is right on **86.79%** (+10.41 pts).',
    );
    expect(html).toContain('this model is right on <strong>86.79%</strong>');
  });

  it('regression: the predict-the-mean baseline beside RMSE', () => {
    const m: MetricsValue = {
      kind: 'metrics',
      task: 'regression',
      metrics: { mae: 1.2345678, rmse: 2.3456789, r2: 0.912345, baseline_mae: 1.968, baseline_rmse: 2.473539973398449, baseline_r2: 0, rows: 5 },
    };
    const md = renderMarkdown('Card', cardBlocks({ ...card(m), gate: { passed: true, rules: [] } }));
    expect(md).toContain(
      'Baseline: always predicting the mean scores RMSE **2.474** and MAE 1.968 (R2 0); this model scores RMSE **2.346**, MAE 1.235 and R2 0.9123.',
    );
  });
});
