/**
 * The request handlers of the StudioApi, free of any transport: the Electron IPC modules and the
 * browser-mode WebSocket server both call these. Every payload is re-validated here (`handleRequest`),
 * files are written atomically, and runs relay their events through `deps.emit`.
 */
import type { EngineInfo, SecretInfo, StudioEvent, StudioRequestName, StudioRequests } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { describeSecretFindings, findSecretLikeValues, redactSecretLikeValues, type ParamKindLookup } from './export-guard.js';
import { HostError } from './host-error.js';
import { validateArgs } from './payload-schemas.js';
import { listSampleFiles, PathPolicy, readPipelineFile, suggestedFileName, writePipelineFile } from './pipeline-files.js';
import { RecentFiles } from './recent-files.js';
import { RecoveryStore } from './recovery-store.js';
import { RunRelay } from './run-relay.js';
import { browseRoots, defaultBrowseRoots, listDirectory, startFolder, storedDataPath, type BrowseRoot } from './data-files.js';
import { GrantedPaths } from './granted-paths.js';
import { UserFolders } from './user-folders.js';
import { resolveSecretValues, SECRET_NAME_PATTERN, secretNamesOf, type SecretStore } from './secret-store.js';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AllowedFolders } from './allowed-folders.js';
import { windowRunRoots } from './run-roots.js';
import { createModelHandlers } from './models/model-handlers.js';
import { createDatasetHandlers } from './datasets/dataset-handlers.js';
import { AllowedHosts } from './allowed-hosts.js';
import { createServiceHandlers } from './service-handlers.js';
import { createPlaygroundHandlers } from './playground-handlers.js';
import { readLabelSet, writeLabelSet } from '../../engine/labels/label-store.js';
import { createVersionKeeper } from './pipeline-versions.js';
import { createFirstRunHandlers } from './first-run-handlers.js';
import type { NodeCatalog } from '../../engine/graph/connection-rules.js';

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
  /**
   * Browser mode: confines file paths to home, the folders the user added and these. Without it
   * (desktop) the window may name only paths the user granted it (see GrantedPaths).
   */
  allowedRoots?: readonly string[];
  /** Asks the user for a folder to add to the places (desktop dialog); absent in the browser mode, which takes a typed path. */
  chooseFolderPath?: () => Promise<string | undefined>;
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
  /** Addresses other than loopback the user allowed per pipeline (`allowHost`); created from configDir when absent. */
  allowedHosts?: AllowedHosts;
  /** Addresses allowed for every pipeline of this session (`serve --allow-host`). */
  allowHosts?: readonly string[];
  /** Folders the user added to the places; created from configDir when absent. */
  userFolders?: UserFolders;
  /** The node catalogue, for the pre-run check (which params are files, secrets, addresses). */
  catalog?: NodeCatalog;
}

/** The handlers plus what a host needs to clean up when its window goes away. */
export interface StudioHandlerSet {
  handlers: StudioHandlers;
  /** Cancels the runs this window started. */
  dispose(): void;
  /** What this window may name; the desktop host grants the file it opened the window for. */
  grants: GrantedPaths;
}

/**
 * Builds the handlers for one window.
 *
 * @example
 * const { handlers } = createStudioHandlers({ engine, engineInfo, configDir, emit: (e) => socket.send(JSON.stringify({ event: e })) });
 * await handleRequest(handlers, 'listRecent', []);
 */
export function createStudioHandlers(deps: StudioHandlerDeps): StudioHandlerSet {
  const recent = deps.recent ?? new RecentFiles(deps.configDir);
  const grants = new GrantedPaths(recent, deps.samplesDir ? [deps.samplesDir] : []);
  const userFolders = deps.userFolders ?? new UserFolders(deps.configDir);
  const fixedRoots = deps.browseRoots ?? defaultBrowseRoots((deps.allowedRoots ?? []).map((p) => ({ label: rootLabel(p, deps), path: p })));
  /** Home and the host's folders, then the ones the user added: read per request, another window may add one. */
  const placeRoots = async () => [...fixedRoots, ...(await userFolders.list())];
  const rootPaths = async () => (await placeRoots()).map((r) => r.path);
  const paths = new PathPolicy({ roots: deps.allowedRoots ? rootPaths : undefined, grants, ownFolders: rootPaths });
  const recovery = deps.recovery ?? new RecoveryStore(deps.configDir);
  const relay = new RunRelay(deps.engine, deps.emit);
  const versions = createVersionKeeper(async () => deps.workspaceDir ?? (await deps.engineInfo()).workspaceDir);
  const allowed = deps.allowedFolders ?? new AllowedFolders(deps.configDir);
  const hosts = deps.allowedHosts ?? new AllowedHosts(deps.configDir);
  const secretOf = async (name: string) =>
    (deps.secretStore ? await deps.secretStore.get(name).catch(() => undefined) : undefined) ?? (deps.env ?? process.env)[name];
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
      if (chosen !== undefined) grants.grant(chosen);
      return chosen === undefined ? undefined : paths.check(chosen, 'write');
    }
    if (deps.defaultSaveDir) {
      // The host's own workspace, not a folder the window named: the one folder a save may create.
      await mkdir(deps.defaultSaveDir, { recursive: true });
      return paths.check(join(deps.defaultSaveDir, name), 'write');
    }
    throw new HostError('PATH_REQUIRED', `${purpose} needs a file path in this mode; pass one ending in .pipeline.json`);
  };

  const env = deps.env ?? process.env;
  // The pipeline folder is a place only for the file the host itself opened or saved, and only while
  // the window still shows it (it names the same path): a path the window merely passes adds nothing,
  // and an unsaved document in a reloaded tab does not inherit the last tab's folder.
  const pipelineDirOf = async (pipelinePath: string | undefined) => {
    const open = grants.openFile;
    const showsOpenFile = open !== undefined && pipelinePath !== undefined && resolve(pipelinePath) === open;
    const roots = browseRoots(await placeRoots(), showsOpenFile ? open : undefined);
    return { roots, pipelineDir: pipelinePath ? dirname(resolve(pipelinePath)) : undefined };
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
      const fromDialog = path === undefined && deps.chooseOpenPath ? await deps.chooseOpenPath() : undefined;
      const chosen = path ?? fromDialog;
      if (chosen === undefined) {
        if (!deps.chooseOpenPath) throw new HostError('PATH_REQUIRED', 'openPipeline needs a file path in this mode (there is no file dialog)');
        return undefined;
      }
      if (fromDialog !== undefined) grants.grant(fromDialog);
      const opened = await readPipelineFile(await paths.check(chosen, 'read'));
      grants.setOpen(opened.path!);
      await remember(opened.path!);
      return opened;
    },
    savePipeline: async (document, path) => {
      refuseSecrets(document);
      const target = await targetPath(document, path, 'save');
      if (target === undefined) return undefined;
      // Issue 14: every save keeps a version in the workspace (see pipeline-versions.ts).
      await versions.beforeSave(target);
      await writePipelineFile(target, document);
      await versions.afterSave(document, target);
      grants.setOpen(target);
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
      const readable = await Promise.all(
        all.map((p) =>
          paths.check(p, 'read').then(
            () => true,
            () => false,
          ),
        ),
      );
      return all.filter((_, i) => readable[i]);
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
      const documentPath = options.documentPath ? await paths.check(options.documentPath, 'read') : undefined;
      const fromEnv = deps.resolveSecrets ? await deps.resolveSecrets(document) : {};
      const fromStore = deps.secretStore ? await resolveSecretValues(secretNamesOf(document, deps.paramKind), deps.secretStore, {}) : {};
      const secrets = { ...fromEnv, ...fromStore };
      const allowedRoots = await rootsFor(documentPath);
      const allowedHosts = allowedRoots ? [...(deps.allowHosts ?? []), ...(await hosts.list(documentPath))] : undefined;
      return relay.start(document, { target: options.target, force: options.force, documentPath, secrets, allowedRoots, allowedHosts });
    },
    cancelRun: async (runId) => relay.cancel(runId),
    plan: async (document, documentPath) => {
      const checked = documentPath ? await paths.check(documentPath, 'read') : undefined;
      return deps.engine.plan(document, { documentPath: checked, allowedRoots: await rootsFor(checked) });
    },
    describeNodeFile: async (document, nodeId, documentPath) => {
      const checked = documentPath ? await paths.check(documentPath, 'read') : undefined;
      return deps.engine.describeNodeFile(document, nodeId, { documentPath: checked, allowedRoots: await rootsFor(checked) });
    },
    page: (request) => deps.engine.page(request),
    profile: (table, columns) => deps.engine.profile(table, columns),
    readLabels: async (name) => readLabelSet(deps.workspaceDir ?? (await deps.engineInfo()).workspaceDir, name),
    writeLabels: async (name, write) => writeLabelSet(deps.workspaceDir ?? (await deps.engineInfo()).workspaceDir, name, write),
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
    addBrowseFolder: async (path) => {
      if (deps.chooseFolderPath) {
        // The desktop asks natively: a folder named by the window would widen its own reach.
        if (path !== undefined) throw new HostError('PATH_REFUSED', 'this host adds folders through its folder dialog; call addBrowseFolder without a path');
        const chosen = await deps.chooseFolderPath();
        return chosen === undefined ? userFolders.list() : userFolders.add(chosen);
      }
      if (path === undefined) throw new HostError('PATH_REQUIRED', 'addBrowseFolder needs the full path of a folder in this mode (there is no folder dialog)');
      return userFolders.add(path);
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
    allowFolder: async (folder, documentPath) => allowed.add(await paths.check(documentPath, 'read'), folder),
    // The workspace's model registry (issue 10): the Models panel.
    listPipelineVersions: (pipelineId) => versions.list(pipelineId),
    ...createModelHandlers(async () => join(deps.workspaceDir ?? (await deps.engineInfo()).workspaceDir, 'models')),
    // The workspace's dataset records (issue 14): the Datasets panel.
    ...createDatasetHandlers(async () => deps.workspaceDir ?? (await deps.engineInfo()).workspaceDir),
    ...createServiceHandlers({ workspaceDir: deps.workspaceDir, secret: secretOf, allowedHosts: hosts, checkPath: (p) => paths.check(p, 'read') }),
    // The Prompt node's playground (issue 13): the trust, folders and secrets of startRun.
    ...createPlaygroundHandlers({
      engine: deps.engine,
      checkPath: (p) => paths.check(p, 'read'),
      rootsFor,
      hostsFor: async (documentPath) => [...(deps.allowHosts ?? []), ...(await hosts.list(documentPath))],
      secretsFor: async (document) => ({
        ...(deps.resolveSecrets ? await deps.resolveSecrets(document) : {}),
        ...(deps.secretStore ? await resolveSecretValues(secretNamesOf(document, deps.paramKind), deps.secretStore, {}) : {}),
      }),
    }),
    // The start screen and the pre-run check (issue 17).
    ...createFirstRunHandlers({
      samplesDir: deps.samplesDir,
      catalog: deps.catalog,
      checkPath: (p) => paths.check(p, 'read'),
      rootsFor,
      hostsFor: async (documentPath) => [...(deps.allowHosts ?? []), ...(await hosts.list(documentPath))],
      hasSecret: async (name) => (await secretOf(name)) !== undefined,
      secretStore: () => (deps.secretStore ? deps.secretStore.writable() : { writable: false, reason: noStoreReason() }),
    }),
  } satisfies StudioHandlers;

  return { handlers, dispose: () => relay.cancelAll(), grants };
}

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
