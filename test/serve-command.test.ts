/**
 * `lifecycle-studio serve` as a user starts it: a child process with its own engine process, driven
 * over a real WebSocket. Opens the iris sample, runs it, receives the relayed events, then reads
 * the record and pages the cleaned table through the same socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { studioWsProtocols } from '../engine/contract-names.js';

const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url));
const IRIS = fileURLToPath(new URL('../pipelines-samples/iris-prepare.pipeline.json', import.meta.url));
const ADULT = fileURLToPath(new URL('../pipelines-samples/adult-train-evaluate.pipeline.json', import.meta.url));

let dir: string;
let child: ChildProcess;
let output = '';
let ws: WebSocket;
const events: { type: string; runId?: string; nodeId?: string; status?: string }[] = [];
let nextId = 1;

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { code: string; message: string } };
      if (msg.id !== id) return;
      ws.off('message', onMessage);
      if (msg.error) reject(new Error(`[${msg.error.code}] ${msg.error.message}\n--- serve output ---\n${output}`));
      else resolve(msg.result as T);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-command-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><title>t</title>');
  child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workspace', join(dir, 'ws'), '--renderer', join(dir, 'static')], {
    cwd: dir,
    env: { ...process.env, LIFECYCLE_STUDIO_CONFIG_DIR: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      if (/Open: \S+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const url = new URL(/Open: (\S+)/.exec(output)![1]);
  // The page's way in: the token travels as a WebSocket subprotocol, never in the socket URL.
  ws = new WebSocket(`ws://${url.host}/ws`, studioWsProtocols(url.searchParams.get('token')!), { origin: url.origin });
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { event?: (typeof events)[number] };
    if (msg.event) events.push(msg.event);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
}, 60_000);

afterAll(async () => {
  ws?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('lifecycle-studio serve', () => {
  it('prints a 127.0.0.1 URL with a 256-bit token', () => {
    expect(output).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}\n/);
  });

  it('reports the engine process workspace', async () => {
    const info = await call<{ workspaceDir: string; versions: Record<string, string> }>('engineInfo');
    expect(info.workspaceDir).toBe(join(dir, 'ws'));
    expect(info.versions['@duckdb/node-api']).toMatch(/^\d/);
  });

  it('opens and runs the iris sample, relaying its events, then pages the cleaned table', async () => {
    const opened = await call<{ document: { nodes: { id: string }[] } }>('openPipeline', IRIS);
    const { runId } = await call<{ runId: string }>('startRun', opened.document, { documentPath: IRIS });
    await expect.poll(() => events.find((e) => e.type === 'run-finished' && e.runId === runId)?.status, { timeout: 60_000 }).toBe('succeeded');
    const mine = events.filter((e) => e.runId === runId);
    expect(mine[0].type).toBe('run-started');
    expect(
      mine
        .filter((e) => e.type === 'node-finished')
        .map((e) => e.nodeId)
        .sort(),
    ).toEqual(['clean', 'import', 'split']);

    const record = await call<{ nodes: Record<string, { outputs: Record<string, { table: string; rowCount: number }> }> }>('getRun', runId);
    // iris.csv has 150 data rows (`tail -n +2 | wc -l`), one of them an exact duplicate (`sort | uniq -d | wc -l` = 1).
    const cleaned = record.nodes.clean.outputs.output;
    expect(cleaned.rowCount).toBe(149);
    const page = await call<{ rowCount: number; rows: unknown[][] }>('page', { table: cleaned.table, offset: 140, limit: 50 });
    expect(page.rowCount).toBe(149);
    expect(page.rows).toHaveLength(9);
    // Cancelling a run that already ended is not an error.
    await expect(call('cancelRun', runId)).resolves.toBeUndefined();
    await expect(call('cancelRun', 'no-such-run')).rejects.toThrow('[RUN_NOT_FOUND]');
  }, 120_000);

  it('cancels a training run in flight: the engine stops it and the window hears run-finished cancelled', async () => {
    const opened = await call<{ document: { nodes: { id: string; type: string }[] } }>('openPipeline', ADULT);
    const trainId = opened.document.nodes.find((n) => n.type === 'train')!.id;
    // force: a warm cache from another test must not let the run finish before the cancel lands.
    const { runId } = await call<{ runId: string }>('startRun', opened.document, { documentPath: ADULT, force: ['*'] });
    await expect.poll(() => events.some((e) => e.runId === runId && e.type === 'node-started' && e.nodeId === trainId), { timeout: 60_000 }).toBe(true);
    await call('cancelRun', runId);
    await expect.poll(() => events.find((e) => e.type === 'run-finished' && e.runId === runId)?.status, { timeout: 30_000 }).toBe('cancelled');
    expect(events.some((e) => e.runId === runId && e.type === 'node-finished' && e.nodeId === trainId)).toBe(false);
  }, 120_000);
});
