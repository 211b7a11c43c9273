/**
 * The message protocol between a host and an engine running in its own process. Every EngineApi
 * method becomes a request answered by id; a run also streams its EngineEvents tagged with the
 * request id; a cancel message aborts a run. All payloads are plain JSON (structured-clone safe),
 * so the same messages travel over child_process IPC and Electron's utilityProcess port.
 */
import type { EngineApi, RunOptions } from '../engine-types.js';
import type { EngineEvent } from '../events.js';
import type { EngineRequests } from '../requests/engine-requests.js';

/** The EngineApi methods that cross the boundary (the table in requests/engine-requests.ts; close is handled by the transport). */
export type EngineMethod = keyof EngineRequests;

/** RunOptions plus a run id the host may choose up front (so it can name the run before it ends). */
export type ClientRunOptions = RunOptions & { runId?: string };

/** What `run` carries across: the run options minus the parts that cannot be cloned. */
export type WireRunOptions = Omit<ClientRunOptions, 'signal' | 'onEvent'>;

/** Argument tuples per method, with functions and signals stripped (only `run` has any). */
export type EngineRequestArgs = {
  [M in EngineMethod]: M extends 'run' ? [doc: Parameters<EngineApi['run']>[0], options: WireRunOptions] : Parameters<EngineApi[M]>;
};

export type EngineResult<M extends EngineMethod> = Awaited<ReturnType<EngineApi[M]>>;

/** Facts about the engine process, answered to the `info` request. */
export interface EngineProcessInfo {
  pid: number;
  workspaceDir: string;
  /** App and library versions, including the TensorFlow.js backend in use once chosen. */
  versions: Record<string, string>;
}

/**
 * Test-only: makes the engine process die the way a native crash or an out-of-memory would.
 * The worker refuses it unless its environment sets LIFECYCLE_STUDIO_ENGINE_TEST_HOOKS=1.
 */
export interface CrashRequest {
  how: 'exit' | 'sigkill' | 'oom';
  /** 'now', or when the next node starts running (so a run is in flight). */
  when: 'now' | 'next-node-started';
}

/** The env var that arms test-only requests in the engine process. Never set it in production. */
export const TEST_HOOKS_ENV = 'LIFECYCLE_STUDIO_ENGINE_TEST_HOOKS';

/**
 * With test hooks armed, `exit` | `sigkill` | `oom` here makes the engine die when its first node
 * starts: how tests crash the engine under a host they cannot reach into (the CLI).
 */
export const TEST_CRASH_ENV = 'LIFECYCLE_STUDIO_ENGINE_TEST_CRASH';

export type HostMessage =
  | { kind: 'init'; workspaceDir: string }
  | { [M in EngineMethod]: { kind: 'request'; id: number; method: M; args: EngineRequestArgs[M] } }[EngineMethod]
  | { kind: 'request'; id: number; method: 'info'; args: [] }
  | { kind: 'request'; id: number; method: 'crash'; args: [CrashRequest] }
  | { kind: 'cancel'; id: number }
  | { kind: 'shutdown' };

/** An error as it crosses the boundary: NodeError's code and hint survive. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  stack?: string;
  /** A list the error carries for machines (DOCUMENT_INVALID: the issues with their JSON paths). */
  details?: unknown[];
}

export type WorkerMessage =
  | { kind: 'ready'; info: EngineProcessInfo }
  | { kind: 'init-failed'; error: WireError }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: WireError }
  | { kind: 'event'; id: number; event: EngineEvent };

/** Turns anything thrown into a WireError, keeping `code` and `hint` when present. */
export function toWireError(err: unknown): WireError {
  if (err instanceof Error) {
    const extra = err as Error & { code?: unknown; hint?: unknown; details?: unknown };
    return {
      name: err.name,
      message: err.message,
      code: typeof extra.code === 'string' ? extra.code : undefined,
      hint: typeof extra.hint === 'string' ? extra.hint : undefined,
      stack: err.stack,
      ...(Array.isArray(extra.details) ? { details: extra.details } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}

/** An error raised on the host for a failure that happened in (or to) the engine process. */
export class EngineProcessError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    remoteStack?: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = 'EngineProcessError';
    if (remoteStack) this.stack = `${this.name}: ${message}\n--- in the engine process ---\n${remoteStack}`;
  }

  static fromWire(error: WireError): EngineProcessError {
    return new EngineProcessError(error.code ?? error.name, error.message, error.hint, error.stack, error.details);
  }
}

/** Error code of everything that fails because the engine process died. */
export const ENGINE_CRASHED = 'ENGINE_CRASHED';
