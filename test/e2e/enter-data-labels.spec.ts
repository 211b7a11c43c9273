/**
 * Customise a dataset, end to end in Chromium against the browser mode: paste a tab-separated table
 * (as a spreadsheet puts it on the clipboard) into Enter data, run it, label three rows in the
 * labelling view by keyboard, undo one, and read the Labels node's output (unlabelled rows left
 * out). Screenshots of the editor and the view, light and dark, are kept as artifacts.
 *
 * The expected labels are the ones the test types: rows 1 and 2 (Enter between), row 3 then undone.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const PASTED = 'review\tstars\ngreat food\t5\nawful service\t1\nfine\t3\ncold soup\t2\nloved it\t5\n';

const SCORED =
  "SELECT review, stars, CASE WHEN stars >= 3 THEN 'pos' ELSE 'neg' END AS predicted_label, stars / 5.0 AS probability_pos, 1 - stars / 5.0 AS probability_neg FROM a";

function pipeline(dir: string): string {
  const path = join(dir, 'customise.pipeline.json');
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'customise',
    name: 'Customise a dataset',
    nodes: [
      { id: 'data', type: 'enter-data', typeVersion: 1, params: {}, position: { x: 40, y: 120 } },
      { id: 'labels', type: 'labels', typeVersion: 1, params: { labelSet: 'reviews', unlabelled: 'drop' }, position: { x: 420, y: 120 } },
      // A table shaped like the Score node's output (prediction and class probabilities), confidence = max(stars/5, 1 - stars/5).
      { id: 'scored', type: 'sql-transform', typeVersion: 1, params: { sql: SCORED }, position: { x: 420, y: 320 } },
    ],
    edges: [
      { id: 'e1', source: { node: 'data', port: 'output' }, target: { node: 'labels', port: 'input' } },
      { id: 'e2', source: { node: 'data', port: 'output' }, target: { node: 'scored', port: 'a' } },
    ],
  };
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}

const select = (page: Page, nodeId: string) => page.getByTestId(`node-${nodeId}`).click({ position: { x: 30, y: 12 } });

async function runAll(page: Page) {
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
}

test('paste a table into Enter data, label rows by keyboard with undo, read the Labels output', async ({ page, studio }, testInfo) => {
  test.setTimeout(150_000);
  rmSync(join(studio.dir, 'config', 'recovery'), { recursive: true, force: true });
  await page.goto(`${studio.url}&open=${encodeURIComponent(pipeline(studio.dir))}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);

  // Paste, as Ctrl+V from a spreadsheet delivers it: a paste event carrying tab-separated text.
  await select(page, 'data');
  const box = page.getByLabel('Paste a table');
  await box.evaluate((el, text) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, PASTED);
  await expect(page.getByTestId('table-param-size')).toContainText('5 rows × 2 columns');
  await expect(page.getByLabel('Column stars type')).toHaveValue('integer');
  await expect(page.getByLabel('Column review type')).toHaveValue('text');
  await expect(page.getByLabel('Row 4, review')).toHaveValue('cold soup');
  // A cell that is not of its column's type is named with its row, column and value.
  await page.getByLabel('Row 2, stars').fill('one');
  await expect(page.getByRole('alert').filter({ hasText: 'row 2, column "stars": "one" is not a whole number' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('enter-data-error-light.png') });
  await page.getByLabel('Row 2, stars').fill('1');
  await expect(page.locator('.table-param-errors')).toHaveCount(0);
  await page.getByTestId('inspector-node').screenshot({ path: testInfo.outputPath('enter-data-light.png') });

  await runAll(page);

  // The labelling view on Enter data's output.
  await select(page, 'data');
  await page.getByTestId('tab-port:output').click();
  await page.getByTestId('subtab-label').click();
  // The set the Labels node reads.
  await page.getByLabel('Label set').fill('reviews');
  await page.getByLabel('Label set').press('Enter');
  await page.getByLabel('Classes').fill('pos, neg');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  const rows = page.getByTestId('label-rows');
  await rows.focus();
  await page.keyboard.press('1'); // great food: pos
  await page.keyboard.press('Enter');
  await page.keyboard.press('2'); // awful service: neg
  await page.keyboard.press('Enter');
  await page.keyboard.press('1'); // fine: pos ...
  await expect(page.getByTestId('label-count')).toHaveText('3 of 5 rows labelled');
  await page.keyboard.press('Control+z'); // ... undone
  await expect(page.getByTestId('label-count')).toHaveText('2 of 5 rows labelled');
  const labelOf = (row: number) => rows.locator(`[data-row="${row}"] [data-testid="row-label"]`);
  await expect(labelOf(0)).toHaveText('pos');
  await expect(labelOf(1)).toHaveText('neg');
  await expect(labelOf(2)).toHaveText('');
  await page.screenshot({ path: testInfo.outputPath('labelling-light.png') });

  // Run again: the label set changed, so its fingerprint re-runs the Labels node, which keeps the two labelled rows.
  await runAll(page);
  await select(page, 'labels');
  await page.getByTestId('tab-port:output').click();
  const grid = page.getByTestId('table-grid');
  await expect(grid.getByTestId('grid-row-count')).toHaveText('2 rows');
  const gridRows = grid.locator('.grid-row');
  await expect(gridRows.nth(0)).toContainText('great food');
  await expect(gridRows.nth(0)).toContainText('pos');
  await expect(gridRows.nth(1)).toContainText('awful service');
  await expect(gridRows.nth(1)).toContainText('neg');

  // The same rows scored: the labels follow them (the key leaves the model's columns out), and the
  // least confident come first: fine and cold soup (0.60, table order), awful service (0.80), then the 1.00s.
  await select(page, 'scored');
  await page.getByTestId('tab-port:output').click();
  await page.getByTestId('subtab-label').click();
  await expect(page.getByTestId('label-count')).toHaveText('2 of 5 rows labelled');
  await page.getByLabel('Least confident first').check();
  const scoredRows = page.getByTestId('label-rows').locator('[role="row"][data-row]');
  await expect(scoredRows.nth(0)).toContainText('fine');
  await expect(scoredRows.nth(0)).toContainText('0.60');
  await expect(scoredRows.nth(1)).toContainText('cold soup');
  await expect(scoredRows.nth(2)).toContainText('awful service');
  await expect(scoredRows.nth(2)).toContainText('neg');
  await page.screenshot({ path: testInfo.outputPath('labelling-scored-light.png') });

  // Dark theme (system -> light -> dark): the editor and the view again.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await select(page, 'data');
  await page.getByTestId('inspector-node').screenshot({ path: testInfo.outputPath('enter-data-dark.png') });
  await page.getByTestId('tab-port:output').click();
  await page.getByTestId('subtab-label').click();
  await expect(page.getByTestId('label-count')).toHaveText('2 of 5 rows labelled');
  await page.screenshot({ path: testInfo.outputPath('labelling-dark.png') });
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'false');
});
