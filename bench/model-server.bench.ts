/**
 * POST /predict under load on loopback (autocannon, 10 connections): the app's model server, a bare
 * fastify route returning a constant (the ceiling for any fastify route on this machine), and a
 * FastAPI + scikit-learn server of the same model kind on the same adult-train rows when
 * /usr/bin/python3 has fastapi, uvicorn, sklearn and pandas. Bodies of 1 row and 1,000 raw adult-test rows.
 *
 * Run: `npm run bench -- model-server`. DURATION=<seconds per case> (default 10), MODEL=linear|mlp (default linear).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

  const ours = await startModelServer(model.dir, { port: 0 });
  const bare = Fastify();
  bare.post('/predict', async () => ({ ok: true }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const barePort = (bare.server.address() as { port: number }).port;
  const fast = await startFastApi(await freePort());
  try {
    for (const rows of [1, 1000] as const) {
      const body = bodies[rows];
      const b = await load(`http://127.0.0.1:${barePort}/predict`, body, rows);
      const o = await load(`${ours.url}/predict`, body, rows);
      const p = fast ? await load(fast.url, body, rows) : undefined;
      console.log(`\n${rows} row(s) per request`);
      console.log(`  bare fastify constant  ${fmt(b)}`);
      console.log(`  this app /predict      ${fmt(o)}`);
      if (p) console.log(`  FastAPI + sklearn      ${fmt(p)}`);
      if (rows === 1) {
        // One connection: latency without queueing behind the other nine requests, what a lone caller sees.
        console.log(`  this app, 1 connection ${fmt(await load(`${ours.url}/predict`, body, rows, 1))}`);
        if (fast) console.log(`  FastAPI, 1 connection  ${fmt(await load(fast.url, body, rows, 1))}`);
      }
      console.log(
        `  ours / bare req/s x${(o.reqPerSec / b.reqPerSec).toFixed(2)}${p ? `; ours / FastAPI rows/s x${(o.rowsPerSec / p.rowsPerSec).toFixed(2)}` : ''}`,
      );
    }
  } finally {
    fast?.child.kill();
    await bare.close();
    await ours.close();
  }
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
