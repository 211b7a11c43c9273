import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainChange, type KeyMaterial } from './cache-reason.js';
import { canonicalJson, fileFingerprint, filesHashed } from './fingerprint.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('fingerprints', () => {
  it('canonical JSON ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('changes with the content anywhere in the file, even a same-size middle edit with the mtime restored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-fp-'));
    dirs.push(dir);
    const file = join(dir, 'big.bin');
    // 3 x 64 KiB: the middle third is neither the first nor the last 64 KiB the old fingerprint read.
    const bytes = Buffer.alloc(3 * 64 * 1024, 7);
    await writeFile(file, bytes);
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(file, stamp, stamp);
    const base = await fileFingerprint(file);
    // sha256 of 196,608 bytes of 0x07, from python3: hashlib.sha256(b'\x07' * 196608).hexdigest()[:32]
    expect(base).toBe('196608:2cbfa2fbc2b4594945ca0a8c26f00ceb');

    bytes[bytes.length / 2] = 8;
    await writeFile(file, bytes);
    await utimes(file, stamp, stamp); // what cp -p and rsync -t do
    const edited = await fileFingerprint(file);
    expect(edited).not.toBe(base);
    expect(edited.split(':')[0]).toBe('196608');
    expect(await fileFingerprint(join(dir, 'absent.csv'))).toBe('missing');
  });

  it('stays the same when a file is only touched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-fp-'));
    dirs.push(dir);
    const file = join(dir, 'd.csv');
    await writeFile(file, 'x\n1\n');
    const before = await fileFingerprint(file);
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    expect(await fileFingerprint(file)).toBe(before);
  });

  it('reads a file again only when its stat changed, and never trusts a hash taken right after a change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-fp-'));
    dirs.push(dir);
    const file = join(dir, 'd.csv');
    await writeFile(file, 'x\n1\n');
    // Just written: within RACY_MS of its ctime, so each call reads it again.
    let n = filesHashed();
    await fileFingerprint(file);
    await fileFingerprint(file);
    expect(filesHashed() - n).toBe(2);

    // A clock well past the change: the second call uses the memo.
    const ctime = (await stat(file)).ctimeMs;
    const wellAfter = () => ctime + 10_000;
    n = filesHashed();
    const first = await fileFingerprint(file, wellAfter);
    expect(await fileFingerprint(file, wellAfter)).toBe(first);
    expect(filesHashed() - n).toBe(1);

    // Same size, mtime restored: ctime moved, so it is read again and the change is seen.
    const { mtime } = await stat(file);
    await writeFile(file, 'x\n2\n');
    await utimes(file, mtime, mtime);
    const changed = await fileFingerprint(file, () => Date.now() + 10_000);
    expect(changed).not.toBe(first);
    expect(filesHashed() - n).toBe(2);
  });
});

describe('explainChange', () => {
  const base: KeyMaterial = {
    key: 'k1',
    type: 't',
    typeVersion: 1,
    params: { a: 1, b: [1, 2] },
    inputs: { table: { node: 'up', port: 'out', key: 'u1' } },
    files: { path: { path: 'd.csv', fingerprint: 'f1' } },
  };
  it('lists every kind of change and leads with the most useful code', () => {
    expect(explainChange(undefined, base)).toMatchObject({ code: 'no-previous-run', message: 'first run of this node' });
    const changed = { ...base, key: 'k2', params: { a: 1, b: [2, 1], c: 0 }, inputs: { table: { node: 'up', port: 'out', key: 'u2' } } };
    expect(explainChange(base, changed)).toEqual({
      decision: 'run',
      code: 'params-changed',
      message: 'params changed: b, c; upstream changed: up',
      changed: ['b', 'c', 'up'],
    });
    const file = { ...base, key: 'k3', files: { path: { path: 'd.csv', fingerprint: 'f2' } } };
    expect(explainChange(base, file)).toMatchObject({ code: 'file-changed', message: 'input file changed: d.csv' });
    expect(explainChange(base, { ...base, key: 'k4', typeVersion: 2 })).toMatchObject({ code: 'version-changed' });
  });
});
