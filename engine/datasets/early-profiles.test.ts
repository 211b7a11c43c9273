import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyMaterial } from '../cache/cache-reason.js';
import { fileFingerprint } from '../cache/fingerprint.js';
import { ident, literal, openDataPlane, type DataPlane } from '../data/data-plane.js';
import type { NodeRunRecord } from '../engine-types.js';
import type { NodeDef } from '../node-def.js';
import { sourceDef } from '../testing/fake-nodes.fixture.js';
import { DatasetStore } from './dataset-store.js';
import { EarlyProfiles } from './early-profiles.js';
import { recordRunDatasets } from './record-run-datasets.js';

let dir: string;
let data: DataPlane;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-early-'));
  data = await openDataPlane(':memory:');
});
afterEach(async () => {
  data.close();
  await rm(dir, { recursive: true, force: true });
});

/** A Source node that read `x.csv` (x = 1..5, by hand) into table `t`: what a run holds when the node ends. */
async function sourceRead() {
  const path = join(dir, 'x.csv');
  await writeFile(path, 'x\n1\n2\n3\n4\n5\n');
  await data.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(path)})`);
  const fingerprint = await fileFingerprint(path);
  const keys = new Map<string, KeyMaterial>([
    ['src', { key: 'k1', type: sourceDef.type, typeVersion: 2, params: {}, inputs: {}, files: { path: { path, fingerprint } } }],
  ]);
  const record: NodeRunRecord = { nodeId: 'src', type: sourceDef.type, typeVersion: 2, status: 'done', outputs: { table: await data.describe('t') } };
  const source = { workspaceDir: dir, data, defs: new Map<string, NodeDef>([[sourceDef.type, sourceDef as NodeDef]]), keys, resolvePath: (p: string) => p };
  return { fingerprint, record, source };
}

describe('early dataset profiles', () => {
  it('profiles a data file as soon as its node ends, before any record is written', async () => {
    const { fingerprint, record, source } = await sourceRead();
    const early = new EarlyProfiles(source);
    early.nodeDone(record);
    const profile = await early.of(fingerprint);
    // 5 rows, x from 1 to 5: mean 3, 5 distinct values.
    expect(profile?.rows).toBe(5);
    expect(profile?.columns[0]).toMatchObject({ name: 'x', missingShare: 0, distinct: 5, mean: 3, min: 1, max: 5 });
    expect(await new DatasetStore(dir).all()).toEqual([]);
  });

  it('the run record uses the profile taken early, even once the table is gone', async () => {
    const { fingerprint, record, source } = await sourceRead();
    const early = new EarlyProfiles(source);
    early.nodeDone(record);
    await early.of(fingerprint);
    // Profiling again at the end would find no table and record the version without a profile.
    await data.run(`DROP TABLE ${ident('t')}`);
    const doc = { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'p', nodes: [], edges: [] } as never;
    const result = await recordRunDatasets({ ...source, doc, nodes: { src: record }, runId: 'r1', startedAt: 1 }, early);
    expect(result.error).toBeUndefined();
    const [version] = await new DatasetStore(dir).all();
    expect(version.rows).toBe(5);
    expect(version.columns.map((c) => c.name)).toEqual(['x']);
  });

  it('takes no profile of content a record already holds', async () => {
    const { fingerprint, record, source } = await sourceRead();
    const use = { runId: 'r0', at: 0, nodeId: 'src', pipelineName: 'p', status: 'done' as const };
    await new DatasetStore(dir).observe({ fingerprint, path: join(dir, 'x.csv'), kind: 'table', use, profile: { rows: 5, columns: [] } });
    const early = new EarlyProfiles(source);
    early.nodeDone(record);
    expect(await early.of(fingerprint)).toBeUndefined();
  });
});
