import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AllowedFolders } from './allowed-folders.js';
import { readConfigField } from './config-json.js';
import { RecentFiles } from './recent-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-config-json-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('reads a field, and reads nothing from a missing, damaged or non-object file', async () => {
  await writeFile(join(dir, 'good.json'), '{"paths":["/a"],"other":1}');
  await writeFile(join(dir, 'damaged.json'), '{"paths":["/a"');
  await writeFile(join(dir, 'list.json'), '["/a"]');
  await writeFile(join(dir, 'proto.json'), '{"x":1}');
  expect(await readConfigField(join(dir, 'good.json'), 'paths')).toEqual(['/a']);
  expect(await readConfigField(join(dir, 'missing.json'), 'paths')).toBeUndefined();
  expect(await readConfigField(join(dir, 'damaged.json'), 'paths')).toBeUndefined();
  expect(await readConfigField(join(dir, 'list.json'), 'length')).toBeUndefined();
  // Only own fields: an inherited name is not a stored value.
  expect(await readConfigField(join(dir, 'proto.json'), 'constructor')).toBeUndefined();
});

it('a damaged recent list or allowed-folders file grants nothing and is rebuilt by the next write', async () => {
  await writeFile(join(dir, 'recent-files.json'), '{"paths": [');
  await writeFile(join(dir, 'allowed-folders.json'), 'not json');
  const recent = new RecentFiles(dir);
  expect(await recent.list()).toEqual([]);
  expect(await new AllowedFolders(dir).list(join(dir, 'p.pipeline.json'))).toEqual([]);
  const file = join(dir, 'x.pipeline.json');
  await writeFile(file, '{}');
  await recent.add(file);
  expect(await recent.list()).toEqual([file]);
});
