/**
 * The desktop shell through Playwright's Electron driver. Runs only where the Electron binary is
 * installed (it cannot be downloaded on the CI machine); elsewhere each test is skipped with the
 * reason printed, never passed.
 */
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from './fixtures.js';
import { APP_ROOT, SAMPLES_DIR } from './paths.js';

/**
 * The Electron binary path, or why there is none. Reads what `require('electron')` would answer
 * (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without requiring it: since Electron 45 that require
 * tries to download the binary when it is missing.
 */
function electronBinary(): { path?: string; reason?: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return { reason: `the Electron binary is not installed (${pathFile} is missing; its download is not reachable here)` };
  const path = override ? join(override, relative ?? 'electron') : join(packageDir, 'dist', relative!);
  return existsSync(path) ? { path } : { reason: `the Electron binary is not installed (${path} does not exist)` };
}

const binary = electronBinary();
if (!binary.path) process.stdout.write(`electron.spec.ts: skipped: ${binary.reason}\n`);

test.describe('desktop shell', () => {
  test.skip(!binary.path, binary.reason ?? '');
  let app: ElectronApplication;

  test.beforeAll(() => {
    execFileSync(process.execPath, [join(APP_ROOT, 'electron', 'build.mjs')], { cwd: APP_ROOT, stdio: 'inherit' });
  });
  test.beforeEach(async () => {
    app = await electron.launch({ executablePath: binary.path, args: [APP_ROOT, '--no-sandbox'], cwd: APP_ROOT });
  });
  test.afterEach(async () => {
    await app?.close();
  });

  test('starts one sandboxed window whose bridge is exactly the contract', async () => {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/Lifecycle Studio/);
    expect(window.url()).toMatch(/^studio-app:\/\/renderer\//);
    const keys = await window.evaluate(() => Object.keys((window as unknown as { studio: object }).studio).sort());
    expect(keys).toHaveLength(19);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  });

  test('opens a sample and runs it to the end', async () => {
    const window = await app.firstWindow();
    const sample = join(
      SAMPLES_DIR,
      readdirSync(SAMPLES_DIR).find((n) => n.endsWith('.pipeline.json'))!,
    );
    const status = await window.evaluate(async (path) => {
      type Api = {
        openPipeline(p: string): Promise<{ document: unknown }>;
        startRun(d: unknown, o: object): Promise<{ runId: string }>;
        onEvent(l: (e: { type: string; runId?: string; status?: string }) => void): () => void;
      };
      const api = (window as unknown as { studio: Api }).studio;
      const opened = await api.openPipeline(path);
      // run-finished may arrive before startRun's answer: keep every ending, then pick ours.
      const endings = new Map<string, string>();
      let mine = '';
      return new Promise<string>((resolve) => {
        const settle = () => mine && endings.has(mine) && resolve(endings.get(mine)!);
        api.onEvent((e) => {
          if (e.type === 'run-finished' && e.runId) endings.set(e.runId, e.status ?? '');
          settle();
        });
        void api.startRun(opened.document, { documentPath: path }).then((r) => {
          mine = r.runId;
          settle();
        });
      });
    }, sample);
    expect(status).toBe('succeeded');
  });

  test('has the File, Edit, View and Run menus with their shortcuts', async () => {
    const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label.replace('&', '')) ?? []);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Run']));
    const undo = await app.evaluate(
      ({ Menu }) =>
        Menu.getApplicationMenu()
          ?.items.flatMap((i) => i.submenu?.items ?? [])
          .find((i) => i.label.replace('&', '') === 'Undo')?.accelerator,
    );
    expect(undo).toBe('CmdOrCtrl+Z');
  });
});
