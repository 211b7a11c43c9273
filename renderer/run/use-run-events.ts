/**
 * Feeds the host's event stream into the run slice, and fetches run records so viewers get the full
 * output values (table names, charts) that events only summarise. Mount once per window.
 */
import { useEffect } from 'react';
import type { StudioApi, StudioEvent } from '../../engine/contract.js';
import type { StoreApi } from 'zustand';
import { useStudioApi } from '../store/api-context.js';
import { useRunStoreApi, type RunView } from './use-run-store.js';

/** Wait after a node finishes before asking for the (partial) record, so a burst costs one request. */
const RECORD_DELAY_MS = 300;

/**
 * Progress and log lines reach the store at most this often. A short training reports an epoch every
 * 30-40 ms; applied one by one, each re-rendered the card, the status bar and the live chart, and a
 * click on the canvas waited seconds for the window (tens of seconds on a loaded host).
 */
export const PROGRESS_EVERY_MS = 250;

const isChatter = (event: StudioEvent) => event.type === 'node-progress' || event.type === 'node-log';

/**
 * Passes events to `apply` in order, holding progress and log events back so that a burst of them
 * lands as one batch at most every `everyMs`; any other event first lets the held ones through.
 */
function coalesceChatter(apply: (events: StudioEvent[]) => void, everyMs: number) {
  let held: StudioEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = -Infinity;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (held.length === 0) return;
    const batch = held;
    held = [];
    lastFlush = Date.now();
    apply(batch);
  };
  return {
    push(event: StudioEvent) {
      held.push(event);
      if (!isChatter(event)) return flush();
      if (timer !== undefined) return;
      const wait = lastFlush + everyMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    dispose: () => clearTimeout(timer),
  };
}

/**
 * Connects `api.onEvent` to `store`; returns the unsubscribe function. Exported for tests and for
 * hosts that wire the store outside React.
 */
export function connectRunEvents(api: StudioApi, store: StoreApi<RunView>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const fetchRecord = (runId: string) => {
    api
      .getRun(runId)
      .then((record) => {
        // A record of a run that is no longer current would overwrite newer outputs; drop it.
        if (!disposed && record && store.getState().run.current.runId === runId) store.getState().applyRunRecord(record);
      })
      .catch(() => {
        // Records are a convenience for the viewers; the run itself is reported by events.
      });
  };
  const events = coalesceChatter((batch) => store.getState().applyStudioEvents(batch), PROGRESS_EVERY_MS);
  const off = api.onEvent((event: StudioEvent) => {
    events.push(event);
    if (event.type === 'node-finished' || event.type === 'node-cached') {
      clearTimeout(timer);
      const runId = event.runId;
      timer = setTimeout(() => fetchRecord(runId), RECORD_DELAY_MS);
    } else if (event.type === 'run-finished') {
      clearTimeout(timer);
      fetchRecord(event.runId);
    }
  });
  return () => {
    disposed = true;
    clearTimeout(timer);
    events.dispose();
    off();
  };
}

/**
 * Subscribes the window's store to the host's run events for the lifetime of the component.
 *
 * @example
 * function Window() { useRunEvents(); return <Layout />; }
 */
export function useRunEvents(): void {
  const api = useStudioApi();
  const store = useRunStoreApi();
  useEffect(() => connectRunEvents(api, store), [api, store]);
}
