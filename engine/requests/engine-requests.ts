/**
 * Every EngineApi method that crosses the engine process boundary, declared once with its
 * signature. `EngineApi` (engine-types.ts) is derived from this table, and so are the process
 * client's methods (process/engine-client.ts) and the engine process's dispatch
 * (process/engine-server.ts). Adding an engine method: one entry here, its implementation in
 * engine.ts. `run` is the one streamed method (events and cancellation), handled apart on both sides.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { FileDescription } from '../models/premade/signature-types.js';
import type { PlaygroundAnswer, PlaygroundOptions, PlaygroundRequest } from '../playground-types.js';
import type { NodePlan, PageRequest, PageResult, RunListItem, RunOptions, RunRecord, TableProfile, ValidationIssue } from '../engine-types.js';

type AsyncFn = (...args: never[]) => Promise<unknown>;

declare const signatureType: unique symbol;

/** A type-only marker carrying a method's signature; `method<F>()` makes one. */
export interface EngineMethodDecl<F extends AsyncFn> {
  readonly [signatureType]?: F;
}

const method = <F extends AsyncFn>(): EngineMethodDecl<F> => ({});

export const ENGINE_REQUESTS = {
  validate: method<(doc: unknown) => Promise<{ document?: PipelineDocument; issues: ValidationIssue[] }>>(),
  run: method<(doc: PipelineDocument, options?: RunOptions) => Promise<RunRecord>>(),
  plan: method<(doc: PipelineDocument, options?: Pick<RunOptions, 'documentPath' | 'allowedRoots'>) => Promise<NodePlan[]>>(),
  page: method<(request: PageRequest) => Promise<PageResult>>(),
  profile: method<(table: string, columns?: string[]) => Promise<TableProfile>>(),
  listRuns: method<() => Promise<RunListItem[]>>(),
  getRun: method<(runId: string) => Promise<RunRecord | undefined>>(),
  deleteRun: method<(runId: string) => Promise<boolean>>(),
  /** What a node's input file holds (a `describesFile` node type: an ONNX model's signature), confined like a run. */
  describeNodeFile: method<(doc: PipelineDocument, nodeId: string, options?: Pick<RunOptions, 'documentPath' | 'allowedRoots'>) => Promise<FileDescription>>(),
  /** One input row through a node's playground (Prompt): render, and with `send` call, as the node would; confined and trust-checked like a run. */
  promptPlayground: method<(doc: PipelineDocument, nodeId: string, request: PlaygroundRequest, options?: PlaygroundOptions) => Promise<PlaygroundAnswer>>(),
};

/** The methods of the table with their signatures: what `EngineApi` extends. */
export type EngineRequests = { [M in keyof typeof ENGINE_REQUESTS]: (typeof ENGINE_REQUESTS)[M] extends EngineMethodDecl<infer F> ? F : never };

/** Every method that crosses the boundary, in declaration order. */
export const ENGINE_METHOD_NAMES = Object.keys(ENGINE_REQUESTS) as (keyof EngineRequests)[];
