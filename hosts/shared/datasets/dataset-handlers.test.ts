/** The dataset requests on records written by the store: list, show (with its version number), a model's datasets, an unknown id named. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetStore } from '../../../engine/datasets/dataset-store.js';
import { createDatasetHandlers } from './dataset-handlers.js';

describe('dataset handlers', () => {
  it('list, show and a model version’s datasets, from the workspace’s records', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'ls-ds-handlers-'));
    const store = new DatasetStore(ws);
    const use = (runId: string, at: number) => ({ runId, at, nodeId: 'imp', pipelineName: 'p', status: 'done' as const });
    const profile = { rows: 3, columns: [{ name: 'x', type: 'DOUBLE', missingShare: 0, distinct: 3, mean: 2, min: 1, max: 3 }] };
    const v1 = await store.observe({ fingerprint: '10:aaaaaaaaaaaaaaaa', path: '/d/a.csv', kind: 'table', use: use('r1', 1), profile });
    const v2 = await store.observe({ fingerprint: '12:bbbbbbbbbbbbbbbb', path: '/d/a.csv', kind: 'table', use: use('r2', 2), profile });
    await store.linkModel([v2], { name: 'm', version: 1, registry: join(ws, 'models'), roles: ['train'], runId: 'r2' });
    await store.linkModel([v2], { name: 'm', version: 1, registry: join(ws, 'models'), roles: ['evaluation'], runId: 'r2' });
    // Same name and version in another registry folder: not the workspace's model.
    await store.linkModel([v1], { name: 'm', version: 1, registry: '/elsewhere/models', roles: ['train'], runId: 'r1' });

    const h = createDatasetHandlers(async () => ws);
    expect((await h.listDatasets()).map((d) => [d.id, d.version, d.models])).toEqual([
      [v2, 2, [{ name: 'm', version: 1 }]],
      [v1, 1, [{ name: 'm', version: 1 }]],
    ]);
    expect(await h.showDataset(v1)).toMatchObject({ id: v1, version: 1, rows: 3, path: '/d/a.csv', runCount: 1 });
    expect((await h.modelDatasets('m', 1)).map((d) => [d.id, d.roles])).toEqual([[v2, ['evaluation', 'train']]]);
    await expect(h.showDataset('ds-0000000000000000')).rejects.toThrow(`no dataset version ds-0000000000000000 in ${join(ws, 'datasets')}`);
  });
});
