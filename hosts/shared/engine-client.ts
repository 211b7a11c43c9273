/**
 * The host's view of an engine running in its own process. Implements EngineApi, so hosts use it
 * exactly like an in-process engine; a crash of the process (native fault, out of memory, kill)
 * fails what was pending with ENGINE_CRASHED, and the next call starts a fresh process on the
 * same workspace.
 */
import type { EngineApi, RunRecord } from '../../engine/engine-types.js';
import type { EngineEvent, NodeFailure } from '../../engine/events.js';
import {
  ENGINE_CRASHED,
  EngineProcessError,
  type ClientRunOptions,
  type CrashRequest,
  type EngineMethod,
  type EngineProcessInfo,
  type EngineRequestArgs,
  type EngineResult,
  type HostMessage,
  type WorkerMessage,
} from '../../engine/process/protocol.js';
import { writeCrashRecord } from './crash-record.js';
import { ForwardedEngineCalls, type ForwardedMethod } from '../../engine/process/forwarded-calls.js';
import { forkLauncher, type EngineExit, type EngineLauncher, type EngineTransport } from '../../engine/process/transport.js';

export interface EngineClientOptions {
  /** The workspace folder (DuckDB database, cache, run records); the engine creates it if missing. */
  workspaceDir: string;
  /** Starts an engine process. Give either this or `entry`. */
  launch?: EngineLauncher;
  /** Engine entry file for the default child-process launcher. */
  entry?: string;
  /** Heap limit for the default launcher, in MB. */
  maxOldSpaceMb?: number;
  /** Extra environment for the default launcher. */
  env?: Record<string, string | undefined>;
  /** Where the default launcher sends the engine's stdout/stderr (default: this process's stderr). */
  forwardOutput?: (chunk: string) => void;
  /** Told whenever a process ends without being asked to (hosts show "engine restarted"). */
  onCrash?: (failure: NodeFailure, exit: EngineExit) => void;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onEvent?: (event: EngineEvent) => void;
  runId?: string;
  startedAt: number;
  /** For runs: what a crash record needs (the document and every event relayed so far). */
  run?: { document: RunRecord['document']; options: ClientRunOptions; events: EngineEvent[] };
}

interface Session {
  transport: EngineTransport;
  ready: Promise<EngineProcessInfo>;
  pending: Map<number, Pending>;
  closing: boolean;
  /** Set once the process has ended; nothing may be sent on this session after that. */
  ended: boolean;
  /** Last few KB the engine printed, to tell an out-of-memory from other crashes. */
  outputTail: string;
  /** Whether the process was told its workspace (`init`); a prestarted one has only loaded its code. */
  opened: boolean;
}

const TAIL_CHARS = 4000;

interface RequestExtra {
  signal?: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
  runId?: string;
  run?: Pending['run'];
}

/**
 * @example
 * const engine = new EngineClient({ workspaceDir: '/data/.lifecycle-studio', entry: '/app/hosts/shared/engine-entry.ts' });
 * const record = await engine.run(doc, { onEvent: (e) => console.log(e.type) });
 * await engine.close();
 */
export class EngineClient extends ForwardedEngineCalls implements EngineApi {
  private session: Session | undefined;
  private nextId = 1;
  private readonly launch: EngineLauncher;

  constructor(private readonly options: EngineClientOptions) {
    super();
    if (options.launch) {
      this.launch = options.launch;
    } else if (options.entry) {
      const { entry, maxOldSpaceMb, env, forwardOutput } = options;
      this.launch = forkLauncher({ entry, maxOldSpaceMb, env, forwardOutput });
    } else {
      throw new Error('EngineClient needs `launch` or `entry`.');
    }
  }

  /** Process id of the current engine process, if one is running. */
  get pid(): number | undefined {
    return this.session?.transport.pid;
  }

  run(doc: RunRecord['document'], options: ClientRunOptions = {}): Promise<RunRecord> {
    const { signal, onEvent, ...wire } = options;
    return this.request('run', [doc, wire], { signal, onEvent, runId: wire.runId, run: { document: doc, options, events: [] } });
  }

  /** Every other method of the table (see forwarded-calls.ts) is one request and one answer. */
  protected forward(method: ForwardedMethod, args: unknown[]): Promise<unknown> {
    return this.request(method, args as EngineRequestArgs[ForwardedMethod]);
  }

  /**
   * Starts the engine process without opening the workspace: it loads its code (about a third of a
   * second) while the caller does its own checks; the first request opens the workspace. Closing a
   * process that was never opened kills it at once, as it holds nothing.
   */
  prestart(): void {
    this.ensureSession(false);
  }

  /** Workspace, versions and pid of the engine process (starting it if needed). */
  async info(): Promise<EngineProcessInfo> {
    return (await this.send({ method: 'info', args: [] })) as EngineProcessInfo;
  }

  /** Test-only: asks the engine process to die (refused unless its env arms test hooks). */
  async crashForTest(request: CrashRequest): Promise<void> {
    await this.send({ method: 'crash', args: [request] });
  }

  /** Shuts the engine process down cleanly (it closes the database first). */
  async close(): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.closing = true;
    this.session = undefined;
    const exited = new Promise<void>((resolve) => session.transport.onExit(() => resolve()));
    if (session.opened) session.transport.postMessage({ kind: 'shutdown' });
    else session.transport.kill();
    const timer = setTimeout(() => session.transport.kill(), 10_000);
    await exited;
    clearTimeout(timer);
    for (const p of session.pending.values()) p.reject(new EngineProcessError('ENGINE_CLOSED', 'The engine was closed before it answered.'));
    session.pending.clear();
  }

  private request<M extends EngineMethod>(method: M, args: EngineRequestArgs[M], extra: RequestExtra = {}): Promise<EngineResult<M>> {
    return this.send({ method, args } as Omit<Extract<HostMessage, { kind: 'request' }>, 'kind' | 'id'>, extra) as Promise<EngineResult<M>>;
  }

  private async send(body: Omit<Extract<HostMessage, { kind: 'request' }>, 'kind' | 'id'>, extra: RequestExtra = {}, retried = false): Promise<unknown> {
    const session = this.ensureSession();
    await session.ready;
    // The process may have died between `ready` and now: the request never left, so it is safe to
    // send it once more to a fresh process instead of waiting forever on a dead one.
    if (session.ended) {
      if (retried) throw new EngineProcessError(ENGINE_CRASHED, 'The engine process stopped right after starting, twice.');
      return this.send(body, extra, true);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      session.pending.set(id, { method: body.method, resolve, reject, onEvent: extra.onEvent, runId: extra.runId, startedAt: Date.now(), run: extra.run });
      session.transport.postMessage({ kind: 'request', id, ...body } as HostMessage);
      const signal = extra.signal;
      if (signal) {
        const cancel = () => session.transport.postMessage({ kind: 'cancel', id });
        if (signal.aborted) cancel();
        else signal.addEventListener('abort', cancel, { once: true });
      }
    });
  }

  private ensureSession(open = true): Session {
    const session = this.session ?? this.launchSession();
    if (open && !session.opened) {
      session.opened = true;
      session.transport.postMessage({ kind: 'init', workspaceDir: this.options.workspaceDir });
    }
    return session;
  }

  private launchSession(): Session {
    const transport = this.launch();
    const pending = new Map<number, Pending>();
    let readyResolve!: (info: EngineProcessInfo) => void;
    let readyReject!: (err: Error) => void;
    const ready = new Promise<EngineProcessInfo>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    // Callers await `ready` themselves; this keeps an early crash from being an unhandled rejection.
    ready.catch(() => {});
    const session: Session = { transport, ready, pending, closing: false, ended: false, outputTail: '', opened: false };
    this.session = session;

    transport.onOutput?.((chunk) => {
      session.outputTail = (session.outputTail + chunk).slice(-TAIL_CHARS);
    });
    transport.onMessage((msg) => this.onMessage(session, msg, readyResolve, readyReject));
    transport.onExit((exit) => {
      session.ended = true;
      if (this.session === session) this.session = undefined;
      if (session.closing) return;
      const failure = crashFailure(exit, session.outputTail);
      readyReject(new EngineProcessError(ENGINE_CRASHED, failure.message, failure.hint));
      for (const [id, p] of pending) {
        if (p.method === 'run' && p.onEvent) {
          p.onEvent({
            type: 'run-finished',
            runId: p.runId ?? `unstarted-${id}`,
            at: Date.now(),
            status: 'failed',
            durationMs: Date.now() - p.startedAt,
            error: failure,
          });
        }
        const reject = () => p.reject(new EngineProcessError(ENGINE_CRASHED, failure.message, failure.hint));
        if (!p.run) {
          reject();
          continue;
        }
        // The record is a courtesy: a failure to write it must not hide the crash from the caller.
        const { document, options, events } = p.run;
        writeCrashRecord(this.options.workspaceDir, { runId: p.runId, document, options, startedAt: p.startedAt, events, failure })
          .catch(() => undefined)
          .finally(reject);
      }
      pending.clear();
      this.options.onCrash?.(failure, exit);
    });
    return session;
  }

  private onMessage(session: Session, msg: WorkerMessage, readyResolve: (i: EngineProcessInfo) => void, readyReject: (e: Error) => void): void {
    switch (msg.kind) {
      case 'ready':
        readyResolve(msg.info);
        return;
      case 'init-failed': {
        readyReject(EngineProcessError.fromWire(msg.error));
        // The process is useless without an engine; the next call will try again.
        session.closing = true;
        if (this.session === session) this.session = undefined;
        session.transport.kill();
        return;
      }
      case 'event': {
        const p = session.pending.get(msg.id);
        if (!p) return;
        if (msg.event.type === 'run-started') {
          p.runId = msg.event.runId;
          p.startedAt = msg.event.at;
        }
        p.run?.events.push(msg.event);
        p.onEvent?.(msg.event);
        return;
      }
      case 'response': {
        const p = session.pending.get(msg.id);
        if (!p) return;
        session.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(EngineProcessError.fromWire(msg.error));
        return;
      }
    }
  }
}

/** The plain-words failure a crashed engine leaves behind. */
export function crashFailure(exit: EngineExit, outputTail = ''): NodeFailure {
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
  const outOfMemory = /heap out of memory|Reached heap limit|Allocation failed/i.test(outputTail);
  return {
    code: ENGINE_CRASHED,
    message: `The engine process stopped unexpectedly (${how}). Your pipeline and earlier outputs are safe; run again to continue.`,
    hint: outOfMemory ? 'It ran out of memory. Work on a sample of the data, or raise the limit with LIFECYCLE_STUDIO_ENGINE_MAX_OLD_SPACE_MB.' : undefined,
    stack: outputTail.trim() ? outputTail.trim().split('\n').slice(-20).join('\n') : undefined,
  };
}
