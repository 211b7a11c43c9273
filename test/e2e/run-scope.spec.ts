/**
 * Issue 9, in Chromium against the browser mode: Split wired into a new Train whose target is still
 * empty. "Run node" on Split runs (the Train below it does not run, so it does not matter); "Run all"
 * is refused and the status bar names Train by its label, readable in full by keyboard; fixing the
 * target, or deleting the Train, clears the error. Screenshots of the error in light and dark themes.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SHARED_DATA_DIR } from './paths.js';

const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);
const handle = (page: Page, id: string, port: string, side: 'source' | 'target') =>
  page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle.${side}[data-handleid="${port}"]`);
const statusOf = (page: Page, id: string) => page.locator(`[data-testid="node-${id}"] [data-status]`).first();

async function center(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a wire between two handles with real mouse moves. */
async function wire(page: Page, from: Locator, to: Locator) {
  const a = await center(from);
  const b = await center(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

const NAMED = 'Train model "Train" (train-1): Target column is required: choose a column';

test('Run node on Split runs despite an unconfigured Train below it; Run all names Train; fixing it clears the error', async ({ page, studio }, testInfo) => {
  test.setTimeout(120_000);
  copyFileSync(join(SHARED_DATA_DIR, 'iris.csv'), join(studio.dir, 'iris.csv'));
  const file = join(studio.dir, 'scope.pipeline.json');
  const at = (x: number) => ({ x, y: 120 });
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'scope',
    name: 'scope',
    nodes: [
      { id: 'import', type: 'import-dataset', typeVersion: 1, params: { path: 'iris.csv' }, position: at(40) },
      { id: 'split', type: 'split', typeVersion: 1, params: {}, position: at(340) },
    ],
    edges: [{ id: 'e1', source: { node: 'import', port: 'table' }, target: { node: 'split', port: 'input' } }],
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(2);

  // A new Train from the palette, wired below Split, labelled "Train"; its target stays empty. It is
  // dropped high enough to stay in view when Split's outputs fill the bottom panel: a card below it
  // was clicked only after Playwright scrolled the canvas's overflow-hidden box, and under load that
  // click once landed on the pane (CI on a slow host), leaving no node selected.
  await page.getByTestId('palette-train').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 420, y: 330 } });
  await expect(node(page, 'train-1')).toBeVisible();
  await wire(page, handle(page, 'split', 'train', 'source'), handle(page, 'train-1', 'train', 'target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await node(page, 'train-1').click();
  await page.locator('#node-label').fill('Train');
  const target = page.locator('#param-train-1-target');
  await expect(target).toHaveAttribute('placeholder', /run upstream to pick from a list/);

  // Run node on Split: Import and Split run, Train is not touched.
  await node(page, 'split').click();
  await page.getByTestId('run-node').click();
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
  await expect(statusOf(page, 'split')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('run-error')).toHaveCount(0);

  // The stale marks still work with the broken Train in the document: the plan leaves it out, not fails.
  await node(page, 'split').click();
  const share = page.locator('#param-split-testRatio');
  await share.fill('0.3');
  await expect(statusOf(page, 'split')).toHaveAttribute('data-status', 'stale');
  await share.fill('0.2');
  await expect(statusOf(page, 'split')).toHaveAttribute('data-status', 'done');

  // Run all: refused, naming Train by its label, not by a JSON path.
  await page.getByTestId('run-all').click();
  await expect(status).toHaveAttribute('data-phase', 'failed');
  await expect(status).toContainText('Run did not start');
  // Nothing ran: the previous run's progress is not shown as this attempt's.
  await expect(page.getByTestId('run-progress-text')).toHaveCount(0);
  const error = page.getByTestId('run-error');
  await expect(error).toContainText(NAMED);
  await expect(error).not.toContainText('nodes[');

  // The whole text, by keyboard: the error is a button that opens it; Escape folds it back.
  await error.focus();
  await page.keyboard.press('Enter');
  const details = page.getByTestId('run-error-details');
  await expect(details).toContainText(`The run did not start: The pipeline has 1 problem(s):\n${NAMED}`, { useInnerText: true });
  await expect(details).toContainText('or run only a part without them');
  await page.getByTestId('run-status').screenshot({ path: testInfo.outputPath('status-error-light.png') });
  await page.screenshot({ path: testInfo.outputPath('status-error-open-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: testInfo.outputPath('status-error-open-dark.png') });
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
  await expect(error).toBeFocused();
  await page.getByTestId('run-status').screenshot({ path: testInfo.outputPath('status-error-dark.png') });

  // Split has run, so the target picker now lists its columns; choosing one clears the error without running anything.
  await node(page, 'train-1').click();
  await expect(page.locator('#node-label')).toHaveValue('Train');
  await target.selectOption('species');
  await expect(error).toHaveCount(0);
  await expect(status).toHaveAttribute('data-phase', 'idle');

  // Empty again, Run all refused again; deleting the Train clears it too.
  await target.selectOption('');
  await page.getByTestId('run-all').click();
  await expect(error).toContainText(NAMED);
  await node(page, 'train-1').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'train-1')).toHaveCount(0);
  await expect(error).toHaveCount(0);
});
