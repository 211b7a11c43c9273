import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainChange, type KeyMaterial } from './cache-reason.js';
import { canonicalJson, fileFingerprint, FINGERPRINT_EDGE_BYTES } from './fingerprint.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('fingerprints', () => {
  it('canonical JSON ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('changes when a big file changes at either end, or is touched, and not otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-fp-'));
    dirs.push(dir);
    const file = join(dir, 'big.bin');
    const bytes = Buffer.alloc(FINGERPRINT_EDGE_BYTES * 3, 7);
    await writeFile(file, bytes);
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(file, stamp, stamp);
    const base = await fileFingerprint(file);
    expect(base).toMatch(new RegExp(`^${bytes.length}:${stamp.getTime()}:[0-9a-f]{16}$`));
    expect(await fileFingerprint(file)).toBe(base);

    // Same size, same mtime, different last byte: only the tail hash can see it.
    bytes[bytes.length - 1] = 8;
    await writeFile(file, bytes);
    await utimes(file, stamp, stamp);
    const tailChanged = await fileFingerprint(file);
    expect(tailChanged).not.toBe(base);
    expect(tailChanged.split(':').slice(0, 2)).toEqual(base.split(':').slice(0, 2));

    const later = new Date('2026-02-01T00:00:00Z');
    await utimes(file, later, later);
    expect(await fileFingerprint(file)).not.toBe(tailChanged);
    expect(await fileFingerprint(join(dir, 'absent.csv'))).toBe('missing');
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
