import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('writeFileAtomic', () => {
  it('creates missing folders, replaces the file whole, and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-atomic-'));
    dirs.push(dir);
    const file = join(dir, 'a', 'b', 'record.json');
    await writeFileAtomic(file, '{"v":1}\n');
    await writeFileAtomic(file, '{"v":2}\n');
    expect(await readFile(file, 'utf8')).toBe('{"v":2}\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['record.json']);
  });

  it('removes its temp file and keeps what was there when the rename fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-atomic-'));
    dirs.push(dir);
    // A non-empty folder where the file should land: the temp file is written, the rename is refused.
    const target = join(dir, 'taken');
    await writeFileAtomic(join(target, 'inside.txt'), 'kept');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('kept');
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
