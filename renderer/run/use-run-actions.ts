/**
 * Run, run selected, run from selected, cancel: the actions behind the toolbar and the shortcuts.
 */
import { useMemo } from 'react';
import type { StoreApi } from 'zustand';
import type { StudioApi } from '../../engine/contract.js';
import type { RunTarget } from '../../engine/engine-types.js';
import { useStudioApi } from '../store/api-context.js';
import { HOST_NOT_ALLOWED, parseHostRefusals } from './host-refusal.js';
import { parsePathRefusals, PATH_OUTSIDE_ROOTS } from './path-refusal.js';
import { isLive, REFUSED_CODE } from './run-reducer.js';
import { useRunStoreApi, type RunView } from './use-run-store.js';
import { blockingProblems, type GateState } from '../prerun/pre-run-gate.js';

export interface RunActions {
  /** `skipCheck`: run without the pre-run check (the user chose Run anyway). */
  run(target: RunTarget, options?: { skipCheck?: boolean }): Promise<void>;
  cancel(): Promise<void>;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Run actions bound to an api and a store (exported for tests). */
export function makeRunActions(api: StudioApi, store: StoreApi<RunView>): RunActions {
  // Cancel may be pressed before `startRun` has told us the run id; remember it and honour it then.
  let cancelWanted = false;
  return {
    async run(target, options = {}) {
      const state = store.getState();
      if (isLive(state.run.current.phase)) return;
      cancelWanted = false;
      state.runRequested(target);
      try {
        // Issue 17: a missing file or secret is named, with its fix, before the run, not by the run failing.
        const missing = options.skipCheck ? [] : await blockingProblems(api, store.getState() as GateState, target);
        if (missing.length) {
          store.getState().runRequestFailed({
            code: 'RUN_NOT_STARTED',
            message: `The run did not start: ${missing.map((p) => p.message).join('; ')}`,
            hint: 'Use the fix beside each problem above the canvas, or Run anyway there.',
          });
          return;
        }
        const { runId } = await api.startRun(state.doc, { target, documentPath: state.filePath });
        if (cancelWanted) {
          cancelWanted = false;
          await api.cancelRun(runId);
        }
      } catch (err) {
        // A path outside the allowed folders: the user may allow its folder and run again.
        const refusals = (err as { code?: string }).code === PATH_OUTSIDE_ROOTS ? parsePathRefusals(messageOf(err)) : [];
        if (refusals.length) store.getState().openDialog({ kind: 'allow-folder', refusals, target });
        // A Deploy node on an address other than loopback: the user may allow it and run again.
        const hosts = (err as { code?: string }).code === HOST_NOT_ALLOWED ? parseHostRefusals(messageOf(err)) : [];
        if (hosts.length) store.getState().openDialog({ kind: 'allow-host', refusals: hosts, target });
        // A document refusal is rechecked on every edit and cleared once fixed (refusal-recheck.ts).
        const refused = (err as { code?: string }).code === REFUSED_CODE;
        store.getState().runRequestFailed({
          code: refused ? REFUSED_CODE : 'RUN_NOT_STARTED',
          message: `The run did not start: ${messageOf(err)}`,
          hint: refusals.length
            ? 'Allow the folder, or pick a file inside the pipeline folder.'
            : hosts.length
              ? "Allow the address, or set the Deploy node's host to 127.0.0.1."
              : refused
                ? 'Fix the nodes named above (they are marked on the canvas), or run only a part without them: Run node on a node above them.'
                : 'Fix the problems shown on the nodes, then run again.',
        });
      }
    },
    async cancel() {
      const { phase, runId } = store.getState().run.current;
      if (phase === 'starting') {
        cancelWanted = true;
        store.getState().cancelRequested();
      } else if (phase === 'running' && runId) {
        store.getState().cancelRequested();
        await api.cancelRun(runId);
      }
    },
  };
}

/**
 * The run actions of this window.
 *
 * @example
 * const { run, cancel } = useRunActions();
 * run({ mode: 'from', nodeId: 'split' });
 */
export function useRunActions(): RunActions {
  const api = useStudioApi();
  const store = useRunStoreApi();
  return useMemo(() => makeRunActions(api, store), [api, store]);
}
