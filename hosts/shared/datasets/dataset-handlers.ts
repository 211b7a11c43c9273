/**
 * The dataset requests (`listDatasets`, `showDataset`, `modelDatasets`), answered by the host from
 * the workspace's dataset records on disk (engine/datasets/dataset-store.ts).
 */
import { join } from 'node:path';
import type { StudioRequests } from '../../../engine/contract.js';
import { DatasetStore } from '../../../engine/datasets/dataset-store.js';
import { HostError } from '../host-error.js';

type Name = 'listDatasets' | 'showDataset' | 'modelDatasets';
type Handler<K extends Name> = (...args: StudioRequests[K]['args']) => Promise<StudioRequests[K]['result']>;

export type DatasetHandlers = { [K in Name]: Handler<K> };

/** `workspaceDir` resolves the workspace when asked (the engine may start after the handlers). */
export function createDatasetHandlers(workspaceDir: () => Promise<string>): DatasetHandlers {
  const store = async () => new DatasetStore(await workspaceDir());
  return {
    listDatasets: async () => (await store()).list(),
    showDataset: async (id) => {
      const s = await store();
      const v = await s.get(id);
      if (!v) throw new HostError('DATASET_NOT_FOUND', `no dataset version ${id} in ${s.dir}; the Datasets panel lists the recorded ones.`);
      const version = (await s.list()).find((d) => d.id === id)?.version ?? 1;
      return { ...v, version };
    },
    modelDatasets: async (name, version) => {
      const s = await store();
      const linked = await s.forModel(name, version, join(await workspaceDir(), 'models'));
      const items = new Map((await s.list()).map((d) => [d.id, d]));
      return linked.flatMap((v) => (items.has(v.id) ? [{ ...items.get(v.id)!, roles: v.roles }] : []));
    },
  };
}
