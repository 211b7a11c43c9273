/**
 * The Explain node's charts in the window: penguins through the project's premade classifier
 * (pipelines-samples/data/premade), explained; the Metrics tab draws the importance bars with their
 * whiskers, a dependence plot per picked column and a waterfall per chosen row.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from './fixtures.js';
import { SAMPLES_DIR } from './paths.js';

function explainPipeline(dir: string): string {
  const path = join(dir, 'explain-penguins.pipeline.json');
  const file = (p: string) => relative(dir, join(SAMPLES_DIR, p));
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'explain-penguins',
    name: 'explain-penguins',
    nodes: [
      { id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: file('data/penguins.csv') }, position: { x: 40, y: 120 } },
      {
        id: 'premade',
        type: 'premade-model',
        typeVersion: 1,
        params: { model: file('data/premade/lifecycle_penguins_classifier.onnx'), target: 'species' },
        position: { x: 360, y: 120 },
      },
      {
        id: 'explain',
        type: 'explain',
        typeVersion: 1,
        params: { rows: ['1', '2'], repeats: 3, dependenceColumns: ['bill_length_mm', 'flipper_length_mm'] },
        position: { x: 680, y: 120 },
      },
    ],
    edges: [
      { id: 'e1', source: { node: 'imp', port: 'table' }, target: { node: 'premade', port: 'table' } },
      { id: 'e2', source: { node: 'premade', port: 'model' }, target: { node: 'explain', port: 'model' } },
      { id: 'e3', source: { node: 'imp', port: 'table' }, target: { node: 'explain', port: 'table' } },
    ],
  };
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}

test('explain a premade model: importance bars, dependence lines and per-row waterfalls in the Metrics tab', async ({ page, studio }, testInfo) => {
  test.setTimeout(180_000);
  rmSync(join(studio.dir, 'config', 'recovery'), { recursive: true, force: true });
  await page.goto(`${studio.url}&open=${encodeURIComponent(explainPipeline(studio.dir))}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 150_000 });

  await page.getByTestId('node-explain').click({ position: { x: 30, y: 12 } });
  await page.getByTestId('tab-port:metrics').click();
  const share = Number(await page.locator('.metric-tile[data-metric="max_importance_share"] .metric-tile__value').textContent());
  expect(share).toBeGreaterThan(0.25);
  expect(share).toBeLessThanOrEqual(1);
  for (const id of [
    'chart-bars-importance',
    'chart-line-dependence_bill_length_mm',
    'chart-line-dependence_flipper_length_mm',
    'chart-waterfall-row_1',
    'chart-waterfall-row_2',
  ]) {
    await expect(page.locator(`[data-testid="${id}"] canvas`).first()).toBeVisible();
  }
  await page.screenshot({ path: testInfo.outputPath('explain-charts.png'), fullPage: true });
  await page.getByTestId('chart-waterfall-row_1').screenshot({ path: testInfo.outputPath('explain-waterfall.png') });
  await page.getByTestId('chart-bars-importance').screenshot({ path: testInfo.outputPath('explain-importance.png') });

  // The tables are inspectable like any other output.
  await page.getByTestId('tab-port:importance').click();
  await expect(page.getByTestId('table-grid')).toContainText('bill_length_mm');
});
