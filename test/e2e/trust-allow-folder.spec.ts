/**
 * Issue 8, in Chromium against the browser mode: a pipeline reading a file outside its folder is
 * refused before any node runs, the window asks to allow that folder (keyboard only here), and on
 * "Allow and run" remembers it in the user's config and runs. The next run needs no prompt.
 */
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { SHARED_DATA_DIR } from './paths.js';

test('a run reading outside the pipeline folder asks to allow the folder, then runs', async ({ page, studio }) => {
  test.setTimeout(120_000);
  // Outside the server's folder and outside the shared data the fixture allows for the session.
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'studio-outside-')));
  try {
    copyFileSync(join(SHARED_DATA_DIR, 'iris.csv'), join(outside, 'iris.csv'));
    const file = join(studio.dir, 'outside.pipeline.json');
    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'outside',
      name: 'outside',
      nodes: [{ id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: join(outside, 'iris.csv') }, position: { x: 40, y: 120 } }],
      edges: [],
    };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(1);

    await page.getByTestId('run-all').click();
    const dialog = page.getByRole('dialog', { name: 'Allow a folder for this pipeline?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`This pipeline reads ${join(outside, 'iris.csv')} (node imp, path).`);
    await expect(dialog).toContainText(`Allow ${outside} for this pipeline?`);
    await expect(page.locator('[data-testid="node-imp"] [data-status]').first()).not.toHaveAttribute('data-status', 'done');

    // Keyboard: focus starts on "Not now"; Tab reaches "Allow and run", Enter presses it.
    await expect(dialog.getByRole('button', { name: 'Not now' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByTestId('allow-folder')).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
    await expect(page.locator('[data-testid="node-imp"] [data-status]').first()).toHaveAttribute('data-status', 'done');
    const saved = JSON.parse(readFileSync(join(studio.dir, 'config', 'allowed-folders.json'), 'utf8')) as { pipelines: Record<string, string[]> };
    expect(saved.pipelines[realpathSync(file)]).toEqual([outside]);
    // The document itself carries no permission.
    expect(readFileSync(file, 'utf8')).not.toContain('allowed');

    // Remembered: a second run asks nothing.
    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
    await expect(dialog).toHaveCount(0);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});
