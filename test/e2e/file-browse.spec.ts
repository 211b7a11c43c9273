/**
 * Browse for a data file in the browser mode: the host has no native dialog, so the window's own
 * file browser walks the server's folders (confined to home, the workspace, the samples and the
 * pipeline's folder) and fills the file param, relative to the saved pipeline. Screenshots of the
 * dialog in light and dark themes are kept as artifacts.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SAMPLES_DIR } from './paths.js';
import { expect, test, type StudioServer } from './fixtures.js';

const SAMPLE = join(SAMPLES_DIR, 'iris-prepare.pipeline.json');
const option = (page: Page, name: string) =>
  page.getByRole('option').filter({ has: page.locator('.file-browser-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });

async function openSample(page: Page, studio: StudioServer) {
  // A restore offer from an earlier test would appear at a moment that depends on the machine's
  // speed; no recovery copy is left, so the sample opens as written.
  rmSync(join(studio.dir, 'config', 'recovery'), { recursive: true, force: true });
  await page.goto(`${studio.url}&open=${encodeURIComponent(SAMPLE)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`browse to pipelines-samples/data/iris.csv with the keyboard fills the path param (${scheme})`, async ({ page, studio }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openSample(page, studio);
    await page.getByTestId('node-import').click();
    const path = page.locator('#param-import-path');
    await expect(path).toHaveValue('data/iris.csv');
    await path.fill('');

    await page.getByTestId('param-import-path-browse').click();
    const dialog = page.getByRole('dialog', { name: 'Choose a data file' });
    await expect(dialog).toBeVisible();
    // Starts in the saved pipeline's folder, which is offered as a place too.
    await expect(page.getByTestId('file-browser-path')).toHaveAttribute('title', SAMPLES_DIR.replace(/[\\/]$/, ''));
    await expect(dialog.getByRole('button', { name: 'Pipeline folder' })).toBeVisible();
    const list = dialog.getByRole('listbox');
    await expect(list).toBeFocused();
    // Folders come first, by name: pipelines-samples holds `cluster` and `data`; walk down to `data`.
    await expect(list.getByRole('option').first()).toContainText('cluster');
    await page.keyboard.press('Home');
    while ((await list.locator('[aria-selected="true"] .file-browser-name').textContent()) !== 'data') await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('file-browser-path')).toHaveAttribute('title', join(SAMPLES_DIR, 'data'));
    // adult-train.csv, iris.csv, ... : walk down to iris.csv.
    await expect(option(page, 'iris.csv')).toBeVisible();
    while ((await list.locator('[aria-selected="true"] .file-browser-name').textContent()) !== 'iris.csv') await page.keyboard.press('ArrowDown');
    // LICENSES.md is listed but not choosable for a .csv param.
    await expect(option(page, 'LICENSES.md')).toHaveAttribute('aria-disabled', 'true');
    await page.screenshot({ path: testInfo.outputPath(`file-browser-${scheme}.png`) });
    await page.keyboard.press('Enter');

    await expect(dialog).toBeHidden();
    await expect(path).toHaveValue('data/iris.csv');
  });
}

test('an unsaved pipeline gets the absolute path; places outside the permitted folders do not exist', async ({ page, studio }) => {
  await page.goto(studio.url);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('palette-import-dataset').dragTo(canvas, { targetPosition: { x: 200, y: 200 } });
  await page.getByTestId('node-import-dataset-1').click();
  await page.getByTestId('param-import-dataset-1-path-browse').click();
  const dialog = page.getByRole('dialog', { name: 'Choose a data file' });
  // The places arrive from the host after the dialog opens: a web-first assertion waits for them.
  await expect(dialog.getByRole('navigation', { name: 'Places' }).getByRole('button')).toHaveText(['Home', /\S/, 'Workspace', 'Samples', 'Add folder']);
  await dialog.getByRole('button', { name: 'Samples' }).click();
  await option(page, 'data').dblclick();
  await option(page, 'iris.csv').click();
  await dialog.getByTestId('file-browser-choose').click();
  await expect(page.locator('#param-import-dataset-1-path')).toHaveValue(join(SAMPLES_DIR, 'data', 'iris.csv'));
});
