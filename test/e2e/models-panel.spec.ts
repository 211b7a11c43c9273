/**
 * The Models panel in Chromium against the browser mode, with a registry prepared on disk in the
 * server's workspace (`<workspace>/models`) by the registry itself: a trained adult model (the
 * engine's committed fixture) registered twice with different metrics, version 1 in production.
 * The panel says how to get a model while the registry is empty, then shows both versions side by
 * side; version 2 is promoted by keyboard only, and version 1 is seen archived, on screen and on disk.
 * Version 2 names a run this workspace really recorded (the iris sample, run first): "Open the run"
 * shows it in the run history; version 1's run is not recorded, which the panel says plainly.
 * Screenshots of the panel in light and dark land in test-results/e2e.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { promoteModel, registerModel } from '../../engine/models/registry.js';
import { renderHtml, renderMarkdown } from '../../nodes/validate-goals/model-card.js';
import { expect, test } from './fixtures.js';
import { APP_ROOT, SAMPLES_DIR } from './paths.js';

const MODEL_DIR = join(APP_ROOT, 'engine', 'models', 'fixtures', 'adult-linear-v1');

async function cardFiles(accuracy: number): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'models-card-'));
  const blocks = [
    { p: 'Generated 2026-01-02T10:00:00.000Z. Business-goal gate: **PASSED**.' },
    { h: 'Business goals' },
    {
      table: { head: ['Rule', 'Result', 'Measured', 'Detail'], rows: [['accuracy >= 0.8', 'pass', String(accuracy), `accuracy ${accuracy} is at least 0.8`]] },
    },
    { h: 'Evaluation' },
    { table: { head: ['Metric', 'Value'], rows: [['accuracy', String(accuracy)]] } },
  ];
  await writeFile(join(dir, 'model-card.md'), renderMarkdown('Adult income', blocks));
  await writeFile(join(dir, 'model-card.html'), renderHtml('Adult income', blocks));
  return [join(dir, 'model-card.md'), join(dir, 'model-card.html')];
}

async function prepareRegistry(workspaceDir: string, v2RunId: string): Promise<string> {
  const root = join(workspaceDir, 'models');
  const versions = [
    { metrics: { accuracy: 0.8412, f1: 0.6431, log_loss: 0.3561 }, passed: true, runId: 'run-v1-elsewhere' },
    { metrics: { accuracy: 0.8534, f1: 0.6377, log_loss: 0.3302 }, passed: true, runId: v2RunId },
  ];
  for (const [i, v] of versions.entries()) {
    await registerModel(root, {
      name: 'adult',
      modelDir: MODEL_DIR,
      lineage: { runId: v.runId, nodeId: 'package', pipelineHash: `${i + 1}`.repeat(64), inputs: [], libraries: {}, missing: [] },
      metrics: v.metrics,
      gate: { passed: v.passed, rules: [{ rule: 'accuracy >= 0.8', passed: true, measured: v.metrics.accuracy, message: '' }] },
      cardFiles: await cardFiles(v.metrics.accuracy),
      created: `2026-01-0${i + 1}T10:00:00.000Z`,
    });
  }
  await promoteModel(root, 'adult', 1, 'production');
  return root;
}

/** Presses `key` until `done`, as a keyboard user would; fails after a bound. */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>) {
  for (let i = 0; i < 30; i++) {
    if (await done()) return;
    await page.keyboard.press(key);
  }
  throw new Error(`pressing ${key} 30 times never reached the expected element`);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { version: el?.dataset.version, testid: el?.dataset.testid, text: el?.textContent?.trim() };
  });

test('the Models panel: empty state, two versions side by side, promote v2 by keyboard and see v1 archived', async ({ page, studio }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${studio.url}&open=${encodeURIComponent(join(SAMPLES_DIR, 'iris-prepare.pipeline.json'))}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);

  // Empty registry: the panel says how to get a model here.
  await page.getByTestId('open-models').click();
  await expect(page.getByTestId('models-empty')).toContainText('Run a pipeline with a Package model node');
  await page.screenshot({ path: testInfo.outputPath('models-empty-light.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('models-panel')).toHaveCount(0);

  // A run this workspace records, for version 2's lineage.
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 60_000 });
  const runFiles = readdirSync(join(studio.workspaceDir, 'runs')).filter((f) => f.endsWith('.json'));
  expect(runFiles).toHaveLength(1);
  const runId = runFiles[0].replace(/\.json$/, '');
  const root = await prepareRegistry(studio.workspaceDir, runId);

  // Opened by its shortcut this time (focus is back on the header button that opened it before).
  await page.keyboard.press('Control+Shift+K');
  const panel = page.getByTestId('models-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('option', { name: /adult/ })).toHaveAttribute('aria-selected', 'true');
  const row = (v: number) => panel.locator(`[data-testid="versions-table"] tr[data-version="${v}"]`);
  const stage = (v: number) => row(v).locator('[data-stage]');
  await expect(stage(1)).toHaveText('production');
  await expect(stage(2)).toHaveText('no stage');
  // Metrics side by side, the best of each column marked (lower is better for log_loss).
  const metric = (v: number, m: string) => row(v).locator(`td[data-metric="${m}"]`);
  await expect(metric(1, 'accuracy')).toHaveText('0.8412');
  await expect(metric(2, 'accuracy')).toHaveText(/^0\.8534 ★/);
  await expect(metric(1, 'f1')).toHaveText(/^0\.6431 ★/);
  await expect(metric(2, 'log_loss')).toHaveText(/^0\.3302 ★/);
  await expect(panel.locator('td[data-best]')).toHaveCount(3);
  // The production version is shown first, with its card rendered.
  await expect(panel.getByTestId('version-detail')).toHaveAttribute('aria-label', 'adult version 1');
  await expect(panel.getByTestId('model-card').locator('h4')).toHaveText('Adult income');

  // By keyboard only: into the versions, down to v2, Tab to the promote button, confirm.
  await pressUntil(page, 'Tab', async () => (await focused(page)).version === '1');
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).version).toBe('2');
  await expect(panel.getByTestId('version-detail')).toHaveAttribute('aria-label', 'adult version 2');
  await pressUntil(page, 'Tab', async () => (await focused(page)).testid === 'stage-production');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Promote adult v2 to production?' });
  await expect(confirm).toContainText('Version 1 is in production now; it will be archived.');
  await pressUntil(page, 'Tab', async () => (await focused(page)).testid === 'confirm-production');
  await page.keyboard.press('Enter');
  await expect(stage(2)).toHaveText('production');
  await expect(stage(1)).toHaveText('archived');
  expect(JSON.parse(readFileSync(join(root, 'adult', 'stages.json'), 'utf8'))).toEqual({ 1: 'archived', 2: 'production' });
  await expect(panel.getByTestId('version-detail').locator('[data-stage]').first()).toHaveText('production');
  await expect(panel.getByTestId('stage-production')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('models-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
  await page.screenshot({ path: testInfo.outputPath('models-dark.png') });

  // The run that made v1 is not in this workspace's history: the panel says so plainly.
  await row(1).click();
  await expect(panel.getByTestId('version-detail')).toHaveAttribute('aria-label', 'adult version 1');
  await panel.getByTestId('open-model-run').click();
  await expect(panel.getByTestId('run-note')).toHaveText(
    "Run run-v1-elsewhere is not in this workspace's run history: it was deleted, or the model was registered from another workspace.",
  );
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.screenshot({ path: testInfo.outputPath('models-dark-narrow.png') });

  // The run that made v2 is: it opens in the run history (the panel closes to show it).
  await row(2).click();
  await expect(panel.getByTestId('version-detail')).toHaveAttribute('aria-label', 'adult version 2');
  await panel.getByTestId('open-model-run').click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('tab-history')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`[data-testid="history-panel"] tr[data-run-id="${runId}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: `Close run ${runId}` })).toBeVisible();
});
