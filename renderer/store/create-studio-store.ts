/**
 * The store factory: one bound store from the slices, middleware only here on the combined store.
 * A factory (not a module singleton) so each window, test and story gets its own store.
 */
import { createStore, type StoreApi } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { NodeDef } from '../../engine/node-def.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { createCatalogSlice } from './catalog-slice.js';
import { createDocumentSlice, flowFor } from './document-slice.js';
import { createRunSlice } from './run-slice.js';
import type { StudioState } from './store-types.js';
import { createUiSlice } from './ui-slice.js';
import { createFirstRunSlice } from './first-run-slice.js';

export type StudioStore = StoreApi<StudioState>;

export interface StudioStoreOptions {
  defs: readonly NodeDef[];
  document?: PipelineDocument;
  /** Show the start screen (the window opened with no pipeline). */
  startOpen?: boolean;
}

/**
 * Creates a store for one window.
 *
 * @example
 * const store = createStudioStore({ defs: nodeDefs });
 * store.getState().addNode('clean', { x: 0, y: 0 });
 */
export function createStudioStore(options: StudioStoreOptions): StudioStore {
  const store = createStore<StudioState>()(
    subscribeWithSelector((...a) => ({
      ...createCatalogSlice(options.defs)(...a),
      ...createDocumentSlice(options.document)(...a),
      ...createUiSlice()(...a),
      ...createRunSlice<StudioState>(...a),
      ...createFirstRunSlice(options.startOpen ?? false)(...a),
    })),
  );
  const state = store.getState();
  store.setState(flowFor(state, state.doc, []));
  return store;
}
