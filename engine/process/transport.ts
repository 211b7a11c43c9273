/**
 * Transports carry protocol messages between the host and the engine process. The host side has
 * two shapes: a Node child process (CLI, browser mode, tests) and Electron's utilityProcess
 * (desktop), adapted structurally so this library never imports Electron.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { totalmem } from 'node:os';
import type { HostMessage, WorkerMessage } from './protocol.js';

/** How the engine process ended: a code for exit(), a signal name for kills and aborts. */
export interface EngineExit {
  code: number | null;
  signal: string | null;
}

/** The host's handle on one engine process. */
export interface EngineTransport {
  readonly pid: number | undefined;
  postMessage(message: HostMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Called once, whatever the cause. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** The engine's stdout/stderr, when the transport can see it (for crash diagnostics). */
  onOutput?(listener: (chunk: string) => void): void;
  kill(): void;
}

/** Starts a fresh engine process each time it is called. */
export type EngineLauncher = () => EngineTransport;

export interface ForkOptions {
  /** Absolute path of the engine entry (a .ts file runs through tsx). */
  entry: string;
  /** V8 heap limit, so a runaway allocation ends the engine instead of the machine. */
  maxOldSpaceMb?: number;
  /** Extra environment for the engine process (merged over the host's). */
  env?: Record<string, string | undefined>;
  /** Where the engine's stdout/stderr go; defaults to this process's stderr, keeping stdout clean for --json. */
  forwardOutput?: (chunk: string) => void;
}

/** The env var that overrides the default engine heap limit, in megabytes. */
export const ENGINE_MEMORY_ENV = 'LIFECYCLE_STUDIO_ENGINE_MAX_OLD_SPACE_MB';

/** The default heap limit: 60% of RAM, between 512 MB and 8 GB, unless the env var says otherwise. */
export function defaultMaxOldSpaceMb(): number {
  const fromEnv = Number(process.env[ENGINE_MEMORY_ENV]);
  if (Number.isInteger(fromEnv) && fromEnv >= 64) return fromEnv;
  const mb = Math.floor((totalmem() / 1024 / 1024) * 0.6);
  return Math.max(512, Math.min(8192, mb));
}

/**
 * A launcher that forks the engine entry as a Node child process with IPC.
 *
 * @example
 * const launch = forkLauncher({ entry: fileURLToPath(new URL('./engine-entry.ts', import.meta.url)) });
 * const client = new EngineClient({ workspaceDir, launch });
 */
export function forkLauncher(options: ForkOptions): EngineLauncher {
  return () => {
    const execArgv = [`--max-old-space-size=${options.maxOldSpaceMb ?? defaultMaxOldSpaceMb()}`];
    // Resolved here, not by name: a bare 'tsx' resolves from the cwd, which may be any folder.
    if (/\.[cm]?ts$/.test(options.entry)) execArgv.push('--import', import.meta.resolve('tsx'));
    const child = fork(options.entry, [], {
      execArgv,
      env: { ...process.env, ...options.env },
      // stdout is piped too: node logs must never corrupt the host's own stdout (JSON lines).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    return childTransport(child, options.forwardOutput ?? ((chunk) => process.stderr.write(chunk)));
  };
}

function childTransport(child: ChildProcess, forward: (chunk: string) => void): EngineTransport {
  const outputListeners: ((chunk: string) => void)[] = [forward];
  const onChunk = (buf: Buffer) => {
    const text = buf.toString('utf8');
    for (const l of outputListeners) l(text);
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  return {
    pid: child.pid,
    postMessage: (message) => {
      // A send after the child died is reported through onExit; swallow the write error here.
      if (child.connected) child.send(message, (err) => void err);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as WorkerMessage)),
    onExit: (listener) => {
      let done = false;
      const fire = (exit: EngineExit) => {
        if (done) return;
        done = true;
        listener(exit);
      };
      child.once('exit', (code, signal) => fire({ code, signal }));
      // A failed spawn emits 'error' and may never emit 'exit'.
      child.once('error', () => setTimeout(() => fire({ code: child.exitCode, signal: child.signalCode }), 100));
    },
    onOutput: (listener) => outputListeners.push(listener),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}

/** The parts of Electron's UtilityProcess the host uses (kept structural: no Electron import here). */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
}

/**
 * Adapts an Electron utilityProcess to an EngineTransport. Electron reports only an exit code;
 * a crash shows up as a non-zero code.
 *
 * @example
 * const launch = () => utilityProcessTransport(utilityProcess.fork(entry, [], { execArgv, stdio: 'pipe' }));
 */
export function utilityProcessTransport(proc: UtilityProcessLike): EngineTransport {
  const outputListeners: ((chunk: string) => void)[] = [];
  const onChunk = (buf: Buffer | string) => {
    for (const l of outputListeners) l(buf.toString());
  };
  proc.stdout?.on('data', onChunk);
  proc.stderr?.on('data', onChunk);
  return {
    get pid() {
      return proc.pid;
    },
    postMessage: (message) => proc.postMessage(message),
    onMessage: (listener) => proc.on('message', (m) => listener(m as WorkerMessage)),
    onExit: (listener) => proc.on('exit', (code) => listener({ code, signal: null })),
    onOutput: (listener) => outputListeners.push(listener),
    kill: () => void proc.kill(),
  };
}

/** The engine process's side of the channel. */
export interface WorkerPort {
  postMessage(message: WorkerMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** Called when the host goes away (its end of the channel closed). */
  onDisconnect(listener: () => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

/**
 * The channel to the host from inside the engine process: Electron's `process.parentPort` under a
 * utilityProcess, otherwise Node's child-process IPC (`process.send`).
 */
export function currentProcessPort(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      postMessage: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data as HostMessage)),
      // A utilityProcess is killed by Electron together with its parent.
      onDisconnect: () => {},
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The engine entry must be started by a host (child_process.fork or utilityProcess), not run directly.');
  return {
    postMessage: (m) => {
      if (process.connected) send(m);
    },
    onMessage: (l) => process.on('message', (m) => l(m as HostMessage)),
    onDisconnect: (l) => process.on('disconnect', l),
  };
}
