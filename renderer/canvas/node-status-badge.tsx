/**
 * The run status pill on a node card, from the node's run state in the run slice (never from
 * node.data), so a progress tick re-renders only that card's run part.
 */
import { CircleDashed, CircleCheck, Clock, Loader, Ban, SkipForward, Lock, Archive, CircleAlert, RefreshCw, type LucideIcon } from 'lucide-react';
import type { NodeStatus } from '../../engine/events.js';
import type { NodeRunState } from '../run/run-reducer.js';
import { useNodeRunState } from '../run/use-node-run-state.js';
import { MaskIcon } from './mask-icon.js';

const LOOK: Record<NodeStatus, { icon: LucideIcon; text: string }> = {
  idle: { icon: CircleDashed, text: 'idle' },
  stale: { icon: RefreshCw, text: 'stale' },
  queued: { icon: Clock, text: 'queued' },
  running: { icon: Loader, text: 'running' },
  cached: { icon: Archive, text: 'cached' },
  done: { icon: CircleCheck, text: 'done' },
  failed: { icon: CircleAlert, text: 'failed' },
  skipped: { icon: SkipForward, text: 'skipped' },
  blocked: { icon: Lock, text: 'blocked' },
};

/** Status pill for one node, by id (its own subscription; a card uses {@link StatusBadge} under CardRun). */
export function NodeStatusBadge({ nodeId }: { nodeId: string }) {
  return <StatusBadge run={useNodeRunState(nodeId)} />;
}

/** Status pill for a node's run state; shows progress percent while running. */
export function StatusBadge({ run }: { run: NodeRunState }) {
  const status = run.status;
  const fraction = status === 'running' ? run.progress?.fraction : undefined;
  const why = run.error?.message ?? run.because ?? run.staleReason?.message ?? run.reason?.message ?? '';
  const { icon: Icon, text } = LOOK[status] ?? { icon: Ban, text: status };
  return (
    <span className={`status-badge status-${status}`} title={why || `status: ${text}`} data-status={status}>
      <MaskIcon icon={Icon} size={11} className={status === 'running' ? 'spin' : undefined} />
      {text}
      {fraction !== undefined ? ` ${Math.round(fraction * 100)}%` : ''}
    </span>
  );
}
