/**
 * Issue 17, first run, in Chromium against the browser mode: the start screen shows every sample in
 * pipelines-samples (counted by readdir here) with its picture, arrows and Enter open one; an empty
 * canvas says how to add a node; a pipeline whose data file is missing says so with the fix when it
 * opens, Run stops before starting and names it, and picking the file lets the run succeed.
 * Screenshots in light and dark are kept under test-results/e2e.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SAMPLES_DIR, SHARED_DATA_DIR } from './paths.js';

const sampleFiles = () => readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.pipeline.json'));
const option = (page: Page, name: string) =>
  page.getByRole('option').filter({ has: page.locator('.file-browser-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });

for (const scheme of ['light', 'dark'] as const) {
  test(`start screen: every sample with its picture, arrows and Enter open one; the empty canvas hint (${scheme})`, async ({ page, studio }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(studio.url);
    const start = page.getByTestId('start-screen');
    await expect(start).toBeVisible();
    const cards = start.getByTestId('start-sample');
    const files = sampleFiles();
    await expect(cards).toHaveCount(files.length);
    // Each picture has one box per node of its file.
    const byName = new Map(
      files.map((f) => JSON.parse(readFileSync(join(SAMPLES_DIR, f), 'utf8')) as { name: string; nodes: unknown[] }).map((d) => [d.name, d]),
    );
    for (let i = 0; i < files.length; i++) {
      const name = (await cards.nth(i).locator('.start-card-name').textContent())!;
      expect(byName.has(name), `card ${name}`).toBe(true);
      await expect(cards.nth(i).locator('rect')).toHaveCount(byName.get(name)!.nodes.length);
      await expect(cards.nth(i).locator('.start-card-text')).not.toBeEmpty();
    }
    await page.screenshot({ path: testInfo.outputPath(`start-screen-${scheme}.png`) });

    // The first sample has the focus; the arrows move through the gallery and Enter opens the one picked.
    await expect(cards.first()).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(cards.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const picked = page.locator('[data-testid="start-sample"]:focus');
    await expect(picked).toHaveCount(1);
    const name = (await picked.locator('.start-card-name').textContent())!;
    expect(name).not.toBe(await cards.nth(1).locator('.start-card-name').textContent());
    await page.keyboard.press('Enter');
    await expect(start).toBeHidden();
    await expect(page.getByTestId('doc-title')).toContainText(name);
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(byName.get(name)!.nodes.length);

    // Reachable again by its shortcut; Escape closes it.
    await page.keyboard.press('Control+Shift+H');
    await expect(start).toBeVisible();
    // The gallery takes the focus once it has drawn: wait for it rather than read it at once.
    await expect(page.locator('[data-testid="start-sample"]:focus')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(start).toBeHidden();

    // A new pipeline: the empty canvas says how to add a node, and double-click (through the hint) adds one by name.
    await page.getByTestId('file-menu').click();
    await page.getByTestId('menu-new').click();
    const hint = page.getByTestId('empty-canvas-hint');
    await expect(hint).toContainText('Drag a node from the palette');
    await expect(hint).toContainText('double-click the canvas');
    await expect(hint).toContainText('Ctrl+K');
    await page.screenshot({ path: testInfo.outputPath(`empty-canvas-${scheme}.png`) });
    await page.locator('.react-flow__pane').dblclick({ position: { x: 300, y: 200 } });
    await page.keyboard.type('split');
    await page.keyboard.press('Enter');
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(1);
    await expect(hint).toBeHidden();
    // Leave no unsaved work behind for the next window of this server (it would offer to restore it).
    await page.keyboard.press('Control+n');
    await page.getByTestId('confirm-discard').click();
    await expect(hint).toBeVisible();
  });

  test(`a missing data file is named with its fix when the pipeline opens and before Run (${scheme})`, async ({ page, studio }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    const folder = join(studio.dir, `missing-${scheme}`);
    mkdirSync(join(folder, 'data'), { recursive: true });
    copyFileSync(join(SHARED_DATA_DIR, 'iris.csv'), join(folder, 'data', 'iris.csv'));
    const file = join(folder, 'missing.pipeline.json');
    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: `missing-${scheme}`,
      name: 'Missing file',
      nodes: [{ id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: 'data/flowers.csv' }, position: { x: 40, y: 120 } }],
      edges: [],
    };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(1);

    // On open, before any run: what is missing, and the fix.
    const panel = page.getByTestId('pre-run-panel');
    await expect(panel).toBeVisible();
    const problem = panel.getByTestId('pre-run-problem');
    await expect(problem).toHaveCount(1);
    await expect(problem).toHaveAttribute('data-kind', 'missing-file');
    await expect(problem).toContainText('node "imp"');
    await expect(problem).toContainText('data/flowers.csv, which does not exist');
    await expect(problem.getByTestId('pre-run-pick-file')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`pre-run-missing-file-${scheme}.png`) });

    // Run does not start; the status names the file.
    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('run-status')).toContainText('data/flowers.csv');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'failed');
    await expect(page.locator('[data-testid="node-imp"] [data-status]').first()).not.toHaveAttribute('data-status', 'done');

    // The fix: choose the file in the in-window browser (it starts beside the pipeline).
    await problem.getByTestId('pre-run-pick-file').click();
    const dialog = page.getByRole('dialog', { name: 'Choose a data file' });
    await expect(dialog).toBeVisible();
    await option(page, 'data').dblclick();
    await option(page, 'iris.csv').click();
    await dialog.getByTestId('file-browser-choose').click();
    await expect(panel).toBeHidden();
    await expect(page.getByTestId('pre-run-chip')).toHaveCount(0);

    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
    await page.screenshot({ path: testInfo.outputPath(`pre-run-fixed-${scheme}.png`) });
    // Saved, so the next window starts without a copy of unsaved work to restore.
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('toast').filter({ hasText: 'Saved to' })).toBeVisible();
    expect(JSON.parse(readFileSync(file, 'utf8')).nodes[0].params.path).toBe('data/iris.csv');
  });
}
