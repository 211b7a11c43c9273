/**
 * The `studio` fixture: a real `lifecycle-studio serve` (engine process included) on a free port,
 * with a temp workspace, config folder and HOME, started once per test file and shared by its tests.
 * Tests get the tokenised URL the server printed, as a user would.
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BIN, SHARED_DATA_DIR } from './paths.js';

export interface StudioServer {
  /** `http://127.0.0.1:PORT/?token=...` as printed by the server. */
  url: string;
  /** `http://127.0.0.1:PORT`, the page origin. */
  origin: string;
  token: string;
  port: number;
  /** The server's working folder: files may be opened and saved under it. */
  dir: string;
  workspaceDir: string;
  /** The server's HOME: a temp folder, so the file browser's Home never shows the real one. */
  home: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

interface Running {
  server: StudioServer;
  child: ChildProcess;
}

async function startServe(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-'));
  const workspaceDir = join(dir, 'workspace');
  const home = join(dir, 'home');
  mkdirSync(home);
  // The shared datasets lie outside every test pipeline's folder: the user allows them for the session (issue 8).
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', '--workspace', workspaceDir, '--allow-path', SHARED_DATA_DIR], {
    cwd: dir,
    env: { ...process.env, HOME: home, LIFECYCLE_STUDIO_CONFIG_DIR: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 30 s:\n${output}`)), 30_000);
    const check = () => {
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before printing its URL:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    child,
    server: {
      url,
      origin: parsed.origin,
      token: parsed.searchParams.get('token')!,
      port: Number(parsed.port),
      dir,
      workspaceDir,
      home,
      output: () => output,
    },
  };
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  rmSync(running.server.dir, { recursive: true, force: true });
}

export const test = base.extend<{ studio: StudioServer }, { studioPool: Map<string, Running> }>({
  // Worker-scoped holder: one server per test file, closed when the next file starts or the worker ends.
  studioPool: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pool = new Map<string, Running>();
      await use(pool);
      for (const running of pool.values()) await stop(running);
    },
    { scope: 'worker' },
  ],
  studio: async ({ studioPool }, use, testInfo) => {
    let running = studioPool.get(testInfo.file);
    if (!running) {
      for (const [file, other] of studioPool) {
        studioPool.delete(file);
        await stop(other);
      }
      running = await startServe();
      studioPool.set(testInfo.file, running);
    }
    if (running.child.exitCode !== null) throw new Error(`serve died:\n${running.server.output()}`);
    await use(running.server);
    // CI shows its log only: a failed test prints what the server (and its engine) said last.
    if (testInfo.status !== testInfo.expectedStatus) console.log(`[${testInfo.title}] serve said, last lines:\n${running.server.output().slice(-4000)}`);
  },
});

export { expect } from '@playwright/test';
