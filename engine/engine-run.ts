/**
 * One run of a pipeline: check, plan keys, go through the topological layers (two nodes at a time
 * within a layer), reuse or run each node, skip what sits below a failure, block what a failed gate
 * guards, then write the run record. Events go out in order, each with the run id.
 */
import { wantWarmUp } from './warm-up.js';
import { dirname } from 'node:path';
import { computeKeys } from './cache/cache-key.js';
import type { CacheStore } from './cache/cache-store.js';
import type { DataPlane } from './data/data-plane.js';
import { resolveParamPath } from './document/node-params.js';
import type { PipelineDocument } from './document/schema.js';
import { pipelineVersionHash } from './document/version-hash.js';
import type { NodeRunRecord, RunOptions, RunRecord, ValidationIssue } from './engine-types.js';
import { runNode, toFailure } from './engine-run-node.js';
import { assertRunPaths } from './security/run-paths.js';
import { assertRunHosts } from './security/run-hosts.js';
import type { ServiceProvider } from './services.js';
import { gatherMetrics, summarizeOutputs } from './engine-summaries.js';
import { baseVersions } from './engine-versions.js';
import { EngineError, errorMessage } from './errors.js';
import type { CacheReason, EngineEvent, NodeFailure, RunStatus } from './events.js';
import { plainDiskFull } from './fs/disk-full.js';
import { recordRunDatasets } from './datasets/record-run-datasets.js';
import { EarlyProfiles } from './datasets/early-profiles.js';
import { checkPipeline } from './graph/check-pipeline.js';
import { closure, targetNodes, topologicalLayers } from './graph/graph-walk.js';
import { describeIssue } from './graph/issue-names.js';
import { runnableNodes, scopeIssues } from './graph/run-scope.js';
import { gateRequired, type NodeDef } from './node-def.js';
import type { NodeImpl } from './node-run.js';
import type { RunStore } from './runs/run-store.js';
import type { PortValue, ReportValue } from './values.js';

export interface RunDeps {
  impls: ReadonlyMap<string, NodeImpl>;
  data: DataPlane;
  cache: CacheStore;
  runs: RunStore;
  versions: () => Promise<Record<string, string>>;
  concurrency: number;
  /** The workspace folder, absolute; nodes see it as `ctx.workspaceDir`. */
  workspaceDir: string;
  graceMs: number;
  /** Spaces plain progress events (see runNode); Date.now unless a test injects one. */
  clock?: () => number;
  /** The host's service manager, handed to nodes as `ctx.services`. */
  services?: ServiceProvider;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` over `items` with at most `limit` in flight, in item order. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Refuses a run for `errors`, naming each node by its label; `details` keep the issues with their JSON paths. */
function refuse(errors: ValidationIssue[], doc: PipelineDocument | undefined, catalog: NodeDef[]): never {
  const shown = errors.slice(0, 5).map((i) => describeIssue(i, doc, catalog));
  if (errors.length > 5) shown.push(`...and ${errors.length - 5} more`);
  throw new EngineError(
    'DOCUMENT_INVALID',
    `The pipeline has ${errors.length} problem(s):\n${shown.join('\n')}`,
    'Fix them in the inspector (or the file) and run again.',
    errors,
  );
}

/**
 * Validates and resolves what a run or a plan needs; throws an EngineError for a document that cannot
 * run. Only the problems of the nodes this run will run (and of the document as a whole) refuse it;
 * the others come back as `warnings`. With `partial` (the plan), nodes with problems and what lies
 * below them are left out instead of refusing.
 */
export async function prepareRun(
  deps: RunDeps,
  input: PipelineDocument,
  options: Pick<RunOptions, 'documentPath' | 'target' | 'allowedRoots' | 'allowedHosts'> & { partial?: boolean },
) {
  const defs = [...deps.impls.values()].map((i) => i.def);
  const checked = checkPipeline(input, defs);
  const doc = checked.document;
  const target = options.target ?? { mode: 'all' as const };
  const errors = checked.issues.filter((i) => i.severity === 'error');
  if (!doc) refuse(errors, undefined, defs);
  const runnable = options.partial ? runnableNodes(errors, doc) : undefined;
  const wanted = runnable ?? targetNodes(doc, target);
  const { blocking, outside } = scopeIssues(errors, doc, wanted);
  if (blocking.length) refuse(blocking, doc, defs);
  if (target.mode !== 'all' && !doc.nodes.some((n) => n.id === target.nodeId)) {
    throw new EngineError('RUN_TARGET_UNKNOWN', errorMessage('RUN_TARGET_UNKNOWN', target.nodeId));
  }
  const layers = topologicalLayers(doc, wanted);
  const pipelineDir = options.documentPath ? dirname(options.documentPath) : undefined;
  const resolvePath = (p: string) => resolveParamPath(p, pipelineDir);
  await assertRunPaths(doc, defs, layers.flat(), resolvePath, options.allowedRoots);
  assertRunHosts(doc, defs, layers.flat(), options.allowedHosts);
  const env = { workspaceDir: deps.workspaceDir, resolvePath };
  const keys = await computeKeys(doc, defs, layers.flat(), resolvePath, async (type, params) => (await deps.impls.get(type)?.keyFiles?.(params, env)) ?? {});
  return { doc, target, layers, keys, resolvePath, warnings: outside, historyId: (nodeId: string) => `${doc.id}/${nodeId}` };
}

/** The failed gates among a node's ancestors: [gate node id, failed rule names]. */
function failedGates(doc: PipelineDocument, nodeId: string, outputs: Map<string, Record<string, PortValue>>): [string, string[]][] {
  const found: [string, string[]][] = [];
  for (const up of closure(doc, nodeId, 'up')) {
    if (up === nodeId) continue;
    for (const value of Object.values(outputs.get(up) ?? {})) {
      const gate = (value as ReportValue).kind === 'report' ? (value as ReportValue).gate : undefined;
      if (gate && !gate.passed) found.push([up, gate.rules.filter((r) => !r.passed).map((r) => r.rule)]);
    }
  }
  return found;
}

export async function executeRun(deps: RunDeps, input: PipelineDocument, options: RunOptions & { runId: string }): Promise<RunRecord> {
  const startedAt = Date.now();
  const { runId } = options;
  const prepared = await prepareRun(deps, input, options);
  const { doc, layers, keys, historyId } = prepared;
  // The version hash of the document as given (as saved: before node params are upgraded), so the
  // record and model lineage name the saved version that ran (issue 14, engine/versions).
  const documentHash = pipelineVersionHash(input);
  const signal = options.signal ?? new AbortController().signal;
  const emit = (event: EngineEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not break the run.
    }
  };
  const force = new Set(options.force ?? []);
  const nodes: Record<string, NodeRunRecord> = {};
  const outputs = new Map<string, Record<string, PortValue>>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  let firstFailure: NodeFailure | undefined;
  let cancelled = false;
  let blocked = false;

  for (const id of layers.flat()) {
    const n = byId.get(id)!;
    const material = keys.get(id)!;
    nodes[id] = {
      nodeId: id,
      type: n.type,
      typeVersion: material.typeVersion,
      status: 'queued',
      cacheKey: material.key,
      inputFiles: Object.values(material.files).map((f) => ({ path: f.path, fingerprint: f.fingerprint })),
    };
  }
  emit({ type: 'run-started', runId, at: startedAt, nodeIds: layers.flat(), layers });
  const defs = new Map([...deps.impls].map(([type, impl]) => [type, impl.def]));
  const datasetSource = { workspaceDir: deps.workspaceDir, data: deps.data, defs, keys, resolvePath: prepared.resolvePath };
  const earlyProfiles = new EarlyProfiles(datasetSource);

  const skip = (id: string, because: string) => {
    nodes[id].status = 'skipped';
    emit({ type: 'node-skipped', runId, at: Date.now(), nodeId: id, because });
  };

  // Two nodes with the same key (identical settings and inputs) share outputs: the second waits
  // for the first instead of writing the same tables at the same time.
  const inFlight = new Map<string, Promise<void>>();
  const processNode = async (id: string): Promise<void> => {
    const key = keys.get(id)!.key;
    const pending = inFlight.get(key);
    if (pending) await pending.catch(() => undefined);
    const done = processNodeOnce(id);
    if (!pending) inFlight.set(key, done);
    await done;
  };
  /** Nodes of this run whose outputs may differ under the same key: neverCache nodes and what re-ran below them. */
  const volatile = new Set<string>();
  const processNodeOnce = async (id: string): Promise<void> => {
    const record = nodes[id];
    const impl = deps.impls.get(record.type)!;
    if (signal.aborted) return skip(id, errorMessage('RUN_CANCELLED'));
    const upstream = doc.edges.filter((e) => e.target.node === id).map((e) => e.source.node);
    const unfinished = upstream.find((u) => nodes[u] && nodes[u].status !== 'done' && nodes[u].status !== 'cached');
    if (unfinished) return skip(id, errorMessage('UPSTREAM_FAILED', unfinished));
    if (gateRequired(impl.def, keys.get(id)!.params)) {
      const gates = failedGates(doc, id, outputs);
      if (gates.length) {
        blocked = true;
        record.status = 'blocked';
        const failedRules = gates.flatMap(([, rules]) => rules);
        emit({ type: 'node-blocked', runId, at: Date.now(), nodeId: id, because: errorMessage('GATE_FAILED', gates[0][0], gates[0][1]), failedRules });
        return;
      }
    }
    const material = keys.get(id)!;
    let reason: CacheReason;
    // Below a node that runs every time (a monitor reading a growing log) the key cannot tell whether its outputs changed.
    const fresh = upstream.find((u) => volatile.has(u));
    if (impl.def.neverCache) reason = { decision: 'run', code: 'never-cache', message: 'runs every time (it has side effects)' };
    else if (force.has(id) || force.has('*')) reason = { decision: 'run', code: 'forced', message: 'run forced' };
    else if (fresh)
      reason = { decision: 'run', code: 'input-changed', message: `upstream "${fresh}" runs every time, so its outputs may have changed`, changed: [fresh] };
    else {
      const found = await deps.cache.lookup(historyId(id), material);
      reason = found.reason;
      if (found.entry) {
        record.status = 'cached';
        record.reason = reason;
        record.outputs = found.entry.outputs;
        record.summaries = summarizeOutputs(found.entry.outputs);
        outputs.set(id, found.entry.outputs);
        await deps.cache.touch(historyId(id), material, found.entry.runId);
        emit({ type: 'node-cached', runId, at: Date.now(), nodeId: id, reason, outputs: record.summaries });
        earlyProfiles.nodeDone(record);
        return;
      }
    }
    const inputs: Record<string, PortValue | undefined> = {};
    for (const e of doc.edges) if (e.target.node === id) inputs[e.target.port] = outputs.get(e.source.node)?.[e.source.port];
    record.status = 'running';
    record.reason = reason;
    const result = await runNode({
      impl,
      nodeId: id,
      historyId: historyId(id),
      material,
      runId,
      inputs,
      signal,
      data: deps.data,
      cache: deps.cache,
      resolvePath: prepared.resolvePath,
      workspaceDir: deps.workspaceDir,
      documentHash,
      secret: (name) => options.secrets?.[name] ?? process.env[name],
      ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
      emit,
      reason,
      graceMs: deps.graceMs,
      clock: deps.clock,
      services: deps.services,
    });
    record.startedAt = result.startedAt;
    record.durationMs = result.durationMs;
    if (result.ok) {
      if (impl.def.neverCache || fresh) volatile.add(id);
      record.status = 'done';
      record.outputs = result.outputs;
      record.summaries = summarizeOutputs(result.outputs);
      outputs.set(id, result.outputs);
      emit({ type: 'node-finished', runId, at: Date.now(), nodeId: id, durationMs: result.durationMs, outputs: record.summaries });
      earlyProfiles.nodeDone(record);
      return;
    }
    record.status = 'failed';
    record.error = await plainDiskFull(result.error, dirname(deps.runs.dir));
    if (result.cancelled) cancelled = true;
    else firstFailure ??= record.error;
    emit({ type: 'node-failed', runId, at: Date.now(), nodeId: id, error: record.error });
  };

  // A fault of the engine itself (disk full, database error) fails the node it happened in, never
  // the whole run silently: the run still ends with run-finished and a record.
  const guarded = async (id: string) => {
    try {
      await processNode(id);
    } catch (error) {
      const cause = toFailure(error);
      const fault = { code: 'ENGINE_FAULT', message: errorMessage('ENGINE_FAULT', cause.message), stack: cause.stack };
      const failure = await plainDiskFull(fault, dirname(deps.runs.dir));
      nodes[id].status = 'failed';
      nodes[id].error = failure;
      firstFailure ??= failure;
      emit({ type: 'node-failed', runId, at: Date.now(), nodeId: id, error: failure });
    }
  };
  // What later nodes need loaded (TensorFlow.js for Train) loads while an earlier node's long DuckDB
  // statement leaves the main thread waiting (engine/warm-up.ts); given back when the nodes are done.
  const warmUps = new Set(layers.flat().flatMap((id) => deps.impls.get(nodes[id].type)?.warmUp?.(keys.get(id)!.params) ?? []));
  const releases = [...warmUps].map((work) => wantWarmUp(work));
  try {
    for (const layer of layers) await pool(layer, deps.concurrency, guarded);
  } finally {
    for (const release of releases) release();
  }
  await deps.cache.flush().catch(() => undefined);

  cancelled ||= signal.aborted;
  // The data files read, as dataset versions (a cancelled run must end quickly: it records none,
  // but lets the profiles already started end before the database may close).
  const datasets = cancelled
    ? await earlyProfiles.settled().then(() => undefined)
    : await recordRunDatasets({ ...datasetSource, doc, nodes, runId, startedAt }, earlyProfiles);
  const status: RunStatus = cancelled ? 'cancelled' : firstFailure ? 'failed' : blocked ? 'blocked' : 'succeeded';
  const durationMs = Date.now() - startedAt;
  const runError = cancelled ? { code: 'RUN_CANCELLED', message: errorMessage('RUN_CANCELLED') } : firstFailure;
  const record: RunRecord = {
    runId,
    status,
    startedAt,
    durationMs,
    document: doc,
    documentHash,
    ...(options.documentPath ? { documentPath: options.documentPath } : {}),
    target: prepared.target,
    nodes,
    metrics: gatherMetrics(nodes),
    // Asked at the end, so a backend a node chose during the run is in it. A cancelled run must end
    // quickly: it records the versions known by then.
    versions: cancelled ? await Promise.race([deps.versions(), delay(100).then(baseVersions)]) : await deps.versions(),
    ...(runError ? { error: runError } : {}),
    ...(prepared.warnings.length ? { warnings: prepared.warnings } : {}),
    ...(options.trigger ? { trigger: options.trigger } : {}),
    ...(datasets?.used.length ? { datasets: datasets.used } : {}),
    ...(datasets?.error ? { datasetsError: datasets.error } : {}),
  };
  // On a full disk the record written is a short one, which says so in its error.
  const saved = await deps.runs.save(record);
  const finalError = runError ?? saved.error;
  emit({ type: 'run-finished', runId, at: Date.now(), status, durationMs, ...(finalError ? { error: finalError } : {}) });
  return saved;
}
