/**
 * The server bundle the Package node writes beside a registered version stands on its own: copied
 * to a temporary folder outside the app, `npm install` there and `node server.mjs` serve the model,
 * and /predict answers exactly what the Score node (ONNX runtime) computes for adult-test rows.
 * Docker is not available on this machine: the Dockerfile's structure is checked instead.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versionsOf } from '../../engine/models/registry.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ReportValue, TableValue } from '../../engine/values.js';
import { trainAdult, type AdultRow } from '../../server/testing/adult-model.js';
import { scoreRunner } from '../score/run.js';
import { packageModelRunner } from './run.js';

const PASSED: ReportValue = { kind: 'report', title: 'gate', files: [], gate: { passed: true, rules: [] } };
const KEY = 'bundle-test-key';
const ROWS = 500;
/** The app's own onnxruntime-node version, read from what is installed. */
const ORT_VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }
).version;

let ctx: FakeContext;
let bundle: string;
let copy: string;
let rows: AdultRow[];
let expected: { predicted: string; less: number; more: number }[];
let child: ChildProcess | undefined;
let url: string;

/** Resolves with the server's URL when it prints it; rejects when the process exits first. */
function startedUrl(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.once('exit', (code) => reject(new Error(`the bundle's server exited (${code}) before listening: ${err}`)));
  });
}

/** Polls readiness until it answers 200 (a refused connection is retried), or the process exits. */
async function ready(base: string, proc: ChildProcess): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the bundle's server exited with ${proc.exitCode}`);
    const ok = await fetch(`${base}/v2/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setImmediate(r));
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'bundle' });
  const trained = await trainAdult(ctx.data, ROWS);
  rows = trained.rows;
  const run = createFakeContext(ctx.data, { nodeId: 'package' });
  const registry = join(run.artifactDir, 'models');
  await packageModelRunner.run(run, { model: trained.model, report: PASSED, metrics: undefined }, { folder: registry, name: 'adult' });
  bundle = join(registry, 'adult', '1-server');
  const score = await scoreRunner.run(
    createFakeContext(ctx.data, { nodeId: 'score' }),
    { model: trained.model, table: trained.test },
    { runtime: 'onnx', batchSize: 8192 },
  );
  const scored = (score.table as TableValue).table;
  expected = await ctx.data.all(
    `SELECT predicted_income AS predicted, "probability_<=50K" AS less, "probability_>50K" AS more FROM ${scored} ORDER BY rowid LIMIT ${ROWS}`,
  );
  // Outside the app's tree, so nothing can be resolved from the app's node_modules.
  copy = await mkdtemp(join(tmpdir(), 'bundle-copy-'));
  await cp(bundle, copy, { recursive: true });
  await promisify(execFile)('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: copy, maxBuffer: 1 << 24 });
  const { PATH, HOME } = process.env;
  child = spawn(process.execPath, ['server.mjs'], { cwd: copy, env: { PATH, HOME, PORT: '0', API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await startedUrl(child);
  await ready(url, child);
}, 900_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (copy) await rm(copy, { recursive: true, force: true });
  ctx?.data.close();
});

describe('the server bundle written by the Package node', () => {
  it('sits beside the version folder, and the registry still counts one version', async () => {
    expect(readdirSync(join(bundle, '..'))).toContain('1');
    expect(await versionsOf(join(bundle, '..', '..'), 'adult')).toEqual([1]);
    expect(readdirSync(bundle).sort()).toEqual(['.dockerignore', '.npmrc', 'Dockerfile', 'README.md', 'model', 'package.json', 'server.mjs']);
    expect(readdirSync(join(bundle, 'model')).sort()).toEqual(readdirSync(join(bundle, '..', '1')).sort());
  });

  it('needs only the native packages, at the app versions, and skips onnxruntime downloads', () => {
    const pkg = JSON.parse(readFileSync(join(bundle, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; type: string };
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies['onnxruntime-node']).toBe(ORT_VERSION);
    // Everything else is compiled into server.mjs; DuckDB is native too and is needed while the server replays recipes in SQL.
    for (const name of Object.keys(pkg.dependencies)) expect(['onnxruntime-node', '@duckdb/node-api', '@duckdb/node-bindings']).toContain(name);
    expect(readFileSync(join(bundle, '.npmrc'), 'utf8')).toContain('onnxruntime-node-install=skip');
    expect(readFileSync(join(bundle, '.dockerignore'), 'utf8').split('\n')).toContain('node_modules');
  });

  it('has a Dockerfile on node:20-slim running as a non-root user with a node health check (docker itself is not run here)', () => {
    const lines = readFileSync(join(bundle, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    const at = (instr: string) => lines.findIndex((l) => l.startsWith(`${instr} `));
    expect(lines[0]).toBe('FROM node:20-slim');
    const user = lines[at('USER')].slice(5).trim();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(lines[at('EXPOSE')]).toBe('EXPOSE 8080');
    expect(lines[at('HEALTHCHECK')]).toMatch(/^HEALTHCHECK .*CMD \["node", "-e", ".*\/v2\/health\/ready.*"\]$/);
    expect(lines[at('CMD')]).toBe('CMD ["node", "server.mjs"]');
    // The user is switched after the install and before the server starts.
    expect(at('RUN')).toBeLessThan(at('USER'));
    expect(at('USER')).toBeLessThan(at('CMD'));
  });

  it('has a README with curl examples for /predict (JSON and CSV), v2 infer, /metrics and /openapi.json', () => {
    const text = readFileSync(join(bundle, 'README.md'), 'utf8');
    const curls = [...text.matchAll(/```sh\n(curl [\s\S]*?)\n```/g)].map((m) => m[1]);
    expect(curls.some((c) => c.includes('content-type: application/json') && c.endsWith('/predict'))).toBe(true);
    expect(curls.some((c) => c.includes('content-type: text/csv') && c.endsWith('/predict'))).toBe(true);
    expect(curls.some((c) => c.endsWith('/v2/models/adult/infer'))).toBe(true);
    expect(curls.some((c) => c.endsWith('/metrics'))).toBe(true);
    expect(curls.some((c) => c.endsWith('/openapi.json'))).toBe(true);
  });

  it('installed and started from a copy, listens on loopback and wants the API key', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ rows: rows.slice(0, 1) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });

  it(`answers POST /predict for ${ROWS} adult-test rows exactly as the Score node`, async () => {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ rows }),
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; version: string; predictions: { prediction: string; probabilities: Record<string, number> }[] };
    expect(body).toMatchObject({ model: 'adult', version: '1' });
    expect(body.predictions).toHaveLength(ROWS);
    expect(body.predictions.map((p) => ({ predicted: p.prediction, less: p.probabilities['<=50K'], more: p.probabilities['>50K'] }))).toEqual(expected);
  });
});
