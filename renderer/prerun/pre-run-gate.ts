/**
 * Before a run starts: the pre-run check for the nodes the run would run. A missing file or secret
 * stops it here, named, with the fix in the pre-run panel; folders and addresses keep their own
 * allow dialogs (the host refuses those runs before any node starts). A check that fails to answer
 * never blocks a run.
 */
import type { StudioApi } from '../../engine/contract.js';
import type { RunTarget } from '../../engine/engine-types.js';
import { targetNodes } from '../../engine/graph/graph-walk.js';
import type { PreRunProblem } from '../../engine/pre-run-types.js';
import type { FirstRunSlice } from '../store/first-run-slice.js';
import type { PipelineDocument } from '../../engine/document/schema.js';

/** What the gate reads and writes of the store; the first-run part is optional (run-view tests build stores without it). */
export type GateState = { doc: PipelineDocument; filePath?: string } & Partial<Pick<FirstRunSlice, 'setPreRun' | 'setPreRunOpen'>>;

const BLOCKING = new Set<PreRunProblem['kind']>(['missing-file', 'missing-secret']);

/** The problems that stop a run of `target`; the panel is opened on them. Empty when the check cannot answer. */
export async function blockingProblems(api: Pick<StudioApi, 'preRunCheck'>, state: GateState, target: RunTarget): Promise<PreRunProblem[]> {
  if (!state.setPreRun) return [];
  let check;
  try {
    check = await api.preRunCheck(state.doc, state.filePath);
  } catch {
    return [];
  }
  state.setPreRun({ ...check, doc: state.doc, path: state.filePath });
  const scope = target.mode === 'all' || state.doc.nodes.some((n) => n.id === target.nodeId) ? targetNodes(state.doc, target) : new Set<string>();
  const blocking = check.problems.filter((p) => BLOCKING.has(p.kind) && scope.has(p.nodeId));
  if (blocking.length) state.setPreRunOpen?.(true);
  return blocking;
}
