/**
 * Monitor and retrain, the loop in the window (issue 11; headless twin: test/retrain-loop.test.ts).
 * The boot pipeline is run in the window: v1, undertrained on 3,000 adult rows, is registered in
 * production and deployed. The retrain pipeline (the shipped sample, its gate on a fixed held-out
 * file) is opened, so the browser-mode host runs its watched-folder trigger. A file of 6,000 new
 * labelled rows dropped in `incoming/` starts a run that the Automations panel and the run history
 * name by its trigger; the Models panel then shows v2 in production and v1 archived, and the
 * Deployments panel the same endpoint serving version 2, whose try-it request is logged as answered
 * by version 2. A second file with swapped labels gives a worse challenger: v3 is archived with the
 * gate's reason beside its badge, and the endpoint still serves version 2. Every wait is on a
 * condition (server log lines, what the window shows); every service is stopped at the end.
 */
import { readFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ServiceManager } from '../../hosts/shared/services/service-manager.js';
import { expect, test, type StudioServer } from './fixtures.js';
import { ADULT_COLUMNS } from '../../nodes/testing/test-data.js';
import { adultCsv, bootDoc, retrainDoc, writeDoc } from './retrain-loop-docs.js';

// The model's inputs: every adult column but the target.
const COLUMNS = ADULT_COLUMNS.filter((c) => c !== 'income');
const REASON = 'the business-goal gate failed on "accuracy better than the second model by at least 0.001"';

async function open(page: Page, url: string, file: string, nodes: number) {
  await page.goto(`${url}&open=${encodeURIComponent(file)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(nodes);
}

/** Waits for the server's log line of the run the trigger started for `file`; resolves to its status. */
async function triggeredRun(studio: StudioServer, file: string): Promise<string> {
  const line = new RegExp(`trigger "new-data": run run-[\\w-]+ (\\w+) in .*/incoming/${file.replace('.', '\\.')}\\)`);
  await expect.poll(() => studio.output(), { timeout: 240_000 }).toMatch(line);
  return line.exec(studio.output())![1];
}

/** Sends the first held-out row through the Deployments panel's try-it; resolves to the version the log says answered it. */
async function tryIt(page: Page, row: string[], requests: number) {
  const detail = page.getByTestId('deployments-panel').getByTestId('service-detail');
  const form = detail.getByTestId('try-form');
  await expect(form.locator('input')).toHaveCount(COLUMNS.length);
  for (const [i, name] of COLUMNS.entries()) await form.locator(`input[name="${name}"]`).fill(row[i]);
  await detail.getByTestId('try-send').click();
  await expect(detail.getByTestId('try-prediction')).toHaveText(/^(<=50K|>50K)$/, { timeout: 30_000 });
  // The log is written about a second behind; the panel polls while open. Newest request first.
  const rows = detail.getByTestId('recent-requests').locator('tbody tr');
  await expect(rows).toHaveCount(requests, { timeout: 30_000 });
  return rows.first().locator('td').last();
}

test('the retrain loop in the window: a dropped file promotes v2 and swaps the endpoint; a garbled one is archived with its reason', async ({
  page,
  studio,
}, testInfo) => {
  test.setTimeout(480_000);
  const services = new ServiceManager({ workspaceDir: studio.workspaceDir });
  try {
    const dir = studio.dir;
    mkdirSync(join(dir, 'incoming'));
    adultCsv(1, 3_000, join(dir, 'v1.csv'));
    adultCsv(30_001, 32_561, join(dir, 'holdout.csv'), 'complete');
    const row = readFileSync(join(dir, 'holdout.csv'), 'utf8').split('\n')[0].split(',');
    await page.emulateMedia({ colorScheme: 'light' });

    // v1, trained, gated, registered and deployed by a run in the window.
    await open(page, studio.url, writeDoc(join(dir, 'boot.pipeline.json'), bootDoc()), 8);
    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 180_000 });
    const [service] = await services.list();
    expect(service).toMatchObject({ status: 'running', model: 'adult-income', version: '1' });
    await page.keyboard.press('Control+Shift+D');
    const detail = page.getByTestId('deployments-panel').getByTestId('service-detail');
    await expect(detail.getByTestId('service-version')).toHaveText('v1');
    await expect(await tryIt(page, row, 1)).toHaveText('1');
    await page.keyboard.press('Escape');

    // The retrain pipeline opened: the host runs its trigger.
    const retrain = writeDoc(join(dir, 'retrain.pipeline.json'), retrainDoc());
    await open(page, studio.url, retrain, 12);
    await expect.poll(() => studio.output(), { timeout: 30_000 }).toContain(`automations of ${retrain}: 1 trigger(s) running`);

    // Round 1: 6,000 new labelled rows, written beside the folder and renamed in whole.
    adultCsv(3_001, 9_000, join(dir, 'new.tmp'));
    const dropped = join(dir, 'incoming', 'new.csv');
    renameSync(join(dir, 'new.tmp'), dropped);
    expect(await triggeredRun(studio, 'new.csv')).toBe('succeeded');

    await page.getByTestId('open-automations').click();
    const automations = page.getByRole('dialog', { name: 'Automations' });
    await expect(automations.getByTestId('triggered-runs')).toContainText(`succeeded`);
    await expect(automations.getByTestId('triggered-runs')).toContainText(`new-data: ${dropped}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('bottom-panel').getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('history-panel')).toContainText('trigger new-data (watch-folder)');

    await page.keyboard.press('Control+Shift+K');
    const models = page.getByTestId('models-panel');
    const stage = (v: number) => models.locator(`[data-testid="versions-table"] tr[data-version="${v}"] [data-stage]`);
    await expect(stage(2)).toHaveText('production');
    await expect(stage(1)).toHaveText('archived');
    await page.screenshot({ path: testInfo.outputPath('loop-models-v2-light.png') });
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+Shift+D');
    await expect(detail.getByTestId('service-version')).toHaveText('v2');
    await expect(detail.getByTestId('service-url')).toHaveText(service.url);
    await expect(await tryIt(page, row, 2)).toHaveText('2');
    await page.screenshot({ path: testInfo.outputPath('loop-deployments-v2-light.png') });
    await page.keyboard.press('Escape');

    // Round 2: labels swapped, so the challenger loses to v2 on the held-out rows.
    adultCsv(9_001, 12_000, join(dir, 'bad.tmp'), 'swap-labels');
    renameSync(join(dir, 'bad.tmp'), join(dir, 'incoming', 'bad.csv'));
    expect(await triggeredRun(studio, 'bad.csv')).toBe('blocked');

    // Blocked: Package registered v3 archived, Deploy did not run. Both triggered runs are in the history.
    await page.getByTestId('bottom-panel').getByRole('button', { name: 'Refresh' }).click();
    const triggered = page.getByTestId('history-panel').locator('tr', { hasText: 'trigger new-data (watch-folder)' });
    await expect(triggered).toHaveCount(2);
    await expect(triggered.first()).toContainText('blocked');
    await page.keyboard.press('Control+Shift+K');
    await expect(stage(3)).toHaveText('archived');
    await expect(stage(2)).toHaveText('production');
    await models.locator('[data-testid="versions-table"] tr[data-version="3"]').click();
    await expect(models.getByTestId('version-detail')).toHaveAttribute('aria-label', 'adult-income version 3');
    await expect(models.getByTestId('stage-reason')).toHaveText(new RegExp(`^${REASON.replace(/[.()]/g, '\\$&')} \\(measured -0\\.\\d+\\)$`));
    await page.screenshot({ path: testInfo.outputPath('loop-models-archived-light.png') });
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+Shift+D');
    await expect(detail.getByTestId('service-version')).toHaveText('v2');
    await expect(await tryIt(page, row, 3)).toHaveText('2');
    expect((await services.list()).map((s) => [s.id, s.status, s.version])).toEqual([[service.id, 'running', '2']]);
  } finally {
    for (const s of await services.list()) if (s.status !== 'stopped') await services.stop(s.id);
  }
});
