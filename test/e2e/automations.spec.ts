/**
 * The Automations panel in Chromium against the browser mode: add a schedule trigger by keyboard
 * only, see it in words, save the pipeline, reload, and find it again. Screenshots of the panel
 * and its form in light and dark themes.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SHARED_DATA_DIR } from './paths.js';

/** cronstrue's words for "30 2 * * 1-5" in 24-hour time, written by hand. */
const WORDS = 'At 02:30, Monday through Friday';

async function openFile(page: Page, url: string, file: string) {
  await page.goto(`${url}&open=${encodeURIComponent(file)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(1);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`adds a schedule trigger by keyboard, shows it in words, saves and reloads it (${scheme})`, async ({ page, studio }, testInfo) => {
    copyFileSync(join(SHARED_DATA_DIR, 'iris.csv'), join(studio.dir, 'iris.csv'));
    const file = join(studio.dir, `auto-${scheme}.pipeline.json`);
    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: `auto-${scheme}`,
      name: `Automations ${scheme}`,
      nodes: [{ id: 'import', type: 'import-dataset', typeVersion: 1, params: { path: 'iris.csv' }, position: { x: 80, y: 120 } }],
      edges: [],
    };
    writeFileSync(file, JSON.stringify(doc, null, 2));
    await page.emulateMedia({ colorScheme: scheme });
    await openFile(page, studio.url, file);

    // The header button is reached with Tab from the panel toggles before it.
    await page.getByRole('button', { name: 'Hide the inspector' }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('open-automations')).toBeFocused();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Automations' });
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('add-trigger')).toBeFocused();
    await page.keyboard.press('Enter');

    // The form opens on its kind (Schedule); Tab to the name and the cron expression.
    await expect(panel.getByTestId('trigger-kind')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(panel.getByTestId('trigger-id')).toBeFocused();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('weekday-retrain');
    await page.keyboard.press('Tab');
    await expect(panel.getByTestId('trigger-cron')).toBeFocused();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('61 2 * * 1-5');
    await expect(panel.getByRole('alert')).toContainText('Not a cron expression');
    await expect(panel.getByTestId('trigger-submit')).toBeDisabled();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('30 2 * * 1-5');
    await expect(panel.getByTestId('trigger-cron-words')).toHaveText(WORDS);
    await page.keyboard.press('Tab');
    await expect(panel.getByTestId('trigger-timezone')).toBeFocused();
    await page.keyboard.type('UTC');
    await page.screenshot({ path: testInfo.outputPath(`automations-form-${scheme}.png`) });
    await page.keyboard.press('Enter');

    const row = panel.locator('[data-trigger-id="weekday-retrain"]');
    await expect(row.getByTestId('trigger-words-weekday-retrain')).toHaveText(`${WORDS} (UTC)`);
    await expect(panel.getByTestId('add-trigger')).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath(`automations-panel-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);

    // Save to the same file, then the file holds the trigger and the server runs it.
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'false');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.triggers).toEqual([{ id: 'weekday-retrain', kind: 'schedule', enabled: true, cron: '30 2 * * 1-5', timezone: 'UTC' }]);
    await expect.poll(() => studio.output()).toContain(`automations of ${file}: 1 trigger(s) running`);

    await openFile(page, studio.url, file);
    await page.getByTestId('open-automations').click();
    await expect(page.getByRole('dialog', { name: 'Automations' }).getByTestId('trigger-words-weekday-retrain')).toHaveText(`${WORDS} (UTC)`);
  });
}

test('the app runs the triggers of the open pipeline: a file dropped in its watched folder is a run the panel and the history name', async ({
  page,
  studio,
}) => {
  test.setTimeout(120_000);
  copyFileSync(join(SHARED_DATA_DIR, 'iris.csv'), join(studio.dir, 'iris.csv'));
  mkdirSync(join(studio.dir, 'incoming'));
  const file = join(studio.dir, 'watched.pipeline.json');
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'watched',
    name: 'Watched',
    nodes: [{ id: 'import', type: 'import-dataset', typeVersion: 1, params: { path: 'iris.csv' }, position: { x: 80, y: 120 } }],
    edges: [],
    triggers: [{ id: 'inbox', kind: 'watch-folder', enabled: true, folder: 'incoming', pattern: '*.csv', importNode: 'import' }],
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  await openFile(page, studio.url, file);
  await expect.poll(() => studio.output()).toContain(`automations of ${file}: 1 trigger(s) running`);

  const dropped = join(studio.dir, 'incoming', 'more.csv');
  const iris = readFileSync(join(SHARED_DATA_DIR, 'iris.csv'));
  appendFileSync(dropped, iris.subarray(0, 1000));
  appendFileSync(dropped, iris.subarray(1000));
  await expect.poll(() => studio.output(), { timeout: 90_000 }).toMatch(/trigger "inbox": run run-[\w-]+ succeeded in/);

  await page.getByTestId('open-automations').click();
  const panel = page.getByRole('dialog', { name: 'Automations' });
  await expect(panel.getByTestId('trigger-words-inbox')).toHaveText('A new or changed file matching *.csv in incoming goes into import');
  await expect(panel.getByTestId('triggered-runs')).toContainText(`inbox: ${dropped}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('bottom-panel').getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('history-panel')).toContainText('trigger inbox (watch-folder)');
});
