/**
 * React access to the window's store: a provider holding one store, and `useStudio(selector)` that
 * throws when used outside it (a missing provider is a bug, not an empty state).
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StudioStore } from './create-studio-store.js';
import type { StudioState } from './store-types.js';

const StoreContext = createContext<StudioStore | null>(null);

/** Makes `store` available to `useStudio` below it. */
export function StudioStoreProvider({ store, children }: { store: StudioStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The raw store, for event handlers that read state without subscribing (`getState()`). */
export function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio must be used inside <StudioStoreProvider>; wrap the window in it');
  return store;
}

/**
 * Subscribes to a narrow part of the store.
 *
 * @example
 * const undo = useStudio((s) => s.undo);
 */
export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(useStudioStore(), selector);
}
