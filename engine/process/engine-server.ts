/**
 * The engine process's side: answers protocol requests with a real engine. The entry file (a host
 * concern, e.g. hosts/shared/engine-entry.ts) builds the engine with its node catalogue and hands it here,
 * so this library never imports nodes/.
 */
import type { EngineApi } from '../engine-types.js';
import { collectVersions } from '../engine-versions.js';
import type { EngineEvent } from '../events.js';
import { ENGINE_REQUESTS } from '../requests/engine-requests.js';
import { TEST_CRASH_ENV, TEST_HOOKS_ENV, toWireError, type CrashRequest, type EngineProcessInfo, type HostMessage, type WorkerMessage } from './protocol.js';
import type { WorkerPort } from './transport.js';

export interface EngineInit {
  workspaceDir: string;
}

export type CreateEngineFn = (init: EngineInit) => EngineApi | Promise<EngineApi>;

export interface ServeOptions {
  /** Versions the host adds to the engine's own (libraries, TF.js backend), for the `info` request. */
  versions?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Ends the process once the engine is closed; tests pass a no-op. */
  exit?: (code: number) => void;
}

/** How long a host-less engine may spend closing before it exits regardless. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * Serves one engine over `port` until the host asks to shut down or disconnects.
 *
 * @example
 * serveEngine(currentProcessPort(), ({ workspaceDir }) => createEngine({ nodes: nodeCatalog, workspaceDir, versions }));
 */
export function serveEngine(port: WorkerPort, createEngineFn: CreateEngineFn, options: ServeOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let engine: EngineApi | undefined;
  let workspaceDir = '';
  const runs = new Map<number, AbortController>();
  let crashOnNodeStart: CrashRequest['how'] | undefined;
  const armed = process.env[TEST_CRASH_ENV];
  if (process.env[TEST_HOOKS_ENV] === '1' && (armed === 'exit' || armed === 'sigkill' || armed === 'oom')) crashOnNodeStart = armed;
  const send = (m: WorkerMessage) => port.postMessage(m);

  const shutdown = async () => {
    for (const c of runs.values()) c.abort();
    // A native call that ignores cancellation must not keep an orphaned engine alive after its
    // host has gone: give close() a bounded time to flush the cache index, then leave anyway.
    const deadline = new Promise<void>((done) => setTimeout(done, SHUTDOWN_GRACE_MS).unref());
    try {
      await Promise.race([engine?.close(), deadline]);
    } finally {
      exit(0);
    }
  };
  port.onDisconnect(() => void shutdown());
  // Ctrl-C in a terminal reaches the whole process group; the host turns it into a cancel, so the
  // engine must not die of it mid-write.
  process.on('SIGINT', () => {});

  const call = async (msg: Extract<HostMessage, { kind: 'request' }>): Promise<unknown> => {
    if (msg.method === 'info') {
      // The same versions a run record carries: app, Node.js, DuckDB, plus what the host adds.
      const info: EngineProcessInfo = { pid: process.pid, workspaceDir, versions: await collectVersions(options.versions) };
      return info;
    }
    if (msg.method === 'crash') {
      if (process.env[TEST_HOOKS_ENV] !== '1') throw new Error(`Test hooks are off in this engine process (set ${TEST_HOOKS_ENV}=1 in tests only).`);
      const [req] = msg.args;
      if (req.when === 'now') setImmediate(() => crash(req.how));
      else crashOnNodeStart = req.how;
      return true;
    }
    if (!engine) throw new Error('The engine is not initialised yet.');
    if (msg.method === 'run') {
      const [doc, wireOptions] = msg.args;
      const controller = new AbortController();
      runs.set(msg.id, controller);
      const onEvent = (event: EngineEvent) => {
        send({ kind: 'event', id: msg.id, event });
        if (event.type === 'node-started' && crashOnNodeStart) {
          const how = crashOnNodeStart;
          crashOnNodeStart = undefined;
          setImmediate(() => crash(how));
        }
      };
      try {
        return await engine.run(doc, { ...wireOptions, signal: controller.signal, onEvent });
      } finally {
        runs.delete(msg.id);
      }
    }
    // Every other method of the table in requests/engine-requests.ts is answered as it is.
    if (!Object.hasOwn(ENGINE_REQUESTS, msg.method)) throw new Error(`Unknown engine request "${String(msg.method)}".`);
    return (engine[msg.method] as (...args: unknown[]) => Promise<unknown>)(...msg.args);
  };

  port.onMessage((msg) => {
    switch (msg.kind) {
      case 'init':
        workspaceDir = msg.workspaceDir;
        Promise.resolve()
          .then(() => createEngineFn({ workspaceDir }))
          .then((created) => {
            engine = created;
            // Versions are left to the `info` request: gathering them may initialise TF.js backends.
            send({ kind: 'ready', info: { pid: process.pid, workspaceDir, versions: {} } });
          })
          .catch((err: unknown) => send({ kind: 'init-failed', error: toWireError(err) }));
        return;
      case 'request':
        call(msg).then(
          (result) => send({ kind: 'response', id: msg.id, ok: true, result }),
          (err: unknown) => send({ kind: 'response', id: msg.id, ok: false, error: toWireError(err) }),
        );
        return;
      case 'cancel':
        runs.get(msg.id)?.abort();
        return;
      case 'shutdown':
        void shutdown();
        return;
    }
  });
}

/** Dies the way real failures do, for the crash-survival tests (guarded by TEST_HOOKS_ENV). */
function crash(how: CrashRequest['how']): void {
  if (how === 'exit') process.exit(70);
  if (how === 'sigkill') process.kill(process.pid, 'SIGKILL');
  // Retain ever more memory until V8 hits --max-old-space-size and aborts the process.
  const hog: number[][] = [];
  for (let i = 0; ; i++) hog.push(new Array<number>(1 << 21).fill(i + 0.5));
}
