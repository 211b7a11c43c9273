/**
 * The `run` slice of the window's store: per-node status, progress, logs, elapsed time, output
 * summaries and cache reasons, keyed by node id and fed by the host's event stream. Run state never
 * goes into `node.data`, so a progress tick re-renders one card, not the canvas.
 */
import type { StateCreator } from 'zustand';
import type { NodeFailure } from '../../engine/events.js';
import type { NodePlan, RunRecord, RunTarget } from '../../engine/engine-types.js';
import type { StudioEvent } from '../../engine/contract.js';
import {
  initialRunState,
  reduceCancelRequested,
  reducePlan,
  reduceRecord,
  reduceRefusalFixed,
  reduceRunEvent,
  reduceRunRequested,
  reduceRunRequestFailed,
  type RunState,
} from '../run/run-reducer.js';

export type { CurrentRun, NodeLogLine, NodeProgress, NodeRunState, RunPhase, RunState } from '../run/run-reducer.js';

export interface RunSlice {
  /** Current run and per-node state; read it through `useNodeRunState(nodeId)` and `useRunStore((s) => s.run.current)`. */
  run: RunState;
  /** A past run opened read-only from the history panel; viewers show its outputs instead of the live ones. */
  inspectedRun?: RunRecord;
  /** Feeds host events in order as one store update (events of an older run are ignored). */
  applyStudioEvents(events: readonly StudioEvent[]): void;
  /** Marks nodes stale or fresh from the engine's plan of the current document. */
  applyRunPlan(plan: NodePlan[], keepRunOutcomes?: boolean): void;
  /** Attaches a run record's full output values (table names, charts) to the nodes it produced. */
  applyRunRecord(record: RunRecord): void;
  runRequested(target: RunTarget): void;
  runRequestFailed(error: NodeFailure): void;
  /** The document problems that refused the last run are gone: clears the status bar error. */
  refusalFixed(): void;
  cancelRequested(): void;
  /** Opens a past run's outputs read-only, or closes it with `undefined`. */
  inspectRun(record: RunRecord | undefined): void;
  /** Forgets all run state (a different document was opened). */
  resetRunState(): void;
}

/**
 * Slice creator for the bound store, typed against the whole store `S` (zustand slices pattern).
 *
 * @example
 * const useStore = create<DocumentSlice & UiSlice & RunSlice>()((...a) => ({
 *   ...createDocumentSlice(...a),
 *   ...createRunSlice(...a),
 * }));
 */
export function createRunSlice<S extends RunSlice>(...[set]: Parameters<StateCreator<S, [], [], RunSlice>>): RunSlice {
  // `set` is typed for the whole store; a RunSlice patch is a valid partial of any S that extends it,
  // which TypeScript cannot prove for a generic S, hence the one cast here.
  const update = (fn: (state: RunState) => RunState) =>
    set((s: S) => {
      const next = fn(s.run);
      return (next === s.run ? {} : { run: next }) as Partial<S>;
    });
  return {
    run: initialRunState(),
    inspectedRun: undefined,
    applyStudioEvents: (events) => update((r) => events.reduce(reduceRunEvent, r)),
    applyRunPlan: (plan, keepRunOutcomes) => update((r) => reducePlan(r, plan, keepRunOutcomes)),
    applyRunRecord: (record) => update((r) => reduceRecord(r, record)),
    runRequested: (target) => update((r) => reduceRunRequested(r, target)),
    runRequestFailed: (error) => update((r) => reduceRunRequestFailed(r, error)),
    refusalFixed: () => update(reduceRefusalFixed),
    cancelRequested: () => update(reduceCancelRequested),
    inspectRun: (record) => set({ inspectedRun: record } as Partial<S>),
    resetRunState: () => set({ run: initialRunState(), inspectedRun: undefined } as Partial<S>),
  };
}
