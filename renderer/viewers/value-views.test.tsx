// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { MetricsValue, ReportValue } from '../../engine/values.js';
import { cardBlocks, renderMarkdown } from '../../nodes/validate-goals/model-card.js';
import { checkRule } from '../../nodes/validate-goals/rules.js';
import { MetricsView } from './metrics-view.js';
import { ReportView } from './value-views.js';

afterEach(cleanup);

// Figures as Evaluate reports them on adult-test: the majority class is 12435 of 16281 rows (nodes/evaluate/baseline-reference.py).
const metrics: MetricsValue = {
  kind: 'metrics',
  task: 'classification',
  metrics: { accuracy: 0.8678641294682554, baseline_accuracy: 12435 / 16281, lift_over_baseline: 0.8678641294682554 - 12435 / 16281, rows: 16281 },
  groups: { '<=50K': { recall: 0.9456789, support: 12435 }, '>50K': { recall: 0.6123456, support: 3846 } },
};

function report(): ReportValue {
  const rules = [
    checkRule({ metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'at-least', threshold: 0.7 }, metrics),
    checkRule({ metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'better-than-baseline', threshold: 0.05 }, metrics),
  ];
  const gate = { passed: true, rules };
  const markdown = renderMarkdown('Adult card', cardBlocks({ title: 'Adult card', generatedAt: '2026-12-02T05:00:00Z', gate, metrics, backend: 'wasm' }));
  return { kind: 'report', title: 'Adult card', files: [{ name: 'model-card.md', path: '/runs/1/model-card.md', mediaType: 'text/markdown' }], gate, markdown };
}

describe('the model card in the window', () => {
  it('renders the card as headings, paragraphs and tables, not as Markdown text', () => {
    const { container } = render(<ReportView value={report()} />);
    const card = screen.getByTestId('model-card');
    expect(within(card).getByRole('heading', { name: 'Business goals' }).tagName).toBe('H5');
    expect(within(card).getByRole('heading', { name: 'Evaluation' })).toBeTruthy();
    expect(card.querySelectorAll('table').length).toBeGreaterThanOrEqual(3);
    expect(within(card).getByRole('cell', { name: 'baseline_accuracy' }).nextElementSibling?.textContent).toBe('76.38%');
    expect(card.querySelector('strong')?.textContent).toBe('PASSED');
    // No Markdown syntax left in the text, and the title is shown once (by the panel, not again by the card).
    expect(card.textContent).not.toMatch(/\| ---|\*\*|^#/m);
    expect(container.querySelector('pre')).toBeNull();
    expect(screen.getAllByText('Adult card')).toHaveLength(1);
  });

  it('shows rounded figures: the gate measured at four digits (exact value on hover), the card in percentages', () => {
    render(<ReportView value={report()} />);
    expect(document.body.textContent).not.toContain('0.8678641294682554');
    const measured = screen.getAllByTitle('0.8678641294682554');
    expect(measured[0].textContent).toBe('0.8679');
    expect(screen.getByText(/^Baseline: always predicting the most frequent class \(<=50K\) is right on/).textContent).toBe(
      'Baseline: always predicting the most frequent class (<=50K) is right on 76.38% of the test rows; this model is right on 86.79% (+10.41 pts).',
    );
  });
});

describe('the metrics view', () => {
  it('shows the baseline and the lift beside accuracy, as percentages', () => {
    const { container } = render(<MetricsView value={metrics} />);
    const tiles = [...container.querySelectorAll('.metric-tile')].map((t) => [
      t.getAttribute('data-metric'),
      t.querySelector('.metric-tile__value')?.textContent,
    ]);
    expect(tiles.slice(0, 3)).toEqual([
      ['accuracy', '86.79%'],
      ['baseline_accuracy', '76.38%'],
      ['lift_over_baseline', '+10.41 pts'],
    ]);
    expect(within(container.querySelector('table')!).getByText('94.57%')).toBeTruthy();
  });
});
