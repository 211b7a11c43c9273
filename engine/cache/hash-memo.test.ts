/**
 * The workspace copy of the content-hash memo: a new engine process reuses the hashes of files
 * that did not change, and never trusts one for a file that did.
 */
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import { fakeNodes, makeDoc } from '../testing/fake-nodes.fixture.js';
import { fileFingerprint, filesHashed } from './fingerprint.js';
import { forgetHashes, loadHashMemo, saveHashMemo } from './hash-memo.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ls-hash-memo-'));
  dirs.push(dir);
  return dir;
}

describe('hash memo on disk', () => {
  it('a fresh memo loaded from disk spares the read of an unchanged file, not of a changed one', async () => {
    const dir = await tempDir();
    const file = join(dir, 'd.csv');
    const memoFile = join(dir, 'file-hashes.json');
    await writeFile(file, 'x\n1\n');
    // A clock well past the file's last change, so the entry counts as settled.
    const wellAfter = () => Date.now() + 10_000;
    const first = await fileFingerprint(file, wellAfter);
    await saveHashMemo(memoFile);

    forgetHashes(); // as in a new process
    await loadHashMemo(memoFile);
    const n = filesHashed();
    expect(await fileFingerprint(file, wellAfter)).toBe(first);
    expect(filesHashed()).toBe(n);

    const { mtime } = await stat(file);
    await writeFile(file, 'x\n2\n');
    await utimes(file, mtime, mtime);
    forgetHashes();
    await loadHashMemo(memoFile);
    expect(await fileFingerprint(file, wellAfter)).not.toBe(first);
    expect(filesHashed()).toBe(n + 1);
  });

  it('an unreadable memo file is ignored', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file-hashes.json'), '{not json');
    await expect(loadHashMemo(join(dir, 'file-hashes.json'))).resolves.toBeUndefined();
  });

  it('the engine keeps the memo in its workspace after a run', async () => {
    const dir = await tempDir();
    const csv = join(dir, 'numbers.csv');
    await writeFile(csv, 'x\n1\n2\n3\n');
    const doc = makeDoc(
      [
        ['source', 'source', { path: 'numbers.csv' }],
        ['sum', 'sum'],
      ],
      ['source.table -> sum.table'],
    );
    const engine = await createEngine({ nodes: fakeNodes, workspaceDir: join(dir, 'ws') });
    try {
      const record = await engine.run(doc, { documentPath: join(dir, 'p.pipeline.json') });
      const saved = JSON.parse(await readFile(join(dir, 'ws', 'file-hashes.json'), 'utf8')) as Record<string, { hash: string; size: number }>;
      // "x\n1\n2\n3\n" is 8 bytes
      expect(saved[csv]).toMatchObject({ size: 8 });
      expect(record.nodes.source.inputFiles![0].fingerprint).toBe(`8:${saved[csv].hash}`);
    } finally {
      await engine.close();
    }
  });
});
