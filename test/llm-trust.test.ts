/**
 * Where a Prompt node sends rows is a trust decision: through the real CLI, a base URL on a host
 * other than loopback is refused before any row leaves (zero requests reach the server) unless
 * `--allow-host` names it; and the API key (a `secret` param, from the environment here) appears in
 * no file the run wrote, no event, and no output, also when the server refuses it.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../engine/testing/openai-stand-in.js';
import { runCli, tempDir } from './testing/cli-harness.js';

const KEY = 'sk-trust-test-key-9f8e7d6c5b4a39281706';
// A non-loopback address of this machine: the stand-in listens on every interface for this test.
const EXTERNAL = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let server: StandIn;
let dir: string;
beforeAll(async () => {
  server = await startStandIn({ apiKey: KEY, host: '0.0.0.0' });
  dir = tempDir('ls-llm-trust-');
});
afterAll(async () => {
  await server.close();
});

function writePipeline(name: string, baseUrl: string, extra: Record<string, unknown> = {}): string {
  writeFileSync(join(dir, 'rows.csv'), 'text\nI love it\nbad food\n');
  const file = join(dir, `${name}.pipeline.json`);
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: name,
    name,
    nodes: [
      { id: 'import', type: 'import-dataset', typeVersion: 1, label: 'adult-test', params: { path: 'rows.csv' }, position: { x: 0, y: 0 } },
      {
        id: 'prompt',
        type: 'prompt',
        typeVersion: 1,
        params: {
          provider: 'compatible',
          baseUrl,
          model: 'stand-in-small',
          apiKey: 'STANDIN_KEY',
          ...extra,
          variants: [{ name: 'v1', system: '', template: '{{text}}' }],
        },
        position: { x: 200, y: 0 },
      },
    ],
    edges: [{ id: 'e1', source: { node: 'import', port: 'table' }, target: { node: 'prompt', port: 'table' } }],
  };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const p = join(root, e.name);
    return e.isDirectory() ? filesUnder(p) : statSync(p).isFile() ? [p] : [];
  });
}

it('a host other than loopback is refused before any row leaves; --allow-host lets the run send', async () => {
  expect(EXTERNAL, 'this machine needs a non-loopback IPv4 address for this test').toBeDefined();
  const file = writePipeline('outbound', `http://${EXTERNAL}:${server.port}/v1`);
  const before = server.requests.length;
  const refused = await runCli(['run', file, '--workspace', join(dir, 'ws-refused')], { env: { STANDIN_KEY: KEY } });
  expect(refused.code).toBe(2);
  expect(refused.stderr + refused.stdout).toContain(`this pipeline sends rows of adult-test to ${EXTERNAL}, a host other than this machine`);
  expect(refused.stderr + refused.stdout).toContain(`--allow-host ${EXTERNAL}`);
  expect(server.requests.length).toBe(before);

  const allowed = await runCli(['run', file, '--workspace', join(dir, 'ws-allowed'), '--allow-host', EXTERNAL!], { env: { STANDIN_KEY: KEY } });
  expect(allowed.stderr).toBe('');
  expect(allowed.code).toBe(0);
  expect(server.requests.length).toBe(before + 2);
});

it('the API key is in no file the run wrote, no event, no output; also when the server refuses it', async () => {
  const file = writePipeline('secret', `http://127.0.0.1:${server.port}/v1`);
  const ws = join(dir, 'ws-secret');
  const ok = await runCli(['run', file, '--json', '--workspace', ws], { env: { STANDIN_KEY: KEY } });
  expect(ok.code).toBe(0);
  // The key did reach the server: the run really used it.
  expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
  const wrong = `${KEY.slice(0, -4)}0000`;
  // Refresh: the cached replies (keyed without the key) would otherwise answer without a request.
  const again = writePipeline('secret-refresh', `http://127.0.0.1:${server.port}/v1`, { refresh: true });
  const refused = await runCli(['run', again, '--json', '--workspace', ws], { env: { STANDIN_KEY: wrong } });
  expect(refused.code).toBe(1);
  expect(refused.stdout).toContain('refused the API key from secret \\"STANDIN_KEY\\" (401)');
  const written = filesUnder(ws);
  expect(written.some((f) => f.includes('llm-cache'))).toBe(true);
  expect(written.some((f) => f.includes('/runs/'))).toBe(true);
  for (const text of [ok.stdout, ok.stderr, refused.stdout, refused.stderr, ...written.map((f) => readFileSync(f).toString('latin1'))]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain('sk-trust-test');
  }
});
