/**
 * The engine in its own process, through the real entry (real engine, real nodes, real DuckDB):
 * requests and events cross the boundary, and a crash of the process (kill, exit, out of memory)
 * ends the run with ENGINE_CRASHED while the host carries on with a fresh engine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/events.js';
import { TEST_HOOKS_ENV } from '../engine/process/protocol.js';
import type { EngineClient } from '../hosts/shared/engine-client.js';
import { startEngine } from '../cli/engine-host.js';
import { pipeline, SHARED_DATA, tempDir } from './testing/cli-harness.js';

const importDoc = (file: string, extra: Record<string, unknown> = {}) =>
  pipeline([{ id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, file), ...extra } }]) as Parameters<EngineClient['run']>[0];

// Counted independently: iris.csv has 151 lines, the first one the header.
const IRIS_ROWS = 150;
const ADULT_NAMES =
  'age workclass fnlwgt education education-num marital-status occupation relationship race sex capital-gain capital-loss hours-per-week native-country income'.split(
    ' ',
  );

const clients: EngineClient[] = [];
const open = (options: Parameters<typeof startEngine>[1] = {}) => {
  const c = startEngine(tempDir('ls-engine-ws-'), { env: { [TEST_HOOKS_ENV]: '1' }, ...options });
  clients.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Signal 0 checks that a process exists without touching it. */
const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const workspaceOf = (c: EngineClient) => (c as unknown as { options: { workspaceDir: string } }).options.workspaceDir;

const rowsOf = (record: Awaited<ReturnType<EngineClient['run']>>) => (record.nodes.imp.outputs?.table as { rowCount: number } | undefined)?.rowCount;

describe('engine process', () => {
  it('runs a pipeline across the process boundary and streams its events', async () => {
    const engine = open();
    const events: EngineEvent[] = [];
    const record = await engine.run(importDoc('iris.csv'), { onEvent: (e) => events.push(e) });
    expect(record.status).toBe('succeeded');
    expect(rowsOf(record)).toBe(IRIS_ROWS);
    expect(events.map((e) => e.type)).toEqual(['run-started', 'node-started', ...events.slice(2, -2).map((e) => e.type), 'node-finished', 'run-finished']);
    expect(new Set(events.map((e) => e.runId))).toEqual(new Set([record.runId]));
    expect((await engine.listRuns()).map((r) => r.runId)).toContain(record.runId);
    // Nothing trained: the record names no TensorFlow.js backend, because asking for the versions no
    // longer loads TensorFlow.js (seconds) into a run that does not train.
    expect(record.versions['@duckdb/node-api']).toMatch(/^\d+\.\d+/);
    expect(record.versions.tfBackend).toBeUndefined();
    const info = await engine.info();
    expect(info.pid).toBe(engine.pid);
    expect(info.versions['@duckdb/node-api']).toMatch(/^\d+\.\d+/);
  });

  it('prestarts a process that opens its workspace only with the first request, and is killed at once if never used', async () => {
    // A workspace folder that does not exist yet: the engine creates it when it opens it.
    const fresh = () => {
      const c = startEngine(join(tempDir('ls-engine-ws-'), 'ws'));
      clients.push(c);
      return c;
    };
    const idle = fresh();
    idle.prestart();
    const idlePid = idle.pid!;
    expect(processAlive(idlePid)).toBe(true);
    await idle.close();
    expect(processAlive(idlePid)).toBe(false);
    expect(existsSync(workspaceOf(idle))).toBe(false);

    const used = fresh();
    used.prestart();
    const pid = used.pid;
    expect(existsSync(workspaceOf(used))).toBe(false);
    const record = await used.run(importDoc('iris.csv'));
    expect(record.status).toBe('succeeded');
    expect(rowsOf(record)).toBe(IRIS_ROWS);
    // The run went to the prestarted process, not to a second one.
    expect(used.pid).toBe(pid);
    expect(existsSync(workspaceOf(used))).toBe(true);
  });

  it('cancels a run in the engine process through the AbortSignal', async () => {
    const engine = open();
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const record = await engine.run(importDoc('kddcup.data_10_percent.csv.gz', { header: 'no' }), {
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        // The import's first progress report: it is working, whatever the machine's speed.
        if (e.type === 'node-progress' && !controller.signal.aborted) controller.abort();
      },
    });
    expect(record.status).toBe('cancelled');
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    // 'cancelled' (not 'succeeded') proves the abort crossed the boundary mid-import.
    expect(record.nodes.imp.error?.code).toBe('NODE_CANCELLED');
    // The process is still there and answers.
    expect(rowsOf(await engine.run(importDoc('iris.csv')))).toBe(IRIS_ROWS);
  });

  it('ends a run killed by SIGKILL with ENGINE_CRASHED; earlier outputs survive and a new process reuses them', async () => {
    const engine = open();
    const before = await engine.run(importDoc('iris.csv'));
    expect(rowsOf(before)).toBe(IRIS_ROWS);
    const firstPid = engine.pid;

    await engine.crashForTest({ how: 'sigkill', when: 'next-node-started' });
    const events: EngineEvent[] = [];
    const outcome = await engine.run(importDoc('adult-train.csv', { header: 'no', columnNames: ADULT_NAMES }), { onEvent: (e) => events.push(e) }).then(
      () => 'resolved',
      (err: { code?: string; message: string }) => err,
    );
    expect(outcome).toMatchObject({ code: 'ENGINE_CRASHED' });
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'run-finished', status: 'failed', error: { code: 'ENGINE_CRASHED' } });
    expect(last?.type === 'run-finished' && last.error?.message).toBe(
      'The engine process stopped unexpectedly (signal SIGKILL). Your pipeline and earlier outputs are safe; run again to continue.',
    );
    expect(last?.runId).toBe(events[0].runId);

    // The host wrote the crashed run's record: it is listed, failed, with the node it died in.
    const crashed = await engine.getRun(events[0].runId);
    expect(crashed).toMatchObject({ status: 'failed', error: { code: 'ENGINE_CRASHED' }, nodes: { imp: { status: 'failed' } } });
    expect((await engine.listRuns()).map((r) => r.runId)).toContain(events[0].runId);

    // The next call starts a new process on the same workspace; the output made before the crash
    // is reused from the cache, so it really was kept safe.
    const again: EngineEvent[] = [];
    const after = await engine.run(importDoc('iris.csv'), { onEvent: (e) => again.push(e) });
    expect(engine.pid).not.toBe(firstPid);
    expect(after.status).toBe('succeeded');
    expect(again.filter((e) => e.type === 'node-cached').map((e) => e.nodeId)).toEqual(['imp']);
    expect(rowsOf(after)).toBe(IRIS_ROWS);
  });

  it('reports an out-of-memory death in plain words and recovers', async () => {
    const crashes: string[] = [];
    const engine = open({ maxOldSpaceMb: 256, onCrash: (f) => crashes.push(`${f.message} ${f.hint ?? ''}`), forwardOutput: () => {} });
    await engine.crashForTest({ how: 'oom', when: 'now' });
    const pending = engine.listRuns().then(
      () => 'answered',
      (err: { code?: string }) => err.code,
    );
    expect(await pending).toBe('ENGINE_CRASHED');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatch(/stopped unexpectedly \((signal SIGABRT|signal SIGTRAP|exit code \d+)\).*ran out of memory/);
    // A fresh process answers on the same workspace.
    expect(await engine.listRuns()).toEqual([]);
  });

  it('refuses the crash hook unless the test env var arms it', async () => {
    const engine = open({ env: {} });
    await expect(engine.crashForTest({ how: 'exit', when: 'now' })).rejects.toThrow(/Test hooks are off/);
    expect(rowsOf(await engine.run(importDoc('iris.csv')))).toBe(IRIS_ROWS);
  });
});
