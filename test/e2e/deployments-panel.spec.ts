/**
 * The Deployments panel in Chromium against the browser mode. A Deploy node on 0.0.0.0 is refused
 * before any node runs and the window asks (keyboard: Escape declines). Then penguins -> split ->
 * encode -> train -> deploy on loopback: the panel shows the endpoint running with its version; "try it" (a
 * form built from the package's input schema, sent through the host) gives a prediction, counted in
 * the figures and the last requests; Stop shows it stopped by the user; started again, its server
 * killed with SIGKILL (pid from the service registry) shows as stopped with its exit reason.
 * Screenshots of the panel in light and dark land in test-results/e2e.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceManager } from '../../hosts/shared/services/service-manager.js';
import { expect, test } from './fixtures.js';
import { SHARED_DATA_DIR } from './paths.js';

const deployPipeline = (id: string, host: string) => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: join(SHARED_DATA_DIR, 'penguins.csv') }, position: { x: 40, y: 120 } },
    { id: 'split', type: 'split', typeVersion: 1, params: { testRatio: 0.2, seed: 42, stratify: 'species' }, position: { x: 300, y: 120 } },
    { id: 'enc', type: 'encode-scale', typeVersion: 1, params: { target: 'species' }, position: { x: 560, y: 120 } },
    { id: 'train', type: 'train', typeVersion: 1, params: { target: 'species', model: 'linear', epochs: 5, batchSize: 32 }, position: { x: 820, y: 120 } },
    { id: 'deploy', type: 'deploy', typeVersion: 1, params: { port: 0, host }, position: { x: 1080, y: 120 } },
  ],
  edges: [
    { id: 'e1', source: { node: 'imp', port: 'table' }, target: { node: 'split', port: 'input' } },
    { id: 'e2', source: { node: 'split', port: 'train' }, target: { node: 'enc', port: 'input' } },
    { id: 'e4', source: { node: 'enc', port: 'output' }, target: { node: 'train', port: 'train' } },
    { id: 'e3', source: { node: 'train', port: 'model' }, target: { node: 'deploy', port: 'model' } },
  ],
});

test('Deployments: refuse 0.0.0.0 until allowed, then serve, try it, count it, stop it, and see a killed server stopped', async ({
  page,
  studio,
}, testInfo) => {
  test.setTimeout(300_000);
  const manager = new ServiceManager({ workspaceDir: studio.workspaceDir });
  try {
    await page.emulateMedia({ colorScheme: 'light' });

    // An address other than loopback: asked before any node runs; Escape declines.
    const open = join(studio.dir, 'open.pipeline.json');
    writeFileSync(open, JSON.stringify(deployPipeline('open', '0.0.0.0'), null, 2));
    await page.goto(`${studio.url}&open=${encodeURIComponent(open)}`);
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(5);
    await page.getByTestId('run-all').click();
    const dialog = page.getByRole('dialog', { name: 'Serve a model to other machines?' });
    await expect(dialog).toContainText('This pipeline serves a model on 0.0.0.0, reachable from other machines. Allow?');
    await expect(dialog.getByRole('button', { name: 'Not now' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByTestId('allow-host')).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath('allow-host-light.png') });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await manager.list()).toEqual([]);

    // Empty: the panel says how to get an endpoint.
    await page.getByTestId('open-deployments').click();
    await expect(page.getByTestId('deployments-empty')).toContainText('Run a pipeline with a Deploy node');
    await page.keyboard.press('Escape');

    const file = join(studio.dir, 'deploy.pipeline.json');
    writeFileSync(file, JSON.stringify(deployPipeline('deploy', '127.0.0.1'), null, 2));
    await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
    await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(5);
    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 180_000 });
    const [service] = await manager.list();
    expect(service).toMatchObject({ status: 'running', model: expect.any(String) });

    await page.keyboard.press('Control+Shift+D');
    const panel = page.getByTestId('deployments-panel');
    const detail = panel.getByTestId('service-detail');
    await expect(detail.getByTestId('service-status')).toHaveText('running');
    await expect(detail.getByTestId('service-version')).toHaveText(`v${service.version}`);
    await expect(detail.getByTestId('service-url')).toHaveText(service.url);
    await expect(detail.getByTestId('figure-requests')).toHaveText('0');

    // The API docs open in a new tab; the app's page stays where it is.
    const appUrl = page.url();
    const [docs] = await Promise.all([page.waitForEvent('popup'), detail.getByTestId('open-docs').click()]);
    await expect(docs).toHaveURL(`${service.url}/docs`);
    await docs.close();
    expect(page.url()).toBe(appUrl);

    // Try it: one field per raw input column of penguins.csv (its header, less the target).
    const form = detail.getByTestId('try-form');
    await expect(form.locator('input')).toHaveCount(6);
    await expect(form.locator('input[name="bill_length_mm"]')).toHaveAttribute('type', 'number');
    // The package's categories are offered: the islands of penguins.csv (awk -F, '{print $2}' | sort -u).
    const islands = await form.locator('input[name="island"]').evaluate((el) => [...((el as HTMLInputElement).list?.options ?? [])].map((o) => o.value).sort());
    expect(islands).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    // The first row of penguins.csv: Adelie,Torgersen,39.1,18.7,181,3750,MALE.
    for (const [name, value] of Object.entries({
      island: 'Torgersen',
      bill_length_mm: '39.1',
      bill_depth_mm: '18.7',
      flipper_length_mm: '181',
      body_mass_g: '3750',
      sex: 'MALE',
    }))
      await form.locator(`input[name="${name}"]`).fill(value);
    await detail.getByTestId('try-send').click();
    await expect(detail.getByTestId('try-prediction')).toHaveText(/^(Adelie|Chinstrap|Gentoo)$/);
    await expect(detail.getByRole('table', { name: 'Probabilities' }).locator('tr')).toHaveCount(3);
    // Counted by the server and logged (the panel polls while open).
    await expect(detail.getByTestId('figure-requests')).toHaveText('1', { timeout: 20_000 });
    await expect(detail.getByTestId('recent-requests').locator('tbody tr')).toHaveCount(1, { timeout: 20_000 });
    await page.screenshot({ path: testInfo.outputPath('deployments-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
    await page.screenshot({ path: testInfo.outputPath('deployments-dark.png') });

    // Stop: stopped by the user.
    await detail.getByTestId('stop-service').click();
    await expect(detail.getByTestId('service-status')).toHaveText('stopped');
    await expect(detail.getByTestId('exit-reason')).toContainText('stopped by the user');
    expect((await manager.list())[0].status).toBe('stopped');

    // Started again, then its process killed from outside: reported stopped, with why.
    await detail.getByTestId('restart-service').click();
    await expect(detail.getByTestId('service-status')).toHaveText('running', { timeout: 60_000 });
    const [restarted] = await manager.list();
    expect(restarted.pid).not.toBe(service.pid);
    process.kill(restarted.pid, 'SIGKILL');
    await expect(detail.getByTestId('service-status')).toHaveText('stopped', { timeout: 20_000 });
    await expect(detail.getByTestId('exit-reason')).toContainText(/SIGKILL|the process ended/);
    await page.screenshot({ path: testInfo.outputPath('deployments-killed-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'light');
    await page.screenshot({ path: testInfo.outputPath('deployments-killed-light.png') });
  } finally {
    for (const s of await manager.list()) if (s.status !== 'stopped') await manager.stop(s.id);
  }
});
