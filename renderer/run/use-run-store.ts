/**
 * Narrow access to the run slice (and the few editor fields the run views need) from the window's
 * one bound store. Every run view goes through here, so they all select narrowly and re-render only
 * when their part changes.
 */
import { useStore, type StoreApi } from 'zustand';
import { useStudioStore } from '../store/studio-store-context.js';
import type { StudioState } from '../store/store-types.js';
import type { RunSlice } from '../store/run-slice.js';

/** What run views read: the run slice plus the document, file path, selection, catalogue and panels. */
export type RunView = RunSlice &
  Pick<StudioState, 'doc' | 'filePath' | 'selectedIds' | 'defsByType' | 'setSelection' | 'openDialog'> &
  // Optional: run-view tests build stores without the ui slice's request counter.
  Partial<Pick<StudioState, 'historyRequest'>>;

/** The bound store seen as a {@link RunView}. */
export function useRunStoreApi(): StoreApi<RunView> {
  // The editor's StudioState includes RunSlice once the slices are combined; the view type names
  // only what run views need, so this stays valid while either side grows.
  return useStudioStore() as unknown as StoreApi<RunView>;
}

/**
 * Subscribes to a narrow part of the run view.
 *
 * @example
 * const phase = useRunStore((s) => s.run.current.phase);
 */
export function useRunStore<T>(selector: (state: RunView) => T): T {
  return useStore(useRunStoreApi(), selector);
}
