/**
 * Keeps the stale marks true: whenever the document changes (and after each run) it asks the engine
 * what it would run now, and marks the nodes whose params or inputs changed since their last run.
 */
import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { StudioApi } from '../../engine/contract.js';
import { useStudioApi } from '../store/api-context.js';
import { isLive } from './run-reducer.js';
import { useRunStoreApi, type RunView } from './use-run-store.js';

/** Typing a number fires many edits; plan once the user pauses. */
const PLAN_DELAY_MS = 250;

/** Connects document changes to `api.plan`; returns the unsubscribe function. */
export function connectStalePlan(api: StudioApi, store: StoreApi<RunView>, delayMs = PLAN_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  // An edit since the last plan: the run's outcomes are then no longer the latest news on the cards.
  let edited = false;
  const plan = () => {
    const { doc, filePath, run } = store.getState();
    if (doc.nodes.length === 0 || isLive(run.current.phase)) return;
    const ticket = ++asked;
    const keepRunOutcomes = !edited;
    edited = false;
    api
      .plan(doc, filePath)
      .then((result) => {
        // Only the answer to the latest question counts; an older plan describes an older document.
        if (ticket === asked && store.getState().doc === doc) store.getState().applyRunPlan(result, keepRunOutcomes);
      })
      .catch(() => {
        // An invalid document has no plan; its problems are shown by validation, not by stale marks.
      });
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(plan, delayMs);
  };
  const off = store.subscribe((state, prev) => {
    const finished = isLive(prev.run.current.phase) && !isLive(state.run.current.phase);
    // A run that starts settles what the cards say: an edit (or the opening of the document) from
    // before it is not news after it, even when its plan was skipped because the run had begun.
    if (!isLive(prev.run.current.phase) && isLive(state.run.current.phase)) {
      edited = false;
      // A plan asked before the run describes the cards before it; one is asked again when it ends.
      asked++;
    }
    if (state.doc !== prev.doc) edited = true;
    if (state.doc !== prev.doc || finished) schedule();
  });
  return () => {
    clearTimeout(timer);
    off();
  };
}

/**
 * Re-plans on every document change while mounted.
 *
 * @example
 * function Window() { useStalePlan(); return <Layout />; }
 */
export function useStalePlan(): void {
  const api = useStudioApi();
  const store = useRunStoreApi();
  useEffect(() => connectStalePlan(api, store), [api, store]);
}
