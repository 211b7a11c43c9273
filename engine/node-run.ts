/**
 * The engine side of a node: `run(ctx, inputs, params)`. Lives apart from `node-def.ts` because it
 * references the data plane, which the renderer must never load.
 */
import type { NodeDef, ParamSpecs, ParamsOf, PortSpec } from './node-def.js';
import type { ValidationIssue } from './engine-types.js';
import { parseParams } from './graph/parse-params.js';
import type { DataPlane } from './data/data-plane.js';
import type { PortValue, PortValueOf } from './values.js';
import type { LogLevel, ProgressDetail } from './events.js';
import type { FileDescription } from './models/premade/signature-types.js';
import type { DeployedService, DeployRequest } from './services.js';
import type { PlaygroundAnswer, PlaygroundRequest } from './playground-types.js';

// Declared with the events (which the window loads); re-exported for the nodes that use them here.
export type { LogLevel, ProgressDetail };

export interface RunContext {
  readonly runId: string;
  readonly nodeId: string;
  /** Aborted when the user cancels; long loops must check it (training stops mid-epoch). */
  readonly signal: AbortSignal;
  /** fraction in [0, 1], or undefined when unknown; message in plain words ("epoch 3 of 10, loss 0.41"). */
  progress(fraction: number | undefined, message: string, detail?: ProgressDetail): void;
  log(level: LogLevel, message: string): void;
  /**
   * This node's own DuckDB connection, opened when it starts and closed when it ends (also on
   * failure or cancel). `data.run(sql, { signal, onProgress })` is the cancellable statement:
   * aborting interrupts it on this connection only, and progress is this statement's only.
   * Per-connection settings (`SET SESSION ...`) stay with this node; a database-wide one
   * (`threads`) only inside `data.alone(...)`, see `engine/data/one-thread.ts`.
   */
  readonly data: DataPlane;
  /**
   * A directory owned by this node's cache entry for files it writes (models, reports).
   * Created before `run` is called; removed when the cache entry is evicted.
   */
  readonly artifactDir: string;
  /** A DuckDB table name owned by this node's cache entry, for the given output port. */
  outputTable(port: string): string;
  /** Absolute path of a path param, which the document stores relative to the pipeline file. */
  resolvePath(path: string): string;
  /**
   * The workspace folder (absolute): the engine's database, cache and run records, and the model
   * registry (`<workspaceDir>/models`). A root the run-path check always allows.
   */
  readonly workspaceDir: string;
  /** sha256 of the pipeline document being run, as in the run record; absent when a node runs outside a run (tests). */
  readonly documentHash?: string;
  /** A secret's value by its name (keychain on desktop, environment under the CLI). */
  secret(name: string): string | undefined;
  /**
   * Hosts other than loopback the user allowed this pipeline to reach (`RunOptions.allowedHosts`), for
   * a node that learns a host only from its inputs (Deploy serving a prompt package calls its provider).
   * Undefined: trusted embedding, no check.
   */
  readonly allowedHosts?: readonly string[];
  /** The host's service manager (long-lived model servers); absent when the engine runs without a host. */
  readonly services?: NodeServices;
}

/** `ServiceProvider` as a node sees it: the engine fills in the owner (this node of this pipeline). */
export interface NodeServices {
  deploy(request: Omit<DeployRequest, 'owner'>, signal?: AbortSignal): Promise<DeployedService>;
}

type PortName<P> = P extends { name: infer N extends string } ? N : never;

export type InputsOf<D extends NodeDef> = {
  [P in D['inputs'][number] as PortName<P>]: P extends { optional: true } ? PortValueOf<P['kind']> | undefined : PortValueOf<P['kind']>;
};
export type OutputsOf<D extends NodeDef> = {
  [P in D['outputs'][number] as PortName<P>]: PortValueOf<P['kind']>;
};

export type RunFn<D extends NodeDef> = (ctx: RunContext, inputs: InputsOf<D>, params: ParamsOf<D>) => Promise<OutputsOf<D>>;

/** What `keyFiles` may use: the workspace and the document's path resolution. */
export interface KeyEnv {
  readonly workspaceDir: string;
  resolvePath(path: string): string;
}

/** Extra cache-key entries, shaped like file params: shown as "input file changed: <path>" when they change. */
export type KeyFiles = Record<string, { path: string; fingerprint: string }>;

/** A node type as the engine holds it: its definition plus its runner. */
export interface NodeImpl {
  readonly def: NodeDef<ParamSpecs>;
  /**
   * What the node's output depends on besides its params, inputs and file params, read before the
   * run for its cache key (Registered model: the version its name and stage resolve to now, and its hash).
   */
  keyFiles?(params: Record<string, unknown>, env: KeyEnv): Promise<KeyFiles>;
  /** `params` as the document holds them (or already parsed: parsing parsed values changes nothing). */
  run(ctx: RunContext, inputs: Record<string, PortValue | undefined>, params: unknown): Promise<Record<string, PortValue>>;
  /**
   * Idempotent preparations a run may do before the node starts, while a long DuckDB statement of an
   * earlier node keeps the main thread idle (engine/warm-up.ts): Train starts ONNX Runtime, and loads
   * TensorFlow.js when its params need it. `params` as the document holds them; the same function
   * from two nodes runs once.
   */
  warmUp?(params: unknown): readonly (() => void)[];
  /** For a def with `describesFile`: what the file at this absolute path holds (already confined to the run's roots). */
  describe?(path: string): Promise<FileDescription>;
  /** The inspector's playground (Prompt): one input row through the node's own code, outside a run (engine/node-playground.ts). */
  playground?(ctx: PlaygroundContext, inputs: Record<string, PortValue | undefined>, params: unknown, request: PlaygroundRequest): Promise<PlaygroundAnswer>;
}

/** What a playground gets: a run context's reading and secrets, plus the host-trust check to pass before anything is sent. */
export interface PlaygroundContext extends Pick<RunContext, 'nodeId' | 'signal' | 'data' | 'workspaceDir' | 'secret'> {
  /** Throws HOST_NOT_ALLOWED (an EngineError whose details are the refusals) when the node's host is not allowed. */
  assertMaySend(): void;
}

/**
 * Pairs a definition with its typed runner; see any `nodes/<name>/run.ts`. The runner receives the
 * values of `parseParams`, the same reading validation and the cache key use; params it refuses
 * never reach the runner (`ParamsInvalidError`, with the same issues validation reports).
 */
export function defineRunner<D extends NodeDef>(
  def: D,
  run: RunFn<D>,
  options: {
    keyFiles?: (params: ParamsOf<D>, env: KeyEnv) => Promise<KeyFiles>;
    warmUp?: (params: ParamsOf<D>) => readonly (() => void)[];
  } = {},
): NodeImpl {
  const { keyFiles, warmUp } = options;
  return {
    def,
    ...(warmUp
      ? {
          warmUp: (raw) => {
            const parsed = parseParams(def, raw);
            // Params the node would refuse need nothing warmed: the run stops before it.
            return parsed.values ? warmUp(parsed.values) : [];
          },
        }
      : {}),
    ...(keyFiles
      ? {
          keyFiles: async (raw, env) => {
            const parsed = parseParams(def, raw);
            // Invalid params never run; their key only serves a plan.
            return parsed.values ? keyFiles(parsed.values, env) : {};
          },
        }
      : {}),
    run: async (ctx, inputs, raw) => {
      const parsed = parseParams(def, raw, { nodeId: ctx.nodeId });
      if (!parsed.values) throw new ParamsInvalidError(def.type, parsed.issues);
      // Inputs are checked by the graph (port kinds, required inputs) before any run.
      return run(ctx, inputs as InputsOf<D>, parsed.values);
    },
  };
}

/** A node-level failure with a plain-words message and a hint on how to fix it. */
export class NodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'NodeError';
  }
}

/** Params `parseParams` refused, reaching a runner directly (the engine refuses them before a run). */
export class ParamsInvalidError extends NodeError {
  constructor(
    type: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    const errors = issues.filter((i) => i.severity === 'error');
    super('PARAM_INVALID', `invalid params for "${type}": ${errors.map((i) => `${i.path}: ${i.message}`).join('; ')}`, 'Fix the params named here.');
    this.name = 'ParamsInvalidError';
  }
}

export type { PortSpec };
