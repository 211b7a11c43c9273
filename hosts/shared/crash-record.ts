/**
 * The run record for a run whose engine process died mid-run. The engine writes every other run's
 * record itself; after a native crash or an out-of-memory kill only the host is left to say what
 * happened, so it writes what it saw on the event stream.
 */
import { join } from 'node:path';
import { pipelineVersionHash } from '../../engine/document/version-hash.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { NodeRunRecord, RunOptions, RunRecord } from '../../engine/engine-types.js';
import type { EngineEvent, NodeFailure } from '../../engine/events.js';
import { isRunId, newRunId, RunStore } from '../../engine/runs/run-store.js';

/** Folds the events a host relayed into per-node states, as far as the run got. */
export function nodesFromEvents(document: PipelineDocument, events: readonly EngineEvent[], failure: NodeFailure): Record<string, NodeRunRecord> {
  const nodes: Record<string, NodeRunRecord> = {};
  for (const n of document.nodes) nodes[n.id] = { nodeId: n.id, type: n.type, typeVersion: n.typeVersion, status: 'idle' };
  for (const e of events) {
    if (!('nodeId' in e) || !nodes[e.nodeId]) continue;
    const node = nodes[e.nodeId];
    if (e.type === 'node-started') Object.assign(node, { status: 'running', startedAt: e.at, reason: e.reason });
    else if (e.type === 'node-finished') Object.assign(node, { status: 'done', durationMs: e.durationMs, summaries: e.outputs });
    else if (e.type === 'node-cached') Object.assign(node, { status: 'cached', reason: e.reason, summaries: e.outputs });
    else if (e.type === 'node-failed') Object.assign(node, { status: 'failed', error: e.error });
    else if (e.type === 'node-skipped') node.status = 'skipped';
    else if (e.type === 'node-blocked') node.status = 'blocked';
  }
  // The node that was running when the process died is the one the crash happened in.
  for (const node of Object.values(nodes)) if (node.status === 'running') Object.assign(node, { status: 'failed', error: failure });
  return nodes;
}

/**
 * Writes a failed run record for a crashed run into `<workspaceDir>/runs/`.
 *
 * @example
 * await writeCrashRecord('/data/.lifecycle-studio', { runId, document, options, startedAt, events, failure });
 */
export async function writeCrashRecord(
  workspaceDir: string,
  crash: {
    runId?: string;
    document: PipelineDocument;
    options: Pick<RunOptions, 'documentPath' | 'target' | 'trigger'>;
    startedAt: number;
    events: readonly EngineEvent[];
    failure: NodeFailure;
  },
): Promise<RunRecord> {
  const record: RunRecord = {
    runId: crash.runId && isRunId(crash.runId) ? crash.runId : newRunId(crash.startedAt),
    status: 'failed',
    startedAt: crash.startedAt,
    durationMs: Date.now() - crash.startedAt,
    document: crash.document,
    documentHash: pipelineVersionHash(crash.document),
    documentPath: crash.options.documentPath,
    target: crash.options.target ?? { mode: 'all' },
    nodes: nodesFromEvents(crash.document, crash.events, crash.failure),
    metrics: {},
    versions: {},
    error: crash.failure,
    ...(crash.options.trigger ? { trigger: crash.options.trigger } : {}),
  };
  await new RunStore(join(workspaceDir, 'runs')).save(record);
  return record;
}
