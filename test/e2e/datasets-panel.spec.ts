/**
 * The Datasets panel in Chromium against the browser mode: a pipeline that imports a copy of
 * penguins.csv, trains and registers a model is run from the window twice, the file edited between
 * the runs (rows deleted and appended). The panel lists the two versions (newest first), finds one
 * by search, opens its profile, compares it with the other side by side, and goes to the model made
 * from it; the Models panel's version comes back to it through its datasets. Screenshots of the
 * panel in light and dark land in test-results/e2e.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SHARED_DATA_DIR } from './paths.js';
import { PENGUINS_LIFECYCLE_EDGES, penguinsLifecycleNodes } from '../testing/penguins-lifecycle.js';

function lifecycle() {
  const nodes = penguinsLifecycleNodes({ path: 'data/penguins.csv', epochs: 10, rule: { threshold: 0.3 } });
  const edges = PENGUINS_LIFECYCLE_EDGES;
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'datasets-e2e',
    name: 'Penguins datasets',
    nodes: nodes.map((n, i) => ({ ...n, typeVersion: 1, position: { x: (i % 4) * 260, y: Math.floor(i / 4) * 200 } })),
    edges: edges.map(([from, to], i) => {
      const [sn, sp] = from.split(':');
      const [tn, tp] = to.split(':');
      return { id: `e${i}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
    }),
  };
}

/** Runs the pipeline from the window and waits for its record (the `records`-th in the workspace), then for the window to say it succeeded. */
async function runAll(page: Page, workspaceDir: string, records: number) {
  await page.getByTestId('run-all').click();
  const count = () => (existsSync(join(workspaceDir, 'runs')) ? readdirSync(join(workspaceDir, 'runs')).filter((f) => f.endsWith('.json')).length : 0);
  await expect.poll(count, { timeout: 120_000 }).toBe(records);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded');
}

test('the Datasets panel: two versions of one file, search, profile, side-by-side comparison, and the models made from each', async ({
  page,
  studio,
}, testInfo) => {
  test.setTimeout(300_000);
  const file = join(studio.dir, 'data', 'penguins.csv');
  mkdirSync(join(studio.dir, 'data'), { recursive: true });
  copyFileSync(join(SHARED_DATA_DIR, 'penguins.csv'), file);
  const doc = join(studio.dir, 'datasets.pipeline.json');
  writeFileSync(doc, `${JSON.stringify(lifecycle(), null, 2)}\n`);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${studio.url}&open=${encodeURIComponent(doc)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(7);

  // Nothing read yet: the panel says how to get a dataset here.
  await page.getByTestId('open-datasets').click();
  await expect(page.getByTestId('datasets-empty')).toContainText('Run a pipeline with an Import dataset node');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('datasets-panel')).toHaveCount(0);

  await runAll(page, studio.workspaceDir, 1);
  const lines = readFileSync(file, 'utf8').split(/(?<=\n)/);
  writeFileSync(file, [lines[0], ...lines.slice(6), ...lines.slice(100, 110)].join(''));
  await runAll(page, studio.workspaceDir, 2);

  await page.getByTestId('open-datasets').click();
  const panel = page.getByTestId('datasets-panel');
  const options = panel.getByTestId('dataset-list').getByRole('option');
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toContainText('penguins.csv v2');
  await expect(options.nth(0)).toContainText('349 rows · 7 cols');
  await expect(options.nth(1)).toContainText('344 rows · 7 cols');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');

  // The newest version's profile (pandas: sex 3.7% missing after the edit; 349 rows).
  const detail = panel.getByTestId('dataset-detail');
  await expect(detail).toHaveAttribute('aria-label', 'penguins.csv version 2');
  const profileRow = (name: string) => detail.locator(`[data-testid="dataset-profile"] tr[data-column="${name}"]`);
  await expect(profileRow('sex')).toContainText('MALE 172, FEMALE 167');
  await expect(profileRow('body_mass_g')).toContainText('2,700');
  await expect(detail.getByTestId('dataset-models')).toContainText('penguins v2');

  // Compared with the version before it, side by side; changed figures marked.
  const compare = panel.getByTestId('dataset-compare');
  await expect(compare.getByTestId('compare-with')).toHaveValue(
    await options
      .nth(1)
      .getAttribute('data-dataset')
      .then((v) => v!),
  );
  await expect(compare.locator('thead')).toContainText('349 rows');
  await expect(compare.locator('thead')).toContainText('344 rows');
  await expect(compare.locator('tr[data-column="species"] td[data-changed]').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('datasets-light.png') });
  await compare.locator('tr[data-column="sex"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('datasets-compare-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
  await page.screenshot({ path: testInfo.outputPath('datasets-compare-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Search: by the model made from a version; nothing matches a stranger.
  const search = panel.getByTestId('datasets-search');
  await search.fill('penguins v1');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('penguins.csv v1');
  await search.fill('no-such-file');
  await expect(panel.getByTestId('datasets-no-match')).toBeVisible();
  await search.fill('');
  await expect(options).toHaveCount(2);

  // To the model made from v2, and back through its datasets.
  await detail.getByRole('button', { name: 'penguins v2' }).click();
  const models = page.getByTestId('models-panel');
  await expect(models.getByTestId('version-detail')).toHaveAttribute('aria-label', 'penguins version 2');
  await expect(models.getByTestId('model-datasets')).toContainText('trained on, evaluated on');
  await models.getByRole('button', { name: 'penguins.csv v2' }).click();
  await expect(page.getByTestId('datasets-panel').getByTestId('dataset-detail')).toHaveAttribute('aria-label', 'penguins.csv version 2');

  // The older version, opened from the list: its own model.
  await page.getByTestId('dataset-list').getByRole('option').nth(1).click();
  await expect(page.getByTestId('dataset-detail')).toHaveAttribute('aria-label', 'penguins.csv version 1');
  await expect(page.getByTestId('dataset-models')).toContainText('penguins v1');
});
