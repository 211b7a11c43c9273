import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../engine/events.js';
import { crashFailure, EngineClient } from './engine-client.js';
import type { HostMessage, WorkerMessage } from '../../engine/process/protocol.js';
import type { EngineExit, EngineTransport } from '../../engine/process/transport.js';

describe('crashFailure', () => {
  it('names the signal or the exit code in plain words', () => {
    expect(crashFailure({ code: null, signal: 'SIGKILL' }).message).toBe(
      'The engine process stopped unexpectedly (signal SIGKILL). Your pipeline and earlier outputs are safe; run again to continue.',
    );
    expect(crashFailure({ code: 3, signal: null })).toMatchObject({
      code: 'ENGINE_CRASHED',
      message: expect.stringContaining('(exit code 3)'),
      hint: undefined,
    });
  });

  it('recognises V8 running out of heap from what the process printed last', () => {
    const tail = '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n';
    const failure = crashFailure({ code: null, signal: 'SIGABRT' }, tail);
    expect(failure.hint).toMatch(/ran out of memory.*LIFECYCLE_STUDIO_ENGINE_MAX_OLD_SPACE_MB/);
    expect(failure.stack).toContain('FATAL ERROR');
  });
});

/**
 * The client's bookkeeping (pending requests, crash, restart) against a scripted transport; the
 * real process and engine are exercised in test/engine-process.test.ts.
 */
class ScriptedProcess implements EngineTransport {
  readonly pid = Math.floor(Math.random() * 1e6);
  readonly sent: HostMessage[] = [];
  private onMsg: (m: WorkerMessage) => void = () => {};
  private onEnd: (e: EngineExit) => void = () => {};
  constructor(private readonly script: (msg: HostMessage, proc: ScriptedProcess) => void) {}
  postMessage(message: HostMessage) {
    this.sent.push(message);
    queueMicrotask(() => this.script(message, this));
  }
  onMessage(l: (m: WorkerMessage) => void) {
    this.onMsg = l;
  }
  onExit(l: (e: EngineExit) => void) {
    this.onEnd = l;
  }
  kill() {
    this.die({ code: null, signal: 'SIGKILL' });
  }
  reply(m: WorkerMessage) {
    this.onMsg(m);
  }
  die(e: EngineExit) {
    this.onEnd(e);
  }
}

function launcher(script: (msg: HostMessage, proc: ScriptedProcess) => void) {
  const procs: ScriptedProcess[] = [];
  const launch = () => {
    const p = new ScriptedProcess(script);
    procs.push(p);
    return p;
  };
  return { procs, launch };
}

const ready = (msg: HostMessage, proc: ScriptedProcess) => {
  if (msg.kind === 'init') proc.reply({ kind: 'ready', info: { pid: proc.pid, workspaceDir: msg.workspaceDir, versions: {} } });
};

describe('EngineClient', () => {
  it('needs a way to start the engine', () => {
    expect(() => new EngineClient({ workspaceDir: '/tmp/x' })).toThrow('EngineClient needs `launch` or `entry`.');
  });

  it('fails a run in flight with a run-finished event when the process dies, then starts a new one', async () => {
    const { procs, launch } = launcher((msg, proc) => {
      ready(msg, proc);
      if (msg.kind === 'request' && msg.method === 'run' && procs.length === 1) {
        proc.reply({ kind: 'event', id: msg.id, event: { type: 'run-started', runId: 'r1', at: 1, nodeIds: ['a'], layers: [['a']] } });
        proc.die({ code: null, signal: 'SIGSEGV' });
      }
      if (msg.kind === 'request' && msg.method === 'listRuns') proc.reply({ kind: 'response', id: msg.id, ok: true, result: [] });
    });
    const client = new EngineClient({ workspaceDir: '/w', launch });
    const events: EngineEvent[] = [];
    const doc = { nodes: [], edges: [] } as never;
    await expect(client.run(doc, { onEvent: (e) => events.push(e) })).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', runId: 'r1', status: 'failed', error: { code: 'ENGINE_CRASHED' } });
    expect(await client.listRuns()).toEqual([]);
    expect(procs).toHaveLength(2);
    expect(procs[1].sent[0]).toEqual({ kind: 'init', workspaceDir: '/w' });
  });

  it('resends a request that never left when the process died right after it was ready', async () => {
    const { procs, launch } = launcher((msg, proc) => {
      if (msg.kind === 'init') {
        ready(msg, proc);
        // Dies after saying ready, before the caller got to write its request.
        if (procs.length === 1) proc.die({ code: 1, signal: null });
      }
      if (msg.kind === 'request' && msg.method === 'getRun') proc.reply({ kind: 'response', id: msg.id, ok: true, result: undefined });
    });
    const client = new EngineClient({ workspaceDir: '/w', launch });
    await expect(client.getRun('x')).resolves.toBeUndefined();
    expect(procs.length).toBe(2);
  });

  it('reports an engine that cannot start with its own words, and tries again on the next call', async () => {
    const { procs, launch } = launcher((msg, proc) => {
      if (msg.kind === 'init' && procs.length === 1)
        proc.reply({ kind: 'init-failed', error: { name: 'Error', message: 'IO Error: Could not set lock on file' } });
      else ready(msg, proc);
      if (msg.kind === 'request' && msg.method === 'info')
        proc.reply({ kind: 'response', id: msg.id, ok: true, result: { pid: proc.pid, workspaceDir: '/w', versions: {} } });
    });
    const client = new EngineClient({ workspaceDir: '/w', launch });
    await expect(client.info()).rejects.toThrow('Could not set lock on file');
    expect(procs[0].sent.some((m) => m.kind === 'request')).toBe(false);
    await expect(client.info()).resolves.toMatchObject({ pid: procs[1].pid, workspaceDir: '/w' });
  });
});
