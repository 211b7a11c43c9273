/**
 * POST /predict under load on loopback (autocannon, 10 connections): the app's model server, a bare
 * fastify route returning a constant (the ceiling for any fastify route on this machine), and a
 * FastAPI + scikit-learn server of the same model kind on the same adult-train rows when
 * /usr/bin/python3 has fastapi, uvicorn, sklearn and pandas. Bodies of 1 row and 1,000 raw adult-test rows.
 *
 * Run: `npm run bench -- model-server`. DURATION=<seconds per case> (default 10), MODEL=linear|mlp (default linear).
 * The Node servers run in a child process (model-server-child.ts), as deployed; IN_PROCESS=1 runs them
 * in the bench's own process beside autocannon, the layout of the figures before 2026-12-02.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
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

async function inChild(dir: string): Promise<NodeServers> {
  const child = fork(join(here, 'model-server-child.ts'), [dir], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
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
  const urls = await next<{ ours: string; bare: string }>('urls');
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

  const servers = process.env.IN_PROCESS === '1' ? await inProcess(model.dir) : await inChild(model.dir);
  console.log(`Node servers: ${process.env.IN_PROCESS === '1' ? 'in this process, beside autocannon' : 'in a child process'}`);
  const fast = await startFastApi(await freePort());
  /** Runs one load and reports the server process's CPU time per request it answered. */
  const measure = async (url: string, body: string, rows: number, connections = CONNECTIONS) => {
    const before = await servers.stats();
    const f = await load(url, body, rows, connections);
    const after = await servers.stats();
    // Warm-up included on both sides of the division: requests answered over the CPU time spent on them.
    const answered = url.startsWith(servers.bare)
      ? after.bare - before.bare
      : after.requests.js + after.requests.sql - before.requests.js - before.requests.sql;
    const paths = `JS ${after.requests.js - before.requests.js}, SQL ${after.requests.sql - before.requests.sql}`;
    return { ...f, cpuPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / answered, paths };
  };
  try {
    for (const rows of [1, 1000] as const) {
      const body = bodies[rows];
      const b = await measure(`${servers.bare}/predict`, body, rows);
      const o = await measure(`${servers.ours}/predict`, body, rows);
      const p = fast ? await load(fast.url, body, rows) : undefined;
      console.log(`\n${rows} row(s) per request`);
      console.log(`  bare fastify constant  ${fmt(b)}  server CPU ${b.cpuPerRequest.toFixed(3)} ms/req`);
      console.log(`  this app /predict      ${fmt(o)}  server CPU ${o.cpuPerRequest.toFixed(3)} ms/req (requests scored by ${o.paths})`);
      if (p) console.log(`  FastAPI + sklearn      ${fmt(p)}`);
      if (rows === 1) {
        // One connection: latency without queueing behind the other nine requests, what a lone caller sees.
        const lone = await measure(`${servers.ours}/predict`, body, rows, 1);
        console.log(`  this app, 1 connection ${fmt(lone)}  server CPU ${lone.cpuPerRequest.toFixed(3)} ms/req`);
        if (fast) console.log(`  FastAPI, 1 connection  ${fmt(await load(fast.url, body, rows, 1))}`);
      }
      console.log(
        `  ours / bare req/s x${(o.reqPerSec / b.reqPerSec).toFixed(2)}${p ? `; ours / FastAPI rows/s x${(o.rowsPerSec / p.rowsPerSec).toFixed(2)}` : ''}`,
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
  } finally {
    fast?.child.kill();
    await servers.close();
  }
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
