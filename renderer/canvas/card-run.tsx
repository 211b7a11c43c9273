/**
 * The run part of a node card (status pill, and the run line once the node has run), from one
 * subscription to the node's run state: the pill and the line used to subscribe separately, six
 * selectors per card run on every store change.
 */
import { RunLine } from '../run/node-run-line.js';
import { useNodeRunState } from '../run/use-node-run-state.js';
import { StatusBadge } from './node-status-badge.js';

/** Mount inside a node card; re-renders only when this node's run state changes. */
export function CardRun({ nodeId }: { nodeId: string }) {
  const run = useNodeRunState(nodeId);
  return (
    <>
      <StatusBadge run={run} />
      {run.status !== 'idle' && <RunLine run={run} nodeId={nodeId} />}
    </>
  );
}
