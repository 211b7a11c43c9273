/**
 * The host contract as React context. Components never learn which transport is behind it; tests
 * pass a fake object that satisfies `StudioApi`.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { StudioApi } from '../../engine/contract.js';

const ApiContext = createContext<StudioApi | null>(null);

/** Makes `api` available to `useStudioApi` below it. */
export function StudioApiProvider({ api, children }: { api: StudioApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/**
 * The host API of this window.
 *
 * @example
 * const api = useStudioApi();
 * await api.savePipeline(doc, path);
 */
export function useStudioApi(): StudioApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useStudioApi must be used inside <StudioApiProvider>');
  return api;
}
