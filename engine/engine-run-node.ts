/**
 * Running one node: its context (its own DuckDB connection, artifact folder, owned table names,
 * progress and log events, secrets), the race against cancellation, the check of what it returned,
 * and the cache commit. A node that ignores the abort signal is given `graceMs` and then abandoned
 * as cancelled.
 */
import type { CacheReason, EngineEvent, NodeFailure } from './events.js';
import type { CacheStore } from './cache/cache-store.js';
import { tableNameFor } from './cache/cache-store.js';
import type { KeyMaterial } from './cache/cache-reason.js';
import type { DataPlane } from './data/data-plane.js';
import { errorMessage } from './errors.js';
import { NodeError, type NodeImpl, type RunContext } from './node-run.js';
import type { PortValue } from './values.js';
import type { DeployRequest, ServiceProvider } from './services.js';

/** Services a node asks for belong to it (`<pipeline id>/<node id>`), so its next deploy finds them. */
const ownedServices = (provider: ServiceProvider, owner: string) => ({
  deploy: (request: Omit<DeployRequest, 'owner'>, signal?: AbortSignal) => provider.deploy({ ...request, owner }, signal),
});

export interface NodeRunArgs {
  impl: NodeImpl;
  nodeId: string;
  historyId: string;
  material: KeyMaterial;
  runId: string;
  inputs: Record<string, PortValue | undefined>;
  signal: AbortSignal;
  /** The workspace database; the node gets a connection of its own on it, closed when the node ends. */
  data: DataPlane;
  cache: CacheStore;
  resolvePath: (stored: string) => string;
  /** The workspace folder, absolute (`RunContext.workspaceDir`). */
  workspaceDir: string;
  /** sha256 of the serialized pipeline document (the run record's `documentHash`). */
  documentHash?: string;
  secret: (name: string) => string | undefined;
  /** `RunOptions.allowedHosts` (absent: trusted embedding, no check). */
  allowedHosts?: readonly string[];
  emit: (event: EngineEvent) => void;
  reason: CacheReason;
  graceMs: number;
  /** The clock of the progress thinning; Date.now by default. */
  clock?: () => number;
  services?: ServiceProvider;
}

export type NodeRunResult =
  | { ok: true; outputs: Record<string, PortValue>; startedAt: number; durationMs: number }
  | { ok: false; error: NodeFailure; cancelled: boolean; startedAt: number; durationMs: number };

const CANCELLED = Symbol('cancelled');

/** Plain progress events (no data point) closer together than this are dropped. */
export const PROGRESS_INTERVAL_MS = 50;

/** Turns anything a node threw into the serialisable failure the window shows. */
export function toFailure(error: unknown): NodeFailure {
  if (error instanceof NodeError) return { code: error.code, message: error.message, hint: error.hint, stack: error.stack };
  if (error instanceof Error) return { code: 'NODE_FAILED', message: error.message, stack: error.stack };
  return { code: 'NODE_FAILED', message: String(error) };
}

/** The outputs the def promises, each of the promised kind; a failure otherwise. */
function checkOutputs(impl: NodeImpl, outputs: unknown): { outputs: Record<string, PortValue> } | { error: NodeFailure } {
  const got = (outputs ?? {}) as Record<string, PortValue | undefined>;
  const kept: Record<string, PortValue> = {};
  for (const port of impl.def.outputs) {
    const value = got[port.name];
    if (!value)
      return { error: { code: 'NODE_OUTPUT_MISSING', message: errorMessage('NODE_OUTPUT_MISSING', port.name), hint: 'This is a bug in the node; report it.' } };
    if (value.kind !== port.kind) {
      return { error: { code: 'NODE_OUTPUT_KIND', message: errorMessage('NODE_OUTPUT_KIND', port.name, port.kind, String(value.kind)) } };
    }
    kept[port.name] = value;
  }
  return { outputs: kept };
}

/**
 * Runs a node that the cache could not serve. Emits node-started, then progress and logs while it
 * works; the caller emits the final event.
 */
export async function runNode(args: NodeRunArgs): Promise<NodeRunResult> {
  const { impl, nodeId, runId, emit, material, cache } = args;
  const key = material.key;
  const artifactDir = await cache.prepare(key);
  const startedAt = Date.now();
  emit({ type: 'node-started', runId, at: startedAt, nodeId, reason: args.reason });
  // Its own connection, so interrupting, progress and per-connection settings touch this node only.
  const data = await args.data.connect({ node: true });
  // Once the node has been settled or abandoned, late progress from it must not reach the window.
  let live = true;
  let lastProgress = -Infinity;
  const clock = args.clock ?? Date.now;
  const ctx: RunContext = {
    runId,
    nodeId,
    signal: args.signal,
    data,
    artifactDir,
    progress: (fraction, message, detail) => {
      if (!live) return;
      // At most one plain progress event per PROGRESS_INTERVAL_MS per node, so a node reporting
      // every row cannot flood the process boundary; data points (epoch losses) and the ends always pass.
      const now = clock();
      const always = detail?.point !== undefined || fraction === 0 || fraction === 1;
      if (!always && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      const f = fraction === undefined || !Number.isFinite(fraction) ? undefined : Math.min(1, Math.max(0, fraction));
      emit({ type: 'node-progress', runId, at: now, nodeId, ...(f === undefined ? {} : { fraction: f }), message, ...(detail ? { detail } : {}) });
    },
    log: (level, message) => {
      if (live) emit({ type: 'node-log', runId, at: Date.now(), nodeId, level, message });
    },
    outputTable: (port) => tableNameFor(key, port),
    resolvePath: args.resolvePath,
    workspaceDir: args.workspaceDir,
    documentHash: args.documentHash,
    secret: args.secret,
    ...(args.allowedHosts ? { allowedHosts: args.allowedHosts } : {}),
    ...(args.services ? { services: ownedServices(args.services, args.historyId) } : {}),
  };

  const work = Promise.resolve().then(() => impl.run(ctx, args.inputs, material.params));
  // Closed once the node has stopped, whether it returned, threw or was abandoned and ends later.
  let ended = false;
  const close = () => {
    ended = true;
    data.close();
  };
  const closed = work.then(close, close);
  let onAbort: (() => void) | undefined;
  const cancelled = new Promise<typeof CANCELLED>((resolve) => {
    onAbort = () => {
      // Stops the node's running statement even when the node did not pass the signal to it; no other node's.
      if (!ended) data.connection.interrupt();
      // Give a node that honours the signal time to stop cleanly, but never wait longer than graceMs.
      const timer = setTimeout(() => resolve(CANCELLED), args.graceMs);
      const stopped = () => {
        clearTimeout(timer);
        resolve(CANCELLED);
      };
      work.then(stopped, stopped);
    };
    if (args.signal.aborted) onAbort();
    else args.signal.addEventListener('abort', onAbort, { once: true });
  });

  let outcome: { value: unknown } | { error: unknown } | typeof CANCELLED;
  try {
    outcome = await Promise.race([work.then((value) => ({ value })), cancelled]);
  } catch (error) {
    outcome = { error };
  } finally {
    if (onAbort) args.signal.removeEventListener('abort', onAbort);
  }
  live = false;
  const durationMs = Date.now() - startedAt;
  if (outcome === CANCELLED) void closed.catch(() => undefined);
  else await closed;

  if (outcome === CANCELLED || args.signal.aborted) {
    // An abandoned node may still be writing; clean its tables once it finally stops.
    void work.catch(() => undefined).finally(() => cache.discard(key).catch(() => undefined));
    return { ok: false, cancelled: true, startedAt, durationMs, error: { code: 'NODE_CANCELLED', message: errorMessage('NODE_CANCELLED') } };
  }
  if ('error' in outcome) {
    await cache.discard(key).catch(() => undefined);
    return { ok: false, cancelled: false, startedAt, durationMs, error: toFailure(outcome.error) };
  }
  const checked = checkOutputs(impl, outcome.value);
  if ('error' in checked) {
    await cache.discard(key).catch(() => undefined);
    return { ok: false, cancelled: false, startedAt, durationMs, error: checked.error };
  }
  try {
    await cache.commit(args.historyId, nodeId, material, runId, checked.outputs);
  } catch (error) {
    await cache.discard(key).catch(() => undefined);
    throw error;
  }
  return { ok: true, outputs: checked.outputs, startedAt, durationMs };
}
