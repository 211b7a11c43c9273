/**
 * Builds the renderer once before any e2e test, so every test serves the code under test (not a
 * stale dist/). Set E2E_SKIP_RENDERER_BUILD=1 to reuse an existing build while iterating.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from './paths.js';

export default function globalSetup(): void {
  const index = join(APP_ROOT, 'dist', 'renderer', 'index.html');
  if (process.env.E2E_SKIP_RENDERER_BUILD === '1' && existsSync(index)) return;
  const started = Date.now();
  execFileSync(
    process.execPath,
    [join(APP_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: APP_ROOT,
      stdio: 'inherit',
    },
  );
  if (!existsSync(index)) throw new Error(`the renderer build did not produce ${index}`);
  process.stdout.write(`renderer built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
