import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileAtomic, writeFileAtomic } from './atomic-write.js';

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

  it('copies a file whole and leaves no temp file when the source is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-atomic-'));
    dirs.push(dir);
    await writeFileAtomic(join(dir, 'src.bin'), 'weights');
    await copyFileAtomic(join(dir, 'src.bin'), join(dir, 'dst.bin'));
    expect(await readFile(join(dir, 'dst.bin'), 'utf8')).toBe('weights');
    await expect(copyFileAtomic(join(dir, 'missing.bin'), join(dir, 'dst.bin'))).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).sort()).toEqual(['dst.bin', 'src.bin']);
    expect(await readFile(join(dir, 'dst.bin'), 'utf8')).toBe('weights');
  });
});
