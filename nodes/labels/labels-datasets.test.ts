/**
 * A Labels node's key file (the label set in the workspace) is a dataset too: recorded as a
 * label-set version with one row per label; Enter data reads no file, so it records nothing; a new
 * label makes a new version.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import { tableFromText } from '../../engine/graph/table-paste.js';
import { writeLabelSet } from '../../engine/labels/label-store.js';
import { nodeCatalog } from '../index.js';
import { DatasetStore } from '../../engine/datasets/dataset-store.js';

const DOC: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'labels-ds',
  name: 'Labels datasets',
  nodes: [
    { id: 'data', type: 'enter-data', typeVersion: 1, params: { table: tableFromText('review\tstars\ngood\t5\nbad\t1\nok\t3\n') }, position: { x: 0, y: 0 } },
    { id: 'labels', type: 'labels', typeVersion: 1, params: { labelSet: 'reviews', column: 'label', unlabelled: 'keep' }, position: { x: 200, y: 0 } },
  ],
  edges: [{ id: 'e1', source: { node: 'data', port: 'output' }, target: { node: 'labels', port: 'input' } }],
};

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-ds-labels-'));
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: dir, versions: () => ({ tfBackend: 'cpu' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('label sets as datasets', () => {
  it('records the label set read by a Labels node, one version per content; Enter data none', async () => {
    await writeLabelSet(dir, 'reviews', {
      changes: [
        { key: '0123456789abcdef', label: 'pos' },
        { key: '1123456789abcdef', label: 'neg' },
      ],
    });
    const first = await engine.run(DOC);
    expect(first.status).toBe('succeeded');
    const store = new DatasetStore(dir);
    let all = await store.all();
    expect(all.map((v) => [v.kind, v.path, v.rows])).toEqual([['label-set', join(dir, 'labels', 'reviews.json'), 2]]);
    expect(all[0].columns[1]).toMatchObject({
      name: 'label',
      distinct: 2,
      topValues: [
        { value: 'neg', count: 1 },
        { value: 'pos', count: 1 },
      ],
    });
    expect(first.datasets).toEqual([{ nodeId: 'labels', param: 'labelSet', id: all[0].id }]);

    await writeLabelSet(dir, 'reviews', { changes: [{ key: '2123456789abcdef', label: 'pos' }] });
    await engine.run(DOC);
    all = await store.all();
    expect(all.map((v) => v.rows)).toEqual([2, 3]);
    expect(all[1].columns[1].topValues).toEqual([
      { value: 'pos', count: 2 },
      { value: 'neg', count: 1 },
    ]);
  });
});
