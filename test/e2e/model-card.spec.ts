/**
 * Results with context, end to end in Chromium: Evaluate shows the majority-class baseline beside
 * accuracy, and the Validate node's report shows its model card rendered (headings, tables), with a
 * rule relative to the baseline and rounded figures.
 *
 * The exact baseline figure is checked against pandas in nodes/validate-goals/baseline-gate.test.ts;
 * here the Split node picks the test rows, so this checks where and how the figures are shown.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from './fixtures.js';
import { APP_ROOT } from './paths.js';

const DATA = join(APP_ROOT, '..', 'shared', 'data');

function penguinsPipeline(dir: string): string {
  const path = join(dir, 'penguins-card.pipeline.json');
  const nodes = [
    { id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: relative(dir, join(DATA, 'penguins.csv')) }, position: { x: 20, y: 40 } },
    { id: 'split', type: 'split', typeVersion: 1, params: { testRatio: 0.25, seed: 7 }, position: { x: 300, y: 40 } },
    { id: 'train', type: 'train', typeVersion: 1, params: { target: 'species', model: 'linear', epochs: 30, learningRate: 0.05 }, position: { x: 580, y: 40 } },
    { id: 'score', type: 'score', typeVersion: 1, params: {}, position: { x: 20, y: 220 } },
    { id: 'eval', type: 'evaluate', typeVersion: 1, params: {}, position: { x: 300, y: 220 } },
    {
      id: 'gate',
      type: 'validate-goals',
      typeVersion: 1,
      params: {
        rules: [
          { metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'at-least', threshold: 0.5 },
          { metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'better-than-baseline', threshold: 0.9 },
        ],
        title: 'Penguin card',
      },
      position: { x: 580, y: 220 },
    },
  ];
  const edges = [
    { id: 'e1', source: { node: 'imp', port: 'table' }, target: { node: 'split', port: 'input' } },
    { id: 'e2', source: { node: 'split', port: 'train' }, target: { node: 'train', port: 'train' } },
    { id: 'e3', source: { node: 'train', port: 'model' }, target: { node: 'score', port: 'model' } },
    { id: 'e4', source: { node: 'split', port: 'test' }, target: { node: 'score', port: 'table' } },
    { id: 'e5', source: { node: 'score', port: 'table' }, target: { node: 'eval', port: 'scored' } },
    { id: 'e6', source: { node: 'eval', port: 'metrics' }, target: { node: 'gate', port: 'metrics' } },
    { id: 'e7', source: { node: 'train', port: 'model' }, target: { node: 'gate', port: 'model' } },
  ];
  writeFileSync(
    path,
    JSON.stringify({ format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'penguins-card', name: 'penguins-card', nodes, edges }, null, 2),
  );
  return path;
}

test('Evaluate shows the baseline beside accuracy; the model card renders as a document with rounded figures', async ({ page, studio }, testInfo) => {
  test.setTimeout(180_000);
  rmSync(join(studio.dir, 'config', 'recovery'), { recursive: true, force: true });
  await page.goto(`${studio.url}&open=${encodeURIComponent(penguinsPipeline(studio.dir))}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(6);
  await page.getByTestId('run-all').click();
  // The gate's second rule cannot pass (no model beats a >= 0.33 baseline by 0.9), so the run ends with the gate closed.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', /^(succeeded|failed|blocked)$/, { timeout: 150_000 });

  await page.getByTestId('node-eval').click({ position: { x: 30, y: 12 } });
  await page.getByTestId('tab-port:metrics').click();
  await expect(page.locator('.metric-tile[data-metric="accuracy"] .metric-tile__value')).toHaveText(/^\d{1,3}(\.\d{1,2})?%$/);
  await expect(page.locator('.metric-tile[data-metric="accuracy"] + .metric-tile')).toHaveAttribute('data-metric', 'baseline_accuracy');
  await expect(page.locator('.metric-tile[data-metric="baseline_accuracy"] .metric-tile__value')).toHaveText(/^\d{2}(\.\d{1,2})?%$/);

  await page.getByTestId('node-gate').click({ position: { x: 30, y: 12 } });
  await page.getByTestId('tab-port:report').click();
  const card = page.getByTestId('model-card');
  await expect(card.getByRole('heading', { name: 'Business goals' })).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Evaluation' })).toBeVisible();
  await expect(card.getByRole('cell', { name: 'accuracy better than the majority-class baseline by at least 0.9' })).toBeVisible();
  await expect(card.getByText(/^Baseline: always predicting the most frequent class \(\w+\) is right on \d/)).toBeVisible();
  await expect(card).not.toContainText('| ---');
  // No figure longer than four significant digits in the card's tables, except fingerprints and dates.
  const cells = await card.locator('td').allTextContents();
  expect(cells.filter((c) => /^-?\d*\.\d{6,}$/.test(c))).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('model-card.png') });
});
