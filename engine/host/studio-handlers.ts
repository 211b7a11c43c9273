/**
 * The request handlers of the StudioApi, free of any transport: the Electron IPC modules and the
 * browser-mode WebSocket server both call these. Every payload is re-validated here (`handleRequest`),
 * files are written atomically, and runs relay their events through `deps.emit`.
 */
import type { EngineInfo, SecretInfo, StudioEvent, StudioRequestName, StudioRequests } from '../contract.js';
import type { PipelineDocument } from '../document/schema.js';
import type { EngineApi } from '../engine-types.js';
import { describeSecretFindings, findSecretLikeValues, redactSecretLikeValues, type ParamKindLookup } from './export-guard.js';
import { HostError } from './host-error.js';
import { validateArgs } from './payload-schemas.js';
import { listSampleFiles, PathPolicy, readPipelineFile, suggestedFileName, writePipelineFile } from './pipeline-files.js';
import { RecentFiles } from './recent-files.js';
import { RecoveryStore } from './recovery-store.js';
import { RunRelay } from './run-relay.js';
import { browseRoots, defaultBrowseRoots, listDirectory, startFolder, storedDataPath, type BrowseRoot } from './data-files.js';
import { resolveSecretValues, SECRET_NAME_PATTERN, secretNamesOf, type SecretStore } from './secret-store.js';
import { dirname } from 'node:path';
import { AllowedFolders } from './allowed-folders.js';
import { windowRunRoots } from './run-roots.js';

/** One async function per request of the contract. */
export type StudioHandlers = {
  [K in StudioRequestName]: (...args: StudioRequests[K]['args']) => Promise<StudioRequests[K]['result']>;
};

export interface StudioHandlerDeps {
  /** The engine, normally the process client (`EngineClient`). */
  engine: EngineApi;
  /** Backend, versions and workspace of the engine. */
  engineInfo: () => Promise<EngineInfo>;
  /** Per-user folder for the recent list and recovery copies. */
  configDir: string;
  /** Folder of the shipped `*.pipeline.json` samples. */
  samplesDir?: string;
  /** Delivers run events (and host news) to this window. */
  emit: (event: StudioEvent) => void;
  /** Asks the user for a file to open (desktop dialog); absent in the browser mode. */
  chooseOpenPath?: () => Promise<string | undefined>;
  /** Asks the user where to save; absent in the browser mode, which saves into `defaultSaveDir`. */
  chooseSavePath?: (suggestedName: string, purpose: 'save' | 'export') => Promise<string | undefined>;
  /** Where a document without a path is saved when there is no dialog. */
  defaultSaveDir?: string;
  /** Confines file paths to these folders (browser mode). */
  allowedRoots?: readonly string[];
  /** Param kinds from the node catalogue, so the export guard knows secret and text params. */
  paramKind?: ParamKindLookup;
  /** Secret values by name for a run from the environment; `secretStore` values take precedence. */
  resolveSecrets?: (document: PipelineDocument) => Promise<Record<string, string>>;
  /** The encrypted keychain store (desktop). Absent: secrets come from the environment only. */
  secretStore?: SecretStore;
  /** Why `setSecret` is refused when there is no store (the browser mode says: use an environment variable). */
  noSecretStoreReason?: string;
  /** The environment secrets are looked up in; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Asks the user for a data file (desktop dialog); absent in the browser mode, which browses in the window. */
  chooseDataPath?: (options: {
    extensions: readonly string[];
    mode: 'input' | 'output';
    startDir: string;
    suggestedName?: string;
  }) => Promise<string | undefined>;
  /** Folders the in-window file browser may list; home plus `allowedRoots` by default. The pipeline's folder is added per request. */
  browseRoots?: readonly BrowseRoot[];
  /** Told after a file was opened or saved (Electron adds it to the OS recent documents). */
  onRecent?: (path: string) => void;
  /** Shared between windows so they see one list; created from configDir when absent. */
  recent?: RecentFiles;
  recovery?: RecoveryStore;
  /**
   * The engine's workspace. When given, runs and plans are confined to the pipeline's folder, the
   * workspace, the samples and the folders the user allowed (`allowFolder`).
   */
  workspaceDir?: string;
  /** Folders the user allowed for every pipeline of this session (`serve --allow-path`). */
  allowPaths?: readonly string[];
  /** Where allowed folders are remembered; created from configDir when absent. */
  allowedFolders?: AllowedFolders;
}

/** The handlers plus what a host needs to clean up when its window goes away. */
export interface StudioHandlerSet {
  handlers: StudioHandlers;
  /** Cancels the runs this window started. */
  dispose(): void;
}

/**
 * Builds the handlers for one window.
 *
 * @example
 * const { handlers } = createStudioHandlers({ engine, engineInfo, configDir, emit: (e) => socket.send(JSON.stringify({ event: e })) });
 * await handleRequest(handlers, 'listRecent', []);
 */
export function createStudioHandlers(deps: StudioHandlerDeps): StudioHandlerSet {
  const paths = new PathPolicy(deps.allowedRoots);
  const recent = deps.recent ?? new RecentFiles(deps.configDir);
  const recovery = deps.recovery ?? new RecoveryStore(deps.configDir);
  const relay = new RunRelay(deps.engine, deps.emit);
  const allowed = deps.allowedFolders ?? new AllowedFolders(deps.configDir);
  const rootsFor = async (documentPath: string | undefined) =>
    deps.workspaceDir ? windowRunRoots({ ...deps, workspaceDir: deps.workspaceDir, allowedFolders: allowed }, documentPath) : undefined;
  /** Document ids whose recovery copy this window owns, so clearRecovery leaves other windows' copies. */
  const recoveryIds = new Set<string>();

  const remember = async (path: string) => {
    await recent.add(path);
    deps.onRecent?.(path);
  };

  const refuseSecrets = (document: PipelineDocument) => {
    const findings = findSecretLikeValues(document, deps.paramKind);
    if (findings.length) throw new HostError('SECRET_IN_DOCUMENT', describeSecretFindings(findings));
  };

  const targetPath = async (document: PipelineDocument, path: string | undefined, purpose: 'save' | 'export') => {
    if (path) return paths.check(path, 'write');
    const name = suggestedFileName(document);
    if (deps.chooseSavePath) {
      const chosen = await deps.chooseSavePath(name, purpose);
      return chosen === undefined ? undefined : paths.check(chosen, 'write');
    }
    if (deps.defaultSaveDir) return paths.check(`${deps.defaultSaveDir}/${name}`, 'write');
    throw new HostError('PATH_REQUIRED', `${purpose} needs a file path in this mode; pass one ending in .pipeline.json`);
  };

  const env = deps.env ?? process.env;
  const fixedRoots = deps.browseRoots ?? defaultBrowseRoots((deps.allowedRoots ?? []).map((p) => ({ label: rootLabel(p, deps), path: p })));
  const pipelineDirOf = async (pipelinePath: string | undefined) => {
    const roots = await browseRoots(fixedRoots, pipelinePath, (p) => paths.check(p, 'read'));
    const own = roots.find((r) => r.label === PIPELINE_ROOT_LABEL);
    return { roots, pipelineDir: own?.path ?? (pipelinePath ? dirname(pipelinePath) : undefined) };
  };
  // The browser mode refuses rather than keeping values in memory: anyone holding the page token
  // could then use them, and a value that silently vanishes on restart fails runs later, far from here.
  const noStoreReason = (name = 'NAME') =>
    deps.noSecretStoreReason ??
    `the browser mode keeps no secrets; set it as an environment variable in the shell that starts \`lifecycle-studio serve\` (export ${name}=...) and restart the server`;

  const handlers = {
    engineInfo: () => deps.engineInfo(),
    validatePipeline: (candidate) => deps.engine.validate(candidate),
    openPipeline: async (path) => {
      const chosen = path ?? (deps.chooseOpenPath ? await deps.chooseOpenPath() : undefined);
      if (chosen === undefined) {
        if (!deps.chooseOpenPath) throw new HostError('PATH_REQUIRED', 'openPipeline needs a file path in this mode (there is no file dialog)');
        return undefined;
      }
      const opened = await readPipelineFile(paths.check(chosen, 'read'));
      await remember(opened.path!);
      return opened;
    },
    savePipeline: async (document, path) => {
      refuseSecrets(document);
      const target = await targetPath(document, path, 'save');
      if (target === undefined) return undefined;
      await writePipelineFile(target, document);
      await remember(target);
      return { path: target };
    },
    exportPipeline: async (document, path) => {
      refuseSecrets(document);
      const target = await targetPath(document, path, 'export');
      if (target === undefined) return undefined;
      await writePipelineFile(target, document);
      return { path: target };
    },
    listRecent: async () => {
      const all = await recent.list();
      return all.filter((p) => {
        try {
          paths.check(p, 'read');
          return true;
        } catch {
          return false;
        }
      });
    },
    listSamples: async () => (deps.samplesDir ? listSampleFiles(deps.samplesDir) : []),
    saveRecovery: async (document, path) => {
      recoveryIds.add(document.id);
      await recovery.save(redactSecretLikeValues(document, deps.paramKind), path);
    },
    loadRecovery: async () => {
      const entry = await recovery.loadLatest();
      if (entry) recoveryIds.add(entry.document.id);
      return entry;
    },
    clearRecovery: async () => {
      await Promise.all([...recoveryIds].map((id) => recovery.clear(id)));
      recoveryIds.clear();
    },
    startRun: async (document, options) => {
      const documentPath = options.documentPath ? paths.check(options.documentPath, 'read') : undefined;
      const fromEnv = deps.resolveSecrets ? await deps.resolveSecrets(document) : {};
      const fromStore = deps.secretStore ? await resolveSecretValues(secretNamesOf(document, deps.paramKind), deps.secretStore, {}) : {};
      const secrets = { ...fromEnv, ...fromStore };
      return relay.start(document, { target: options.target, force: options.force, documentPath, secrets, allowedRoots: await rootsFor(documentPath) });
    },
    cancelRun: async (runId) => relay.cancel(runId),
    plan: async (document, documentPath) => {
      const checked = documentPath ? paths.check(documentPath, 'read') : undefined;
      return deps.engine.plan(document, { documentPath: checked, allowedRoots: await rootsFor(checked) });
    },
    page: (request) => deps.engine.page(request),
    profile: (table, columns) => deps.engine.profile(table, columns),
    listRuns: () => deps.engine.listRuns(),
    getRun: (runId) => deps.engine.getRun(runId),
    deleteRun: (runId) => deps.engine.deleteRun(runId),
    chooseDataFile: async (request) => {
      const { roots, pipelineDir } = await pipelineDirOf(request.pipelinePath);
      const start = await startFolder(request.current, roots, pipelineDir);
      if (!deps.chooseDataPath) return { kind: 'browse', start };
      const mode = request.mode ?? 'input';
      const chosen = await deps.chooseDataPath({ extensions: request.extensions ?? [], mode, startDir: start });
      if (chosen === undefined) return { kind: 'cancelled' };
      return { kind: 'chosen', path: chosen, stored: storedDataPath(chosen, pipelineDir) };
    },
    listDirectory: async (path, pipelinePath) => {
      const { roots, pipelineDir } = await pipelineDirOf(pipelinePath);
      return listDirectory(path, roots, pipelineDir);
    },
    listSecrets: async (check) => {
      const stored = deps.secretStore ? await deps.secretStore.names() : [];
      const inStore = new Set(stored);
      const secrets: SecretInfo[] = stored.map((name) => ({ name, source: 'keychain' }));
      const missing: string[] = [];
      for (const name of new Set(check ?? [])) {
        if (inStore.has(name)) continue;
        // Only names the window asks about are looked up: the whole environment is not its business.
        if (SECRET_NAME_PATTERN.test(name) && env[name] !== undefined) secrets.push({ name, source: 'environment' });
        else missing.push(name);
      }
      return {
        secrets,
        missing,
        store: deps.secretStore
          ? deps.secretStore.writable()
          : { writable: false, reason: noStoreReason(check?.length === 1 && SECRET_NAME_PATTERN.test(check[0]) ? check[0] : undefined) },
      };
    },
    setSecret: async (name, value) => {
      if (!deps.secretStore) throw new HostError('SECRET_STORE_UNAVAILABLE', `cannot store secret "${name}": ${noStoreReason(name)}`);
      await deps.secretStore.set(name, value);
      return { name, source: 'keychain' };
    },
    deleteSecret: async (name) => (deps.secretStore ? deps.secretStore.delete(name) : false),
    allowFolder: async (folder, documentPath) => allowed.add(paths.check(documentPath, 'read'), folder),
  } satisfies StudioHandlers;

  return { handlers, dispose: () => relay.cancelAll() };
}

/** The label the per-request pipeline folder root carries (see data-files.ts). */
const PIPELINE_ROOT_LABEL = 'Pipeline folder';

function rootLabel(path: string, deps: StudioHandlerDeps): string {
  if (deps.samplesDir && path === deps.samplesDir) return 'Samples';
  if (deps.defaultSaveDir && path === deps.defaultSaveDir) return 'Workspace';
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/**
 * Validates an untrusted request from the window and calls its handler. The one entry both
 * transports use, so no request reaches a handler unchecked.
 *
 * @throws HostError BAD_REQUEST / DOCUMENT_INVALID for bad payloads, or whatever the handler throws.
 */
export async function handleRequest(handlers: StudioHandlers, method: unknown, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !Object.hasOwn(handlers, method)) {
    throw new HostError('BAD_REQUEST', `unknown request "${String(method)}"; expected one of ${Object.keys(handlers).join(', ')}`);
  }
  const name = method as StudioRequestName;
  const valid = validateArgs(name, args);
  return (handlers[name] as (...a: unknown[]) => Promise<unknown>)(...(valid as unknown[]));
}

/** Secret values for a run from environment variables named by the document's secret params. */
export function secretsFromEnv(document: PipelineDocument, kindOf: ParamKindLookup, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const node of document.nodes) {
    for (const [param, value] of Object.entries(node.params)) {
      if (kindOf(node.type, param) !== 'secret' || typeof value !== 'string' || !value) continue;
      const secret = env[value];
      if (secret !== undefined) out[value] = secret;
    }
  }
  return out;
}
