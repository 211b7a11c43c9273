/**
 * The hook node cards use to show a node's run state (status colour, progress bar and words,
 * elapsed time, why it ran or was reused).
 */
import { IDLE_NODE, type NodeRunState } from './run-reducer.js';
import { useRunStore } from './use-run-store.js';

/**
 * Run state of one node, by id. Re-renders only when that node's state changes (each event replaces
 * only the node it is about).
 *
 * @example
 * const run = useNodeRunState(node.id);
 * <div className={`card card--${run.status}`}>{nodeStatusText(run)}</div>
 */
export function useNodeRunState(nodeId: string): NodeRunState {
  return useRunStore((s) => s.run.nodes[nodeId] ?? IDLE_NODE);
}
