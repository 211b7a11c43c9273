/**
 * POST /predict under load on loopback (autocannon, 10 connections): the app's model server, the same
 * server writing the prediction log as the Deploy node runs it, a bare fastify route returning a
 * constant (the ceiling for any fastify route on this machine: it reads and parses the same JSON
 * body, then answers `{"ok":true}`), and a FastAPI + scikit-learn server of the same model kind on
 * the same adult-train rows when /usr/bin/python3 has fastapi, uvicorn, sklearn and pandas. Bodies of
 * 1 row and 1,000 raw adult-test rows. Before the load, every model server answers the 1,000-row body
 * once and the predictions must be identical (their sha256 is printed); after it, the log must hold
 * one line per request the logging server answered.
 *
 * Run: `npm run bench -- model-server`. DURATION=<seconds per case> (default 10), MODEL=linear|mlp (default linear),
 * BEFORE=<commit>: also load that commit's model server (its files exported by `git archive` to a
 * temporary folder, run in a process of its own) in the same run, same model.
 * The Node servers run in a child process (model-server-child.ts), as deployed; IN_PROCESS=1 runs them
 * in the bench's own process beside autocannon, the layout of the figures before 2026-12-02.
 */
import { execSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannonModule from 'autocannon';
import Fastify from 'fastify';
import { openDataPlane } from '../engine/data/data-plane.js';
import { SHARED_DATA, loadAdult } from '../nodes/testing/test-datasets.js';
import { trainOn } from '../nodes/testing/train-test-kit.js';
import { startModelServer } from '../server/start.js';
import type { ChildStats } from './model-server-child.js';
import { reportResult } from './result.js';

const PYTHON = '/usr/bin/python3';
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = 10;
const MODEL = process.env.MODEL === 'mlp' ? 'mlp' : 'linear';
const BEFORE = process.env.BEFORE;
const here = dirname(fileURLToPath(import.meta.url));

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface CannonResult {
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (o: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<CannonResult>;
const autocannon = autocannonModule as unknown as Cannon;

interface Figures {
  reqPerSec: number;
  p50: number;
  p99: number;
  rowsPerSec: number;
}

async function load(url: string, body: string, rows: number, connections = CONNECTIONS): Promise<Figures> {
  // A short warm-up so JIT and first-request work are not in the figures.
  await autocannon({ url, connections, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const r = await autocannon({ url, connections, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx responses, ${r.errors} errors (${r.timeouts} timeouts) under load.`);
  return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, rowsPerSec: r.requests.average * rows };
}

/** Starts the FastAPI server and resolves once uvicorn says it listens; undefined when python lacks the packages. */
async function startFastApi(port: number): Promise<{ url: string; child: ChildProcess } | undefined> {
  const probe = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, sklearn, pandas']);
  if (probe.status !== 0) {
    console.log(
      `FastAPI side skipped: ${PYTHON} lacks fastapi/uvicorn/sklearn/pandas (apt-get install python3-fastapi python3-uvicorn python3-sklearn python3-pandas).`,
    );
    return undefined;
  }
  const child = spawn(PYTHON, [join(here, 'fastapi_model_server.py'), join(SHARED_DATA, 'adult-train.csv'), MODEL, String(port)], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Uvicorn running on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`FastAPI server exited (${code}) before listening:\n${log}`)));
  });
  return { url: `http://127.0.0.1:${port}/predict`, child };
}

/** A port nothing listens on now, for uvicorn (which cannot report the port it got for 0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface NodeServers {
  ours: string;
  bare: string;
  /** The model server with a prediction log (not with IN_PROCESS, nor in a BEFORE commit's child that lacks it). */
  logged?: string;
  /** CPU time of the process serving them (all threads; with IN_PROCESS it includes autocannon) and the scorer's paths. */
  stats(): Promise<ChildStats>;
  close(): Promise<void>;
}

async function inProcess(dir: string): Promise<NodeServers> {
  const ours = await startModelServer(dir, { port: 0 });
  const bare = Fastify();
  let bareCount = 0;
  bare.post('/predict', async () => (bareCount++, { ok: true }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  return {
    ours: ours.url,
    bare: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`,
    stats: async () => {
      const { user, system } = process.cpuUsage();
      return { cpuMicros: user + system, requests: { ...ours.scorer.requests }, bare: bareCount, sqlOnly: ours.scorer.sqlOnly };
    },
    close: async () => {
      await bare.close();
      await ours.close();
    },
  };
}

async function inChild(script: string, args: string[]): Promise<NodeServers> {
  const child = fork(script, args, { execArgv: ['--import', 'tsx'], stdio: 'inherit', cwd: resolve(dirname(script), '..') });
  let exitCode: number | null | undefined;
  const waiting = new Map<string, (v: unknown) => void>();
  child.on('message', (m: Record<string, unknown>) => {
    for (const [key, resolve] of waiting) {
      if (!(key in m)) continue;
      waiting.delete(key);
      resolve(m[key]);
    }
  });
  child.on('exit', (code) => {
    exitCode = code;
    for (const resolve of waiting.values()) resolve(undefined);
  });
  const next = async <T>(key: string): Promise<T> => {
    const value = await new Promise((resolve) => waiting.set(key, resolve));
    if (value === undefined) throw new Error(`the server process exited (${exitCode}) before sending "${key}"`);
    return value as T;
  };
  const urls = await next<{ ours: string; bare: string; logged?: string }>('urls');
  return {
    ...urls,
    stats: () => {
      const reply = next<ChildStats>('stats');
      child.send('stats');
      return reply;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

/** `commit`'s files in a temporary folder (git archive: no worktree is registered), with this checkout's node_modules. */
function exportCommit(commit: string): string {
  const root = execSync('git rev-parse --show-toplevel', { cwd: here, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'model-server-before-'));
  execSync(`git archive ${JSON.stringify(commit)} | tar -x -C ${JSON.stringify(dir)}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** sha256 of the `predictions` of one answer to `body` (the request id differs per answer, the predictions must not). */
async function predictionsHash(url: string, body: string): Promise<string> {
  const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (!res.ok) throw new Error(`${url}/predict answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  // The raw text between "predictions": and the closing brace: a byte-level check, not one after re-parsing.
  const at = text.indexOf('"predictions":');
  return createHash('sha256').update(text.slice(at, -1)).digest('hex');
}

/** Lines in every predictions*.jsonl of `dir` (rotated files included). */
function logLines(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir).filter((f) => /^predictions(-\d+)?\.jsonl$/.test(f))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  }
  return n;
}

const fmt = (f: Figures) =>
  `${f.reqPerSec.toFixed(0).padStart(7)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  ${f.rowsPerSec.toFixed(0).padStart(9)} rows/s`;

async function main() {
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${DURATION} s per case, ${CONNECTIONS} connections, model ${MODEL}`,
  );
  const data = await openDataPlane(':memory:');
  await loadAdult(data, 'adult_train', 'adult-train.csv');
  await loadAdult(data, 'adult_test', 'adult-test.csv');
  const train = await data.describe('adult_train');
  const { model } = await trainOn(data, train, { target: 'income', model: MODEL, epochs: 2, batchSize: 256 });
  const testRows = (await data.all<Record<string, unknown>>(`SELECT * EXCLUDE (income) FROM adult_test LIMIT 1000`)).map((r) => ({ ...r }));
  data.close();
  const bodies = { 1: JSON.stringify({ rows: testRows.slice(0, 1) }), 1000: JSON.stringify({ rows: testRows }) };

  const logDir = mkdtempSync(join(tmpdir(), 'model-server-log-'));
  const servers = process.env.IN_PROCESS === '1' ? await inProcess(model.dir) : await inChild(join(here, 'model-server-child.ts'), [model.dir, logDir]);
  console.log(`Node servers: ${process.env.IN_PROCESS === '1' ? 'in this process, beside autocannon' : 'in a child process'}`);
  const beforeDir = BEFORE ? exportCommit(BEFORE) : undefined;
  const before = beforeDir ? await inChild(join(beforeDir, 'bench', 'model-server-child.ts'), [model.dir]) : undefined;
  if (before) console.log(`BEFORE=${BEFORE}: that commit's model server in a child process of its own`);
  const fast = await startFastApi(await freePort());

  // Same model, same body: every model server must answer the same predictions, byte for byte.
  const hashes = { ours: await predictionsHash(servers.ours, bodies[1000]) } as Record<string, string>;
  if (servers.logged) hashes.logged = await predictionsHash(servers.logged, bodies[1000]);
  if (before) hashes.before = await predictionsHash(before.ours, bodies[1000]);
  console.log(
    `sha256 of the predictions for the 1,000-row body: ${Object.entries(hashes)
      .map(([k, h]) => `${k} ${h.slice(0, 16)}`)
      .join(', ')}`,
  );
  if (new Set(Object.values(hashes)).size !== 1) throw new Error('the model servers answered different predictions for the same body');

  type Counted = (s: ChildStats) => number;
  const scored: Counted = (s) => s.requests.js + s.requests.sql;
  /** Runs one load and reports the serving process's CPU time per request it answered. */
  const measure = async (on: NodeServers, url: string, answered: Counted, body: string, rows: number, connections = CONNECTIONS) => {
    const start = await on.stats();
    const f = await load(url, body, rows, connections);
    const end = await on.stats();
    // Warm-up included on both sides of the division: requests answered over the CPU time spent on them.
    const paths = `JS ${end.requests.js - start.requests.js}, SQL ${end.requests.sql - start.requests.sql}`;
    return { ...f, cpuPerRequest: (end.cpuMicros - start.cpuMicros) / 1000 / (answered(end) - answered(start)), paths };
  };
  const cpu = (f: { cpuPerRequest: number }) => `server CPU ${f.cpuPerRequest.toFixed(3)} ms/req`;
  let loggedAnswered = 0;
  try {
    for (const rows of [1, 1000] as const) {
      const body = bodies[rows];
      const b = await measure(servers, `${servers.bare}/predict`, (s) => s.bare, body, rows);
      const o = await measure(servers, `${servers.ours}/predict`, scored, body, rows);
      const bo = before ? await measure(before, `${before.ours}/predict`, scored, body, rows) : undefined;
      const lo = servers.logged
        ? await measure(servers, `${servers.logged}/predict`, (s) => (s.logged ? s.logged.js + s.logged.sql : 0), body, rows)
        : undefined;
      const p = fast ? await load(fast.url, body, rows) : undefined;
      console.log(`\n${rows} row(s) per request`);
      console.log(`  bare fastify constant  ${fmt(b)}  ${cpu(b)}`);
      console.log(`  this app /predict      ${fmt(o)}  ${cpu(o)} (requests scored by ${o.paths})`);
      if (bo) console.log(`  BEFORE ${BEFORE!.slice(0, 7)} /predict ${fmt(bo)}  ${cpu(bo)}`);
      if (lo) console.log(`  this app, log on       ${fmt(lo)}  ${cpu(lo)}`);
      if (p) console.log(`  FastAPI + sklearn      ${fmt(p)}`);
      if (rows === 1) {
        // One connection: latency without queueing behind the other nine requests, what a lone caller sees.
        const lone = await measure(servers, `${servers.ours}/predict`, scored, body, rows, 1);
        console.log(`  this app, 1 connection ${fmt(lone)}  ${cpu(lone)}`);
        if (fast) console.log(`  FastAPI, 1 connection  ${fmt(await load(fast.url, body, rows, 1))}`);
      }
      console.log(
        `  ours / bare req/s x${(o.reqPerSec / b.reqPerSec).toFixed(2)} (server CPU per request: bare / ours x${(b.cpuPerRequest / o.cpuPerRequest).toFixed(2)})` +
          (bo ? `; ours / BEFORE req/s x${(o.reqPerSec / bo.reqPerSec).toFixed(2)}, CPU per request x${(o.cpuPerRequest / bo.cpuPerRequest).toFixed(2)}` : '') +
          (lo ? `; log on / bare x${(lo.reqPerSec / b.reqPerSec).toFixed(2)}` : '') +
          (p ? `; ours / FastAPI rows/s x${(o.rowsPerSec / p.rowsPerSec).toFixed(2)}` : ''),
      );
      const figure = `${MODEL}, ${rows} row(s) per request, ${CONNECTIONS} connections`;
      reportResult({
        bench: 'model-server',
        figure: `${figure}, req/s`,
        value: o.reqPerSec,
        unit: 'req/s',
        better: 'higher',
        reference: { name: 'bare fastify route', value: b.reqPerSec },
        target: { ratio: 0.5, text: 'at least half the bare route' },
      });
      reportResult({
        bench: 'model-server',
        figure: `${figure}, rows/s`,
        value: o.rowsPerSec,
        unit: 'rows/s',
        better: 'higher',
        ...(p
          ? { reference: { name: 'FastAPI + scikit-learn', value: p.rowsPerSec } }
          : { referenceMissing: 'FastAPI/uvicorn/scikit-learn not installed for /usr/bin/python3' }),
        target: rows === 1000 ? { ratio: 3, text: 'at least 3x FastAPI' } : undefined,
      });
    }
    if (servers.logged) loggedAnswered = (await servers.stats()).loggedAnswers ?? 0;
  } finally {
    fast?.child.kill();
    await servers.close();
    await before?.close();
    if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
  }
  try {
    if (servers.logged) {
      // Closing the server flushed its queue: one line per answer it sent (the hash request included); a request
      // whose client left when a load ended was scored but never answered, and has no line.
      const lines = logLines(logDir);
      console.log(`\nprediction log: ${lines} lines for ${loggedAnswered} requests answered by the logging server`);
      if (lines !== loggedAnswered) throw new Error(`the prediction log lost records: ${lines} lines, ${loggedAnswered} requests`);
    }
  } finally {
    // The log of a 1,000-row load is hundreds of MB.
    if (existsSync(logDir)) rmSync(logDir, { recursive: true, force: true });
  }
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
