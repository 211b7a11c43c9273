/**
 * Pure state transitions of the run slice: engine events in, per-node run state out. Kept apart from
 * the zustand wiring so the rules (old runs ignored, downstream skipped, stale from plan) are tested
 * as plain functions.
 */
import type { CacheReason, NodeFailure, NodeStatus, RunStatus } from '../../engine/events.js';
import type { NodePlan, RunRecord, RunTarget } from '../../engine/engine-types.js';
import type { LogLevel, ProgressDetail } from '../../engine/events.js';
import type { StudioEvent } from '../../engine/contract.js';
import type { PortValue, ValueSummary } from '../../engine/values.js';

/** Log lines kept per node; older lines drop off so a chatty node cannot grow the window's memory. */
export const MAX_LOG_LINES = 500;
/** Live chart points kept per node (one per epoch or batch report). */
export const MAX_POINTS = 5000;

/** Error code the engine gives a node it stopped because the user cancelled (engine/errors.ts). */
export const CANCELLED_CODE = 'NODE_CANCELLED';

export interface NodeLogLine {
  at: number;
  level: LogLevel;
  message: string;
}

export interface NodeProgress {
  fraction?: number;
  message: string;
  detail?: ProgressDetail;
  at: number;
}

/** Everything the window knows about one node's latest run, keyed by node id in {@link RunState}. */
export interface NodeRunState {
  /** What the card shows: the last outcome, or `stale` when the document changed since. */
  status: NodeStatus;
  /** The last outcome of a run, kept under a `stale` mark so clearing the mark restores it. */
  settled: NodeStatus;
  runId?: string;
  /** Why it ran or was reused (card text comes from `reason.message`). */
  reason?: CacheReason;
  /** Why the plan says it would run again; set while `status` is `stale`. */
  staleReason?: CacheReason;
  progress?: NodeProgress;
  /** Live figures from `node-progress` `detail.point` (loss per epoch), oldest first. */
  points: Record<string, number>[];
  logs: NodeLogLine[];
  startedAt?: number;
  durationMs?: number;
  outputs?: Record<string, ValueSummary>;
  /** Full output values (table names, charts) from the run record, once fetched. */
  values?: Record<string, PortValue>;
  /** The run whose record `values` came from. */
  valuesRunId?: string;
  error?: NodeFailure;
  /** Why it was skipped or blocked. */
  because?: string;
  failedRules?: string[];
}

export type RunPhase = 'idle' | 'starting' | 'running' | 'cancelling' | RunStatus;

export interface CurrentRun {
  phase: RunPhase;
  runId?: string;
  target?: RunTarget;
  startedAt?: number;
  durationMs?: number;
  nodeIds: string[];
  layers: string[][];
  error?: NodeFailure;
}

export interface RunState {
  current: CurrentRun;
  nodes: Record<string, NodeRunState>;
  /** Run ids that were replaced by a newer run; their late events are dropped. */
  retiredRunIds: string[];
}

export const IDLE_NODE: NodeRunState = Object.freeze({ status: 'idle', settled: 'idle', points: [], logs: [] }) as NodeRunState;

export function initialRunState(): RunState {
  return { current: { phase: 'idle', nodeIds: [], layers: [] }, nodes: {}, retiredRunIds: [] };
}

const ACTIVE: ReadonlySet<NodeStatus> = new Set(['queued', 'running']);

/** True while a node waits for or does work in the current run. */
export function isActive(status: NodeStatus): boolean {
  return ACTIVE.has(status);
}

function patchNode(state: RunState, nodeId: string, patch: Partial<NodeRunState>): RunState {
  const prev = state.nodes[nodeId] ?? IDLE_NODE;
  return { ...state, nodes: { ...state.nodes, [nodeId]: { ...prev, ...patch } } };
}

function settle(status: NodeStatus): Pick<NodeRunState, 'status' | 'settled' | 'staleReason'> {
  return { status, settled: status, staleReason: undefined };
}

function pushBounded<T>(list: T[], item: T, max: number): T[] {
  const next = list.length >= max ? list.slice(list.length - max + 1) : list.slice();
  next.push(item);
  return next;
}

function startRun(state: RunState, event: Extract<StudioEvent, { type: 'run-started' }>): RunState {
  const retired = state.current.runId && state.current.runId !== event.runId ? [...state.retiredRunIds, state.current.runId].slice(-50) : state.retiredRunIds;
  const nodes = { ...state.nodes };
  // Only the nodes this run covers are reset; the rest keep their last outcome and outputs.
  for (const id of event.nodeIds) {
    const prev = nodes[id] ?? IDLE_NODE;
    nodes[id] = {
      ...IDLE_NODE,
      status: 'queued',
      settled: prev.settled,
      runId: event.runId,
      values: prev.values,
      valuesRunId: prev.valuesRunId,
      outputs: prev.outputs,
    };
  }
  return {
    current: {
      // Cancel pressed between the request and this event: the window is already waiting for it to stop.
      phase: state.current.phase === 'cancelling' ? 'cancelling' : 'running',
      runId: event.runId,
      target: state.current.phase === 'starting' || state.current.phase === 'cancelling' ? state.current.target : undefined,
      startedAt: event.at,
      nodeIds: event.nodeIds,
      layers: event.layers,
    },
    nodes,
    retiredRunIds: retired,
  };
}

function finishRun(state: RunState, event: Extract<StudioEvent, { type: 'run-finished' }>): RunState {
  let next: RunState = { ...state, current: { ...state.current, phase: event.status, durationMs: event.durationMs, error: event.error } };
  // Nodes the engine never reached (cancel, a failure elsewhere, a gate) must not stay spinning.
  const because = event.status === 'cancelled' ? 'run cancelled' : event.status === 'blocked' ? 'run blocked by a gate' : 'run stopped early';
  for (const id of state.current.nodeIds) {
    const node = next.nodes[id];
    if (node && isActive(node.status)) next = patchNode(next, id, { ...settle('skipped'), because, progress: undefined });
  }
  return next;
}

/**
 * Applies one event from the host. Events of a run other than the current one are dropped, except a
 * `run-started`, which begins a new current run unless its id was already replaced.
 *
 * @example
 * let s = initialRunState();
 * s = reduceRunEvent(s, { type: 'run-started', runId: 'r1', at: 0, nodeIds: ['a'], layers: [['a']] });
 * s.nodes.a.status; // 'queued'
 */
export function reduceRunEvent(state: RunState, event: StudioEvent): RunState {
  if (event.type === 'menu-command') return state;
  if (event.type === 'run-started') {
    if (state.retiredRunIds.includes(event.runId)) return state;
    return startRun(state, event);
  }
  if (event.type === 'engine-restarted') {
    if (!isLive(state.current.phase)) return state;
    const error: NodeFailure = {
      code: 'ENGINE_RESTARTED',
      message: `The engine stopped and was restarted: ${event.reason}`,
      hint: 'Run the pipeline again; if it keeps happening, check the node that was running.',
    };
    let next: RunState = { ...state, current: { ...state.current, phase: 'failed', error } };
    for (const id of state.current.nodeIds) {
      const node = next.nodes[id];
      if (node?.status === 'running') next = patchNode(next, id, { ...settle('failed'), error, progress: undefined });
      else if (node?.status === 'queued') next = patchNode(next, id, { ...settle('skipped'), because: 'the engine restarted' });
    }
    return next;
  }
  if (event.runId !== state.current.runId) return state;
  switch (event.type) {
    case 'node-started':
      return patchNode(state, event.nodeId, { status: 'running', reason: event.reason, startedAt: event.at, progress: undefined });
    case 'node-progress': {
      const prev = state.nodes[event.nodeId] ?? IDLE_NODE;
      const point = event.detail?.point;
      return patchNode(state, event.nodeId, {
        progress: { fraction: event.fraction, message: event.message, detail: event.detail, at: event.at },
        points: point ? pushBounded(prev.points, point, MAX_POINTS) : prev.points,
      });
    }
    case 'node-log': {
      const prev = state.nodes[event.nodeId] ?? IDLE_NODE;
      return patchNode(state, event.nodeId, { logs: pushBounded(prev.logs, { at: event.at, level: event.level, message: event.message }, MAX_LOG_LINES) });
    }
    // New outputs replace the earlier run's values; the run record brings the new full values.
    case 'node-finished':
      return patchNode(state, event.nodeId, {
        ...settle('done'),
        durationMs: event.durationMs,
        outputs: event.outputs,
        values: undefined,
        valuesRunId: undefined,
        progress: undefined,
      });
    case 'node-cached':
      return patchNode(state, event.nodeId, {
        ...settle('cached'),
        reason: event.reason,
        outputs: event.outputs,
        values: undefined,
        valuesRunId: undefined,
        durationMs: 0,
        progress: undefined,
      });
    case 'node-failed': {
      const startedAt = state.nodes[event.nodeId]?.startedAt;
      const durationMs = startedAt !== undefined ? event.at - startedAt : undefined;
      // A node stopped by the user did nothing wrong: it shows as skipped ("cancelled by the user"), not red.
      if (event.error.code === CANCELLED_CODE)
        return patchNode(state, event.nodeId, { ...settle('skipped'), because: event.error.message, durationMs, progress: undefined });
      return patchNode(state, event.nodeId, { ...settle('failed'), error: event.error, durationMs, progress: undefined });
    }
    case 'node-skipped':
      return patchNode(state, event.nodeId, { ...settle('skipped'), because: event.because, progress: undefined });
    case 'node-blocked':
      return patchNode(state, event.nodeId, { ...settle('blocked'), because: event.because, failedRules: event.failedRules, progress: undefined });
    case 'run-finished':
      return finishRun(state, event);
  }
}

/** True while a run is asked for or going on (buttons disabled, cancel enabled). */
export function isLive(phase: RunPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'cancelling';
}

/** Outcomes of the run just ended that a plan asked right after it must not hide behind a stale mark. */
const OUTCOMES_KEPT_AFTER_RUN: ReadonlySet<NodeStatus> = new Set(['skipped', 'failed', 'blocked']);

/**
 * Marks nodes stale or fresh from `api.plan()`. A node that never ran stays idle rather than stale:
 * stale means "changed since its last run". Nodes in the current run are left alone. With
 * `keepRunOutcomes` (the plan that follows a run, with no edit since) a node that the run just
 * cancelled, skipped, failed or blocked keeps that outcome on its card: a cancelled training is
 * "stale" too, but the person who pressed Cancel must see "cancelled"; the next edit marks it stale.
 */
export function reducePlan(state: RunState, plan: NodePlan[], keepRunOutcomes = false): RunState {
  let next = state;
  for (const item of plan) {
    const node = next.nodes[item.nodeId] ?? IDLE_NODE;
    if (isActive(node.status)) continue;
    if (keepRunOutcomes && node.runId !== undefined && node.runId === state.current.runId && OUTCOMES_KEPT_AFTER_RUN.has(node.status)) continue;
    const hasRun = node.settled !== 'idle';
    if (item.status === 'stale' && (hasRun || item.reason.code !== 'no-previous-run')) {
      if (node.status !== 'stale' || node.staleReason?.message !== item.reason.message) {
        next = patchNode(next, item.nodeId, { status: 'stale', staleReason: item.reason });
      }
    } else if (node.status === 'stale') {
      next = patchNode(next, item.nodeId, { status: node.settled, staleReason: undefined });
    }
  }
  return next;
}

/** Stores the full output values of a run record on the nodes whose outputs came from that run. */
export function reduceRecord(state: RunState, record: RunRecord): RunState {
  let next = state;
  for (const [nodeId, nodeRecord] of Object.entries(record.nodes)) {
    const node = next.nodes[nodeId];
    if (!nodeRecord.outputs || !node || node.runId !== record.runId) continue;
    next = patchNode(next, nodeId, { values: nodeRecord.outputs, valuesRunId: record.runId });
  }
  return next;
}

/** The window asked the host to start a run; the run id arrives with `run-started`. */
export function reduceRunRequested(state: RunState, target: RunTarget): RunState {
  if (isLive(state.current.phase)) return state;
  return { ...state, current: { ...state.current, phase: 'starting', target, error: undefined } };
}

/** `startRun` itself failed (bad document, host down): nothing runs, and the bar says why. */
/** Nothing ran: the previous run's progress and time are not this attempt's, so they go. */
export function reduceRunRequestFailed(state: RunState, error: NodeFailure): RunState {
  const { runId, target } = state.current;
  return { ...state, current: { phase: 'failed', runId, target, nodeIds: [], layers: [], error } };
}

/** Code of the status bar error when the engine refused a run for problems in the document. */
export const REFUSED_CODE = 'DOCUMENT_INVALID';

/** The problems that refused the last run are fixed: the status bar goes back to ready. */
export function reduceRefusalFixed(state: RunState): RunState {
  if (state.current.phase !== 'failed' || state.current.error?.code !== REFUSED_CODE) return state;
  return { ...state, current: { ...state.current, phase: 'idle', error: undefined } };
}

export function reduceCancelRequested(state: RunState): RunState {
  if (state.current.phase !== 'running' && state.current.phase !== 'starting') return state;
  return { ...state, current: { ...state.current, phase: 'cancelling' } };
}
