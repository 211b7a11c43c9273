/**
 * The run line under a node card's title: a progress bar with words while it runs ("epoch 3 of 10,
 * loss 0.41"), then why it ran or was reused, and the elapsed time.
 */
import type { NodeRunState } from './run-reducer.js';
import { formatDuration, nodeStatusText } from './run-progress.js';
import { useElapsed } from './use-elapsed.js';
import { useNodeRunState } from './use-node-run-state.js';
import './run.css';

/**
 * Mount inside a node card; reads the node's run state by id.
 *
 * @example
 * <NodeRunLine nodeId={node.id} />
 */
export function NodeRunLine({ nodeId }: { nodeId: string }) {
  return <RunLine run={useNodeRunState(nodeId)} nodeId={nodeId} />;
}

/** The run line for a run state the caller already reads (a card's one run subscription). */
export function RunLine({ run, nodeId }: { run: NodeRunState; nodeId: string }) {
  const elapsed = useElapsed(run);
  const text = nodeStatusText(run);
  if (run.status === 'idle') return null;
  const fraction = run.status === 'running' ? run.progress?.fraction : undefined;
  return (
    <div className={`node-run-line node-run-line--${run.status}`} data-testid={`run-line-${nodeId}`} data-status={run.status}>
      {run.status === 'running' && (
        // No value while the node cannot tell how far it is: the bar shows as indeterminate.
        <progress className="node-run-line__bar" max={1} value={fraction} aria-label="node progress" />
      )}
      <span className="node-run-line__text" title={text}>
        {text}
      </span>
      {elapsed !== undefined && run.status !== 'stale' && <span className="node-run-line__time">{formatDuration(elapsed)}</span>}
    </div>
  );
}
