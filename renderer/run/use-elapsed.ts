/**
 * Elapsed time of a running node, ticking while it runs and fixed once it has a duration.
 */
import { useEffect, useState } from 'react';
import type { NodeRunState } from './run-reducer.js';

/**
 * Milliseconds the node has run so far (live while running), or undefined when it never started.
 *
 * @example
 * const ms = useElapsed(useNodeRunState(id));
 * ms !== undefined && formatDuration(ms);
 */
export function useElapsed(node: Pick<NodeRunState, 'status' | 'startedAt' | 'durationMs'>, tickMs = 250): number | undefined {
  const running = node.status === 'running' && node.startedAt !== undefined;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [running, tickMs]);
  if (running) return Math.max(0, now - (node.startedAt as number));
  return node.durationMs;
}
