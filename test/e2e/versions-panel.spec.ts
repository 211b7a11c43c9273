/**
 * The Versions panel in Chromium against the browser mode: save, change Train's epochs 10 -> 20,
 * save again, open the panel by keyboard and read the change in the app's terms; compare two
 * versions; open one read-only; restore it (a save: a new version, and one undo step). Screenshots
 * in light and dark themes.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { nodeDefs } from '../../nodes/defs.js';
import { expect, test } from './fixtures.js';
import { SHARED_DATA_DIR } from './paths.js';

const typeVersion = (type: string) => nodeDefs.find((d) => d.type === type)!.typeVersion;

function pipelineFile(dir: string, scheme: string): string {
  const file = join(dir, `versions-${scheme}.pipeline.json`);
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: `versions-${scheme}`,
    name: `Versions ${scheme}`,
    nodes: [
      { id: 'import', type: 'import-dataset', typeVersion: typeVersion('import-dataset'), params: { path: 'iris.csv' }, position: { x: 60, y: 120 } },
      {
        id: 'train',
        type: 'train',
        typeVersion: typeVersion('train'),
        label: 'Train',
        params: { target: 'species', epochs: 10 },
        position: { x: 380, y: 120 },
      },
    ],
    edges: [{ id: 'e1', source: { node: 'import', port: 'table' }, target: { node: 'train', port: 'train' } }],
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

/** Version files the workspace holds for a pipeline: what a save leaves behind, so a test can wait on it. */
function versionFiles(workspaceDir: string, pipelineId: string): number {
  const root = join(workspaceDir, 'pipeline-versions');
  if (!existsSync(root)) return 0;
  const folder = readdirSync(root).find((f) => f.startsWith(`${pipelineId}-`));
  return folder ? readdirSync(join(root, folder)).filter((f) => f.endsWith('.json')).length : 0;
}

async function save(page: Page, workspaceDir: string, pipelineId: string, versions: number) {
  await page.keyboard.press('Control+s');
  await expect.poll(() => versionFiles(workspaceDir, pipelineId)).toBe(versions);
}

const epochsOnDisk = (file: string) =>
  (JSON.parse(readFileSync(file, 'utf8')) as { nodes: { id: string; params: { epochs: number } }[] }).nodes[1].params.epochs;

for (const scheme of ['light', 'dark'] as const) {
  test(`keeps a version per save, reads "Epochs 10 -> 20", compares, opens read-only and restores (${scheme})`, async ({ page, studio }, testInfo) => {
    copyFileSync(join(SHARED_DATA_DIR, 'iris.csv'), join(studio.dir, 'iris.csv'));
    const file = pipelineFile(studio.dir, scheme);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(2);

    await page.locator('.react-flow__pane').click();
    const id = `versions-${scheme}`;
    // The first save keeps what the file held (identical to the save, so one version).
    await save(page, studio.workspaceDir, id, 1);
    await page.getByTestId('node-train').click();
    await page.locator('#param-train-epochs').fill('20');
    await expect(page.getByTestId('node-train')).toContainText('Epochs: 20');
    await save(page, studio.workspaceDir, id, 2);
    expect(epochsOnDisk(file)).toBe(20);

    // By keyboard: the header button, then Enter; focus moves into the panel.
    await page.getByTestId('open-versions').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('versions-panel');
    await expect(panel).toBeFocused();
    const rows = panel.getByTestId('versions-list').locator('li');
    // The file as written before the first save (no user: the app did not write it), then the save with epochs 20.
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Train: Epochs 10 -> 20');
    await expect(rows.nth(1)).toContainText('found on disk');
    await expect(panel.getByTestId('version-changes')).toHaveText(/Train: epochs 10 -> 20/i);
    await page.screenshot({ path: testInfo.outputPath(`versions-${scheme}.png`) });

    // Two ticked: what the later one changed.
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await expect(panel.getByTestId('versions-compare').getByTestId('version-changes')).toHaveText('~Train: Epochs 10 -> 20');
    await page.screenshot({ path: testInfo.outputPath(`versions-compare-${scheme}.png`) });
    await rows.nth(0).getByRole('checkbox').uncheck();
    await rows.nth(1).getByRole('checkbox').uncheck();

    // The older version, read-only: its params as saved.
    await rows.nth(1).getByRole('button').click();
    await panel.getByTestId('version-open').click();
    const outline = panel.getByTestId('version-outline');
    await expect(outline.locator('.versions-params__row', { has: page.locator('dt', { hasText: /^Epochs$/ }) })).toHaveText('Epochs10');
    await expect(outline).toContainText('iris.csv');
    await expect(outline.locator('input, textarea, select')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath(`versions-readonly-${scheme}.png`) });

    // Restore: saved at once (a third version), the file holds epochs 10 again.
    await panel.getByTestId('version-restore').click();
    await expect.poll(() => versionFiles(studio.workspaceDir, id)).toBe(3);
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('Train: Epochs 20 -> 10');
    expect(epochsOnDisk(file)).toBe(10);
    await page.screenshot({ path: testInfo.outputPath(`versions-restored-${scheme}.png`) });

    // Escape closes the panel; the restore is one undo step.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('node-train')).toContainText('Epochs: 10');
    await page.getByTestId('undo').click();
    await expect(page.getByTestId('node-train')).toContainText('Epochs: 20');
    await expect(page.getByTestId('doc-title')).toHaveAttribute('data-dirty', 'true');
  });
}
