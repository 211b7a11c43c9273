/**
 * The run status pill on a node card, read from the run slice by node id (never from node.data),
 * so a progress tick re-renders only this badge.
 */
import { CircleDashed, CircleCheck, Clock, Loader, Ban, SkipForward, Lock, Archive, CircleAlert, RefreshCw, type LucideIcon } from 'lucide-react';
import type { NodeStatus } from '../../engine/events.js';
import { useStudio } from '../store/studio-store-context.js';
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

/** Status pill for one node; shows progress percent while running. */
export function NodeStatusBadge({ nodeId }: { nodeId: string }) {
  const status = useStudio((s) => s.run.nodes[nodeId]?.status ?? 'idle');
  const fraction = useStudio((s) => (s.run.nodes[nodeId]?.status === 'running' ? s.run.nodes[nodeId]?.progress?.fraction : undefined));
  const why = useStudio((s) => {
    const n = s.run.nodes[nodeId];
    return n?.error?.message ?? n?.because ?? n?.staleReason?.message ?? n?.reason?.message ?? '';
  });
  const { icon: Icon, text } = LOOK[status] ?? { icon: Ban, text: status };
  return (
    <span className={`status-badge status-${status}`} title={why || `status: ${text}`} data-status={status}>
      <MaskIcon icon={Icon} size={11} className={status === 'running' ? 'spin' : undefined} />
      {text}
      {fraction !== undefined ? ` ${Math.round(fraction * 100)}%` : ''}
    </span>
  );
}
