/**
 * The engine as one object: validate, plan, run, page and profile tables, and keep run records,
 * all on one workspace folder (`data.duckdb`, `cache/`, `artifacts/`, `runs/`). Hosts create it
 * with the node catalogue; the engine itself never imports `nodes/`.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CacheStore } from './cache/cache-store.js';
import { loadHashMemo, saveHashMemo } from './cache/hash-memo.js';
import { openConfinedDataPlane } from './data/confined-plane.js';
import { settingsFromEnv, type DuckDBSettings } from './data/engine-settings.js';
import { ConfinementGate } from './data/confinement-gate.js';
import type { DataPlane } from './data/data-plane.js';
import { pageTable } from './data/page.js';
import { profileTable } from './data/profile.js';
import type { EngineApi, NodePlan, RunOptions, RunRecord } from './engine-types.js';
import { executeRun, prepareRun, type RunDeps } from './engine-run.js';
import { collectVersions } from './engine-versions.js';
import { describeNodeFile } from './describe-node-file.js';
import { nodePlayground } from './node-playground.js';
import { EngineError, errorMessage } from './errors.js';
import { checkPipeline } from './graph/check-pipeline.js';
import type { NodeDef } from './node-def.js';
import type { NodeImpl } from './node-run.js';
import { isRunId, newRunId, RunStore } from './runs/run-store.js';
import { duckdbDirectories } from './security/run-paths.js';
import type { ServiceProvider } from './services.js';

export interface CreateEngineOptions {
  /** The node catalogue, handed over by the host (`nodes/index.ts`). */
  nodes: readonly NodeImpl[];
  /** Folder holding the workspace database, cache, artifacts and run records; created when missing. */
  workspaceDir: string;
  /** Extra versions to record with each run (Electron, TensorFlow.js backend). */
  versions?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Nodes of one layer run at most this many at a time. Default 2 (the target machine has 2 cores). */
  concurrency?: number;
  /** How long a cancelled node may take to stop before it is abandoned. Default 1000 ms. */
  cancelGraceMs?: number;
  /** The clock that spaces plain progress events; tests pass a manual one so thinning does not depend on machine speed. Default Date.now. */
  clock?: () => number;
  /** The host's service manager (hosts/shared/services), handed to nodes as `ctx.services`. */
  services?: ServiceProvider;
  /** DuckDB's memory limit and spill folder; default from the environment (`engine-settings.ts`), else DuckDB's own. */
  duckdb?: DuckDBSettings;
}

/** `RunOptions` plus a run id chosen by the host (so it can answer `startRun` before the run ends). */
export interface EngineRunOptions extends RunOptions {
  runId?: string;
}

export interface Engine extends EngineApi {
  run(doc: Parameters<EngineApi['run']>[0], options?: EngineRunOptions): Promise<RunRecord>;
  readonly workspaceDir: string;
  /** The definitions of the catalogue, in the order the host gave them. */
  readonly catalog: readonly NodeDef[];
  /** The workspace database, for hosts and tests that read tables directly. */
  readonly data: DataPlane;
  /** A fresh, time-sortable run id to pass as `runId`. */
  newRunId(): string;
}

/**
 * Opens the engine on a workspace folder. Cached node outputs from earlier engine processes on the
 * same folder are reused.
 *
 * @example
 * const engine = await createEngine({ nodes: nodeCatalog, workspaceDir: '/home/ana/.lifecycle-studio' });
 * const record = await engine.run(doc, { onEvent: (e) => console.log(e.type), documentPath });
 * await engine.close();
 */
export async function createEngine(options: CreateEngineOptions): Promise<Engine> {
  const { workspaceDir } = options;
  await mkdir(workspaceDir, { recursive: true });
  const impls = new Map<string, NodeImpl>();
  for (const impl of options.nodes) {
    if (impls.has(impl.def.type)) throw new Error(`Two node implementations share the type "${impl.def.type}"; each type must be unique.`);
    impls.set(impl.def.type, impl);
  }
  const catalog = options.nodes.map((i) => i.def);
  const duckdb = options.duckdb ?? settingsFromEnv();
  const data = await openConfinedDataPlane(join(workspaceDir, 'data.duckdb'), duckdb);
  // A run's DuckDB reaches only its allowed folders; page and profile requests wait out a switch.
  const gate = new ConfinementGate(data);
  const using = async <T>(release: Promise<() => void>, work: () => Promise<T>): Promise<T> => {
    const done = await release;
    try {
      return await work();
    } finally {
      done();
    }
  };
  // Separate connections so paging the window's grid never waits behind a profile or a running node.
  const pageData = await data.connect();
  const profileData = await data.connect();
  const cache = await CacheStore.open(workspaceDir, data);
  const hashMemoFile = join(workspaceDir, 'file-hashes.json');
  await loadHashMemo(hashMemoFile);
  const saveHashes = () => saveHashMemo(hashMemoFile).catch(() => undefined);
  const runs = new RunStore(join(workspaceDir, 'runs'));
  // Room for a short run record should the disk fill up later (see runs/record-on-full-disk.ts).
  await runs.reserve().catch(() => false);
  const deps: RunDeps = {
    impls,
    data,
    cache,
    runs,
    // Asked as each run ends (not once): a backend chosen by a later run's node belongs in its record.
    versions: () => collectVersions(options.versions),
    concurrency: options.concurrency ?? 2,
    workspaceDir: resolve(workspaceDir),
    graceMs: options.cancelGraceMs ?? 1000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.services ? { services: options.services } : {}),
  };
  let closed = false;
  const active = new Set<Promise<unknown>>();
  const controllers = new Set<AbortController>();
  const open = () => {
    if (closed) throw new EngineError('ENGINE_CLOSED', errorMessage('ENGINE_CLOSED'));
  };
  const track = <T>(p: Promise<T>): Promise<T> => {
    active.add(p);
    return p.finally(() => active.delete(p));
  };

  return {
    workspaceDir,
    catalog,
    data,
    newRunId: () => newRunId(),
    validate: async (doc) => checkPipeline(doc, catalog),
    run: async (doc, runOptions = {}) => {
      open();
      // The id names a file in runs/: only the shape newRunId() makes is accepted.
      if (runOptions.runId !== undefined && !isRunId(runOptions.runId)) {
        throw new EngineError('RUN_ID_INVALID', errorMessage('RUN_ID_INVALID', runOptions.runId), 'Leave runId out, or make one with engine.newRunId().');
      }
      // An own controller per run, following the caller's signal, so close() can stop every run.
      const controller = new AbortController();
      const follow = () => controller.abort();
      if (runOptions.signal?.aborted) controller.abort();
      runOptions.signal?.addEventListener('abort', follow, { once: true });
      controllers.add(controller);
      try {
        const confined = gate.enter(await duckdbDirectories(workspaceDir, runOptions.allowedRoots, duckdb.spillDir));
        return await track(using(confined, () => executeRun(deps, doc, { ...runOptions, signal: controller.signal, runId: runOptions.runId ?? newRunId() })));
      } finally {
        controllers.delete(controller);
        runOptions.signal?.removeEventListener('abort', follow);
        await saveHashes();
      }
    },
    plan: async (doc, planOptions = {}) => {
      open();
      return using(gate.use(), async () => {
        const prepared = await prepareRun(deps, doc, {
          documentPath: planOptions.documentPath,
          allowedRoots: planOptions.allowedRoots,
          target: { mode: 'all' },
          // Stale marks for what can run: a node with a problem (and what it feeds) is left out, not fatal.
          partial: true,
        });
        await saveHashes();
        const plans: NodePlan[] = [];
        // As in a run (engine-run.ts): what sits below a never-cached node runs again too.
        const volatile = new Set<string>();
        for (const id of prepared.layers.flat()) {
          const impl = impls.get(doc.nodes.find((n) => n.id === id)!.type)!;
          if (impl.def.neverCache) {
            volatile.add(id);
            plans.push({ nodeId: id, status: 'stale', reason: { decision: 'run', code: 'never-cache', message: 'runs every time (it has side effects)' } });
            continue;
          }
          const fresh = doc.edges.find((e) => e.target.node === id && volatile.has(e.source.node))?.source.node;
          if (fresh) {
            volatile.add(id);
            const message = `upstream "${fresh}" runs every time, so its outputs may have changed`;
            plans.push({ nodeId: id, status: 'stale', reason: { decision: 'run', code: 'input-changed', message, changed: [fresh] } });
            continue;
          }
          const { reason, entry } = await cache.lookup(prepared.historyId(id), prepared.keys.get(id)!);
          plans.push({ nodeId: id, status: entry ? 'cached' : 'stale', reason });
        }
        return plans;
      });
    },
    page: async (request) => {
      open();
      return using(gate.use(), async () => {
        if (!(await pageData.tableExists(request.table)))
          throw new EngineError('TABLE_NOT_FOUND', errorMessage('TABLE_NOT_FOUND', request.table), 'Run the node again.');
        return pageTable(pageData, request);
      });
    },
    profile: async (table, columns) => {
      open();
      return using(gate.use(), async () => {
        if (!(await profileData.tableExists(table))) throw new EngineError('TABLE_NOT_FOUND', errorMessage('TABLE_NOT_FOUND', table), 'Run the node again.');
        return profileTable(profileData, table, columns);
      });
    },
    listRuns: () => runs.list(),
    getRun: (runId) => runs.get(runId),
    deleteRun: (runId) => runs.delete(runId),
    describeNodeFile: async (doc, nodeId, describeOptions) => {
      open();
      return describeNodeFile(impls, doc, nodeId, describeOptions);
    },
    // Held like a page request: a run with other folders waits until the row is read and answered.
    promptPlayground: async (doc, nodeId, request, playgroundOptions = {}) => {
      open();
      return using(gate.use(), () => nodePlayground(deps, doc, nodeId, request, playgroundOptions));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const c of controllers) c.abort();
      await Promise.allSettled([...active]);
      await cache.flush().catch(() => undefined);
      pageData.close();
      profileData.close();
      data.close();
    },
  };
}
