/**
 * A run refused for problems in the document leaves its reason in the status bar. That reason must
 * not outlive the problem: after each edit the engine's own check runs again on the document, and
 * once no problem remains among the nodes the refused run would have run, the error is cleared.
 */
import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { StudioApi } from '../../engine/contract.js';
import { targetNodes } from '../../engine/graph/graph-walk.js';
import { scopeIssues } from '../../engine/graph/run-scope.js';
import { useStudioApi } from '../store/api-context.js';
import { REFUSED_CODE } from './run-reducer.js';
import { useRunStoreApi, type RunView } from './use-run-store.js';

/** Edits come in bursts (typing); check once the user pauses. */
const RECHECK_DELAY_MS = 250;

const refused = (state: RunView) => state.run.current.phase === 'failed' && state.run.current.error?.code === REFUSED_CODE;

/** Connects document edits to a recheck of a refused run; returns the unsubscribe function. */
export function connectRefusalRecheck(api: StudioApi, store: StoreApi<RunView>, delayMs = RECHECK_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const recheck = () => {
    const state = store.getState();
    if (!refused(state)) return;
    const { doc } = state;
    const target = state.run.current.target ?? { mode: 'all' as const };
    const ticket = ++asked;
    api
      .validatePipeline(doc)
      .then(({ document, issues }) => {
        // Only the answer about the document on screen counts.
        if (ticket !== asked || store.getState().doc !== doc || !refused(store.getState()) || !document) return;
        const scope = target.mode === 'all' || document.nodes.some((n) => n.id === target.nodeId) ? targetNodes(document, target) : new Set<string>();
        if (scopeIssues(issues, document, scope).blocking.length === 0) store.getState().refusalFixed();
      })
      .catch(() => {
        // The host could not check: the error stays until the next run says otherwise.
      });
  };
  const off = store.subscribe((state, prev) => {
    if (state.doc === prev.doc || !refused(state)) return;
    clearTimeout(timer);
    timer = setTimeout(recheck, delayMs);
  });
  return () => {
    clearTimeout(timer);
    off();
  };
}

/**
 * Clears a refused run's error once an edit fixes its problems, while mounted.
 *
 * @example
 * function Window() { useRefusalRecheck(); return <Layout />; }
 */
export function useRefusalRecheck(): void {
  const api = useStudioApi();
  const store = useRunStoreApi();
  useEffect(() => connectRefusalRecheck(api, store), [api, store]);
}
