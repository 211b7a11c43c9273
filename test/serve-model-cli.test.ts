/**
 * `lifecycle-studio serve-model` as a user runs it: a child process on a model folder Train wrote,
 * called over real HTTP (with its API key), stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { trainPenguins } from '../server/testing/penguins-model.js';
import { ROOT, runCli } from './testing/cli-harness.js';

let ctx: FakeContext;
let dir: string;
let rows: Record<string, unknown>[];
const children: ChildProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'cli' });
  ({ dir, rows } = await trainPenguins(ctx.data));
}, 600_000);
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  ctx?.data.close();
});

/** Starts serve-model and resolves with the URL it prints once listening. */
async function serveModel(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'cli/bin.mjs'), 'serve-model', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve-model exited with ${code} before listening: ${err}`)));
  });
  return { child, url };
}

describe('lifecycle-studio serve-model', () => {
  it('serves a Train model folder on 127.0.0.1, requires the key named by --api-key-env, logs to --log-dir, and stops on SIGTERM', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'serve-log-'));
    const { child, url } = await serveModel([dir, '--port', '0', '--api-key-env', 'MY_MODEL_KEY', '--log-dir', logDir], { MY_MODEL_KEY: 'k-42' });
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const body = JSON.stringify({ rows });
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(`${url}/predict`, { method: 'POST', body, headers })).status).toBe(401);
    const answer = await fetch(`${url}/predict`, { method: 'POST', body, headers: { ...headers, authorization: 'Bearer k-42' } });
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { predictions: { prediction: string }[] };
    expect(result.predictions).toHaveLength(rows.length);
    for (const p of result.predictions) expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(p.prediction);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
    // Two scoring requests (the 401 and the 200), written by the time the process exits.
    const lines = readFileSync(join(logDir, 'predictions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: number; rows: number; request_id: string });
    expect(lines.map((l) => [l.status, l.rows])).toEqual([
      [401, 0],
      [200, rows.length],
    ]);
    expect(lines[1].request_id).toBe(answer.headers.get('x-request-id'));
  });

  it('refuses an unset key variable and a folder without a model, naming them', async () => {
    const noKey = await runCli(['serve-model', dir, '--api-key-env', 'NOT_SET_ANYWHERE_123'], { env: { NOT_SET_ANYWHERE_123: '' } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('NOT_SET_ANYWHERE_123');
    const empty = await runCli(['serve-model', ROOT + '/docs-not-a-model', '--port', '0']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/has no recipe\.json/);
  });
});
