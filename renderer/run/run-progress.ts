/**
 * Derived figures for the status bar and the cards: the whole run's "step k of n" and the words a
 * card shows under its title. Pure functions of the run state.
 */
import type { NodeStatus } from '../../engine/events.js';
import type { NodeRunState, RunState } from './run-reducer.js';

const SETTLED: ReadonlySet<NodeStatus> = new Set(['done', 'cached', 'failed', 'skipped', 'blocked']);

export interface RunProgress {
  /** 1-based index of the first layer with work left (n when all are finished). */
  step: number;
  steps: number;
  nodesDone: number;
  nodesTotal: number;
  /** Whole-run fraction: finished nodes plus the running nodes' own fractions. */
  fraction: number;
  /** e.g. "step 2 of 4 · 3 of 7 nodes". */
  text: string;
}

/**
 * Whole-run progress of the current run.
 *
 * @example
 * selectRunProgress(state.run).text; // "step 2 of 3 · 2 of 4 nodes"
 */
export function selectRunProgress(run: RunState): RunProgress {
  const { nodeIds, layers } = run.current;
  // A stale mark says the document changed since; the run itself still finished that node.
  const statusOf = (id: string) => {
    const node = run.nodes[id];
    return !node ? 'idle' : node.status === 'stale' ? node.settled : node.status;
  };
  let nodesDone = 0;
  let partial = 0;
  for (const id of nodeIds) {
    const node = run.nodes[id];
    if (SETTLED.has(statusOf(id))) nodesDone += 1;
    else if (node?.status === 'running' && node.progress?.fraction !== undefined) partial += Math.min(1, Math.max(0, node.progress.fraction));
  }
  const open = layers.findIndex((layer) => layer.some((id) => !SETTLED.has(statusOf(id))));
  const steps = layers.length;
  const step = open === -1 ? steps : open + 1;
  const nodesTotal = nodeIds.length;
  const fraction = nodesTotal === 0 ? 0 : (nodesDone + partial) / nodesTotal;
  return { step, steps, nodesDone, nodesTotal, fraction, text: `step ${step} of ${steps} · ${nodesDone} of ${nodesTotal} nodes` };
}

/** Formats milliseconds the way cards and the history list show durations: 850 ms, 4.2 s, 3 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/**
 * The line a node card shows under its title: progress words while running, the cache reason once
 * run or reused, the stale reason, or why it was skipped.
 */
export function nodeStatusText(node: NodeRunState): string {
  switch (node.status) {
    case 'running':
      return node.progress?.message ?? node.reason?.message ?? 'running';
    case 'queued':
      return 'waiting';
    case 'stale':
      return node.staleReason?.message ?? 'changed since its last run';
    case 'done':
    case 'cached':
      return node.reason?.message ?? (node.status === 'cached' ? 'reused' : 'done');
    case 'failed':
      return node.error?.message ?? 'failed';
    case 'skipped':
    case 'blocked':
      return node.because ?? node.status;
    case 'idle':
      return '';
  }
}
