/**
 * Every request of the StudioApi, declared once: its argument schemas and its result type. The
 * names the preload, the WebSocket client and the IPC registration enumerate, the host's payload
 * validation and the handler map's type are all derived from this table. Adding a request: see
 * "Adding a request" in engine/README.md (one entry here, one handler in hosts/shared/studio-handlers.ts).
 *
 * No runtime import but declare.ts: the sandboxed preload and the renderer bundle this file for
 * its names, so zod and the document parser must stay out of it (schemas are built by the host
 * from the kit handed to `args`).
 */
import type { DataFileChoice, DirectoryListing, EngineInfo, OpenedPipeline, SecretInfo, SecretList } from '../contract.js';
import type { PipelineDocument } from '../document/schema.js';
import type { NodePlan, PageResult, RunListItem, RunRecord, TableProfile, ValidationIssue } from '../engine-types.js';
import type { ModelVersionDetail, RegisteredModel, StageChange } from '../models/registry-views.js';
import type { FileDescription } from '../models/premade/signature-types.js';
import type { LabelSet } from '../labels/label-types.js';
import type { DatasetDetail, DatasetListItem, ModelDataset } from '../datasets/dataset-types.js';
import { declareRequests, returns } from './declare.js';
import { modelName, modelStage, modelVersion } from './model-args.js';
import type { SchemaKit } from './schema-kit.js';
import type { ServiceInfo, ServiceMetrics, ServiceTryAnswer } from '../services.js';
import type { PipelineVersion } from '../versions/version-types.js';
import type { PlaygroundAnswer } from '../playground-types.js';
import type { PreRunCheck } from '../pre-run-types.js';
import type { SampleCard } from '../sample-gallery-types.js';

const serviceId = (s: SchemaKit) => s.z.string().regex(/^svc-[A-Za-z0-9-]{1,64}$/, 'expected a service id like svc-1a2b3c4d (see listServices)');

export const STUDIO_REQUESTS = declareRequests({
  engineInfo: { args: () => [], result: returns<EngineInfo>() },
  /** Validates any value as a pipeline document (import, paste). Never throws on bad input. */
  validatePipeline: { args: (s) => [s.z.unknown()], result: returns<{ document?: PipelineDocument; issues: ValidationIssue[] }>() },
  /** Opens a file by path; without a path the desktop host shows a dialog. Undefined when cancelled. */
  openPipeline: { args: (s) => [s.maybe(s.path)], result: returns<OpenedPipeline | undefined>() },
  /** Writes atomically; without a path the host asks for one (save as). Undefined when cancelled. */
  savePipeline: { args: (s) => [s.document, s.maybe(s.path)], result: returns<{ path: string } | undefined>() },
  /** Export without secrets: refuses documents holding a value that looks like a key. */
  exportPipeline: { args: (s) => [s.document, s.maybe(s.path)], result: returns<{ path: string } | undefined>() },
  listRecent: { args: () => [], result: returns<string[]>() },
  listSamples: { args: () => [], result: returns<{ name: string; path: string }[]>() },
  saveRecovery: { args: (s) => [s.document, s.maybe(s.path)], result: returns<void>() },
  loadRecovery: { args: () => [], result: returns<{ document: PipelineDocument; path?: string; savedAt: number } | undefined>() },
  clearRecovery: { args: () => [], result: returns<void>() },
  startRun: {
    args: (s) => [
      s.document,
      s.z.strictObject({
        target: s.maybe(s.runTarget),
        documentPath: s.maybe(s.path),
        force: s.maybe(s.z.array(s.z.string().min(1).max(200)).max(10_000)),
      }),
    ],
    result: returns<{ runId: string }>(),
  },
  cancelRun: { args: (s) => [s.runId], result: returns<void>() },
  plan: { args: (s) => [s.document, s.maybe(s.path)], result: returns<NodePlan[]>() },
  page: {
    args: (s) => [
      s.z.strictObject({
        table: s.z.string().min(1).max(500),
        offset: s.z.number().int().min(0),
        limit: s.z.number().int().min(1).max(10_000),
        sort: s.maybe(s.z.strictObject({ column: s.z.string().min(1), direction: s.z.enum(['asc', 'desc']) })),
      }),
    ],
    result: returns<PageResult>(),
  },
  profile: { args: (s) => [s.z.string().min(1).max(500), s.maybe(s.z.array(s.z.string().min(1)).max(10_000))], result: returns<TableProfile>() },
  listRuns: { args: () => [], result: returns<RunListItem[]>() },
  getRun: { args: (s) => [s.runId], result: returns<RunRecord | undefined>() },
  deleteRun: { args: (s) => [s.runId], result: returns<boolean>() },
  /** Browse for a `file` param's data file: a native dialog on the desktop, `browse` elsewhere. */
  chooseDataFile: {
    args: (s) => [
      s.z.strictObject({
        extensions: s.maybe(s.z.array(s.z.string().min(1).max(20)).max(50)),
        mode: s.maybe(s.z.enum(['input', 'output'])),
        pipelinePath: s.maybe(s.path),
        current: s.maybe(s.z.string().max(4096)),
      }),
    ],
    result: returns<DataFileChoice>(),
  },
  /**
   * Lists a folder inside the permitted roots (home, added folders, workspace, samples, the open file's folder);
   * without a path, the first root. Anything else is refused with PATH_REFUSED.
   */
  listDirectory: { args: (s) => [s.maybe(s.path), s.maybe(s.path)], result: returns<DirectoryListing>() },
  /**
   * Adds a folder to the places of the file browser, remembered for this user: a typed path in the
   * browser mode, a native folder dialog on the desktop (which takes no path from the window).
   * Returns the places the user added, oldest first.
   */
  addBrowseFolder: { args: (s) => [s.maybe(s.path)], result: returns<{ label: string; path: string }[]>() },
  /** Secret names known to the host (never values); `check` also looks those names up in the environment. */
  listSecrets: { args: (s) => [s.maybe(s.z.array(s.z.string().max(200)).max(1000))], result: returns<SecretList>() },
  /** Stores a secret value in the OS keychain (desktop); refused where there is no safe store. */
  setSecret: {
    args: (s) => [
      s.secretName,
      s.z
        .string({ error: 'expected the secret value as text' })
        .min(1, 'the secret value is empty')
        .max(65_536, 'the secret value is longer than 65536 characters'),
    ],
    result: returns<SecretInfo>(),
    secretArgs: true,
  },
  /** Removes a secret from the keychain; false when it was not there. */
  deleteSecret: { args: (s) => [s.secretName], result: returns<boolean>(), secretArgs: true },
  /**
   * The user allows runs of the saved pipeline at `documentPath` to use `folder` (after a run was
   * refused with PATH_OUTSIDE_ROOTS). Remembered in the user's config, never in the document.
   * Returns every folder now allowed for that pipeline. Arguments: folder, documentPath.
   */
  allowFolder: { args: (s) => [s.path, s.path], result: returns<string[]>() },

  // The model registry of the workspace (`<workspace>/models`): the Models panel.
  /** Every registered model with its versions: stage, created, task, target, metrics, gate outcome. */
  listModels: { args: () => [], result: returns<RegisteredModel[]>() },
  /** One version in full (manifest, metrics, gate, lineage, card, reference statistics, files), its package verified. */
  showModel: { args: (s) => [modelName(s), modelVersion(s)], result: returns<ModelVersionDetail>() },
  /** Sets a version's stage; to production archives the version that was there. Returns every change made. */
  setModelStage: { args: (s) => [modelName(s), modelVersion(s), modelStage(s)], result: returns<StageChange[]>() },
  /**
   * What the file of a node's `describesFile` param holds (an ONNX model's signature), for the
   * inspector, before any run. Arguments: document, node id, the saved pipeline's path (relative
   * paths and the allowed folders follow from it, as for a run).
   */
  describeNodeFile: { args: (s) => [s.document, s.z.string().min(1).max(200), s.maybe(s.path)], result: returns<FileDescription>() },
  /**
   * The user allows runs of the saved pipeline at `documentPath` to bind `host`, an address other than
   * loopback (after a run was refused with HOST_NOT_ALLOWED). Remembered in the user's config, never in
   * the document. Returns every address now allowed for that pipeline. Arguments: host, documentPath.
   */
  allowHost: { args: (s) => [s.z.string().min(1).max(255), s.path], result: returns<string[]>() },
  /** The workspace's model servers (Deploy nodes start them), each with a live status; see hosts/README.md. */
  listServices: { args: () => [], result: returns<ServiceInfo[]>() },
  /** Stops a service; false when it was not running. */
  stopService: { args: (s) => [serviceId(s)], result: returns<boolean>() },
  /** Stops (when running) and starts a service again on the same address and model folder. */
  restartService: { args: (s) => [serviceId(s)], result: returns<ServiceInfo>() },
  /** Requests, errors, error rate, p50/p99 latency and rows scored, read from the service's /metrics. */
  serviceMetrics: { args: (s) => [serviceId(s)], result: returns<ServiceMetrics>() },
  /** The last `limit` records (default 50, newest last) of the service's prediction log. */
  serviceRecentRequests: { args: (s) => [serviceId(s), s.maybe(s.z.number().int().min(1).max(1000))], result: returns<Record<string, unknown>[]>() },
  /** A label set of the workspace (`labels/<name>.json`); an empty one when never written. Patterns as in engine/labels/label-types.ts. */
  readLabels: {
    args: (s) => [s.z.string().refine((v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v), 'expected a label set name: letters, digits, - and _ (up to 64)')],
    result: returns<LabelSet>(),
  },
  /** Sets (or, with label null, removes) labels by row key, and optionally the set's column and classes; returns the set as written. */
  writeLabels: {
    args: (s) => [
      s.z.string().refine((v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v), 'expected a label set name: letters, digits, - and _ (up to 64)'),
      s.z.strictObject({
        column: s.maybe(s.z.string().min(1).max(100)),
        classes: s.maybe(s.z.array(s.z.string().min(1).max(200)).max(9)),
        changes: s.z
          .array(
            s.z.strictObject({
              key: s.z.string().refine((v) => /^[0-9a-f]{16}$/.test(v), 'expected a row key of 16 hex digits'),
              label: s.z.string().min(1).max(200).nullable(),
            }),
          )
          .max(10_000),
      }),
    ],
    result: returns<LabelSet>(),
  },
  // The workspace's dataset records (`<workspace>/datasets`, engine/datasets): the Datasets panel.
  /** Every dataset version (a data file a run read, once per content), newest first. */
  listDatasets: { args: () => [], result: returns<DatasetListItem[]>() },
  /** One dataset version with its column profile, runs and the models made from it. */
  showDataset: {
    args: (s) => [s.z.string().refine((v) => /^ds-[0-9a-f]{16}$/.test(v), 'expected a dataset version id like ds-0123456789abcdef (see listDatasets)')],
    result: returns<DatasetDetail>(),
  },
  /** The dataset versions a version of a model in the workspace registry was trained or evaluated on. */
  modelDatasets: { args: (s) => [modelName(s), modelVersion(s)], result: returns<ModelDataset[]>() },
  /** The JSON Schema of one input row of a service: its package's manifest inputSchema (with category examples), else its /openapi.json Row. */
  serviceInputSchema: { args: (s) => [serviceId(s)], result: returns<Record<string, unknown>>() },
  /** Posts `{ rows }` to the service's /predict from the host (the window may not reach 127.0.0.1:<port>; the host knows any API key). */
  /** The saved versions of a pipeline (by document id), newest first, each with its document: the Versions view. */
  listPipelineVersions: { args: (s) => [s.z.string().min(1).max(200)], result: returns<PipelineVersion[]>() },
  tryService: { args: (s) => [serviceId(s), s.z.array(s.z.record(s.z.string(), s.z.unknown())).min(1).max(100)], result: returns<ServiceTryAnswer>() },
  /**
   * A Prompt node's playground: row `row` of its input (the cached output above it) through `variant`, rendered as the node
   * would, and with `send` sent through the node's cache, retries and host trust. Arguments: document, node id, request, the saved pipeline's path.
   */
  promptPlayground: {
    args: (s) => [
      s.document,
      s.nodeId,
      s.z.strictObject({
        row: s.z.number().int().min(0).max(1e12),
        variant: s.z.strictObject({ name: s.z.string().max(100), system: s.z.string().max(200_000), template: s.z.string().max(200_000) }),
        send: s.z.boolean(),
        refresh: s.maybe(s.z.boolean()),
      }),
      s.maybe(s.path),
    ],
    result: returns<PlaygroundAnswer>(),
  },
  /** The start screen's samples: each with its description and graph shape (node types, positions, edges) for the picture. */
  sampleGallery: { args: () => [], result: returns<SampleCard[]>() },
  /**
   * What a run of the whole pipeline would miss, before it runs: input files that do not exist, secrets not set, files outside
   * the allowed folders, addresses not allowed; each with its fix (engine/pre-run-types.ts). Arguments: document, the saved pipeline's path.
   */
  preRunCheck: { args: (s) => [s.document, s.maybe(s.path)], result: returns<PreRunCheck>() },
});
