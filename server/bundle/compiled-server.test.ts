/** Where the bundle's server.mjs comes from when the app has no sources (the packaged app): the prebuilt dist-server/. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { appRoot, writeCompiledServer } from './compiled-server.js';

/** A folder laid out as the packaged app: its package.json, and dist-server/ only when `prebuilt`. */
async function packagedApp(prebuilt: boolean): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'packaged-app-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'lifecycle-studio' }));
  mkdirSync(join(root, 'dist-electron'));
  if (prebuilt) {
    mkdirSync(join(root, 'dist-server'));
    writeFileSync(join(root, 'dist-server', 'server.mjs'), '// prebuilt\n');
    writeFileSync(join(root, 'dist-server', 'dependencies.json'), '{"onnxruntime-node":"9.9.9"}\n');
  }
  return root;
}

it('finds the app folder upwards from a bundled entry such as dist-electron/', async () => {
  const root = await packagedApp(false);
  expect(appRoot(join(root, 'dist-electron'))).toBe(root);
  expect(appRoot()).toBe(join(import.meta.dirname, '..', '..'));
});

it('copies the prebuilt server and its dependency list when the sources are absent', async () => {
  const root = await packagedApp(true);
  const out = await mkdtemp(join(tmpdir(), 'bundle-out-'));
  expect(await writeCompiledServer(out, root)).toEqual({ 'onnxruntime-node': '9.9.9' });
  expect(readFileSync(join(out, 'server.mjs'), 'utf8')).toBe('// prebuilt\n');
});

it('says to run "npm run build:server" when there is neither a prebuilt server nor sources', async () => {
  const root = await packagedApp(false);
  const out = await mkdtemp(join(tmpdir(), 'bundle-out-'));
  await expect(writeCompiledServer(out, root)).rejects.toThrow(/dist-server and no sources .* Run "npm run build:server"/);
  expect(existsSync(join(out, 'server.mjs'))).toBe(false);
});
