/** Allowed folders on real files: keyed by the pipeline file's real path, never by the document. */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AllowedFolders } from './allowed-folders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-allowed-'));
  await mkdir(join(dir, 'pipes'));
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'pipes', 'p.pipeline.json'), '{}');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('remembers a folder per pipeline file in the config folder, found again through a symlinked path', async () => {
  const store = new AllowedFolders(join(dir, 'config'));
  expect(await store.add(join(dir, 'pipes', 'p.pipeline.json'), join(dir, 'data'))).toEqual([join(dir, 'data')]);
  await symlink(join(dir, 'pipes'), join(dir, 'link'));
  expect(await new AllowedFolders(join(dir, 'config')).list(join(dir, 'link', 'p.pipeline.json'))).toEqual([join(dir, 'data')]);
  expect(await store.list(join(dir, 'other.pipeline.json'))).toEqual([]);
  const saved = JSON.parse(await readFile(join(dir, 'config', 'allowed-folders.json'), 'utf8')) as { pipelines: Record<string, string[]> };
  expect(saved.pipelines).toEqual({ [join(dir, 'pipes', 'p.pipeline.json')]: [join(dir, 'data')] });
});

it('refuses an unsaved pipeline and a folder that does not exist', async () => {
  const store = new AllowedFolders(join(dir, 'config'));
  await expect(store.add(undefined, join(dir, 'data'))).rejects.toMatchObject({ code: 'PATH_REQUIRED' });
  await expect(store.add(join(dir, 'pipes', 'p.pipeline.json'), join(dir, 'nope'))).rejects.toMatchObject({ code: 'PATH_REFUSED' });
  await expect(store.add(join(dir, 'pipes', 'p.pipeline.json'), 'relative/data')).rejects.toMatchObject({ code: 'PATH_REFUSED' });
});
