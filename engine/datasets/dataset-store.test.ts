/** The dataset store's lock: two processes recording runs of one version at once lose none. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { keyCore, TEST_KEYS } from '../testing/test-keys.fixture.js';
import { DatasetStore, datasetId } from './dataset-store.js';

const run = promisify(execFile);
const FIXTURE = new URL('./observe-many.fixture.ts', import.meta.url).pathname;

describe('DatasetStore', () => {
  it('keeps every run when two processes record the same version at once', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'ls-ds-lock-'));
    const child = (tag: string) => run(process.execPath, ['--import', 'tsx', FIXTURE, ws, tag, '30']);
    await Promise.all([child('a'), child('b')]);
    const v = (await new DatasetStore(ws).get(datasetId('10:0123456789abcdef0123')!))!;
    expect(v.runCount).toBe(60);
    expect(new Set(v.runs.map((r) => r.runId)).size).toBe(60);
  });

  it('breaks a lock left by a process that died, and refuses fingerprints that are not file contents', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'ls-ds-stale-'));
    mkdirSync(join(ws, 'datasets'));
    // A pid no process has: the kernel's pid_max is below 2^22.
    writeFileSync(join(ws, 'datasets', '.lock'), String(2 ** 22 + 1));
    const store = new DatasetStore(ws);
    const use = { runId: 'r1', at: 1, nodeId: 'imp', pipelineName: 'p', status: 'done' as const };
    await expect(store.observe({ fingerprint: '5:00ff00ff00ff00ff', path: '/d/x.csv', kind: 'table', use })).resolves.toBe('ds-00ff00ff00ff00ff');
    await expect(store.observe({ fingerprint: 'missing', path: '/d/y.csv', kind: 'table', use })).rejects.toThrow(
      '"missing" is not a file fingerprint (expected <size>:<sha256>), so /d/y.csv cannot be recorded as a dataset.',
    );
  });

  it('writes key-shaped top values redacted, as run records do', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'ls-ds-keys-'));
    const use = { runId: 'r1', at: 1, nodeId: 'imp', pipelineName: 'p', status: 'done' as const };
    const columns = [{ name: 'token', type: 'VARCHAR', missingShare: 0, distinct: 1, topValues: [{ value: TEST_KEYS.openai, count: 3 }] }];
    const id = await new DatasetStore(ws).observe({ fingerprint: '7:0a0a0a0a0a0a0a0a', path: '/d/k.csv', kind: 'table', use, profile: { rows: 3, columns } });
    const text = readFileSync(join(ws, 'datasets', `${id}.json`), 'utf8');
    expect(text).not.toContain(keyCore('openai'));
    expect(text).toMatch(/\[redacted [^\]]+\]/);
  });
});
