import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nodeDefs } from './defs.js';
import { nodeCatalog, nodeEntries } from './index.js';
import { hooksOf } from './lazy-runner.js';

const run = promisify(execFile);

// In a fresh process: which library files Node has loaded (these are CommonJS, so they sit in
// require.cache) after loading the node catalogue as the engine process does, after loading the
// Evaluate runner (a model's evaluation needs no LLM client), then after the first getTf() (which the
// Train node calls when it runs).
const PROBE = String.raw`
import { createRequire } from 'node:module';
const loaded = () => {
  const files = Object.keys(createRequire(import.meta.url).cache);
  return Object.fromEntries(['@tensorflow/', 'onnxruntime-node/', '/ajv/', '/protobufjs/'].map((lib) => [lib, files.filter((f) => f.includes(lib)).length]));
};
const { nodeEntries } = await import('./nodes/index.ts');
const atStart = loaded();
await nodeEntries.find((e) => e.def.type === 'evaluate').load();
const afterEvaluate = loaded();
const { getTf } = await import('./engine/models/tf-backend.ts');
await getTf();
console.log(JSON.stringify({ atStart, afterEvaluate, afterGetTf: loaded() }));
`;

describe('the node catalogue', () => {
  it('loads no runner library (TensorFlow.js, onnxruntime, ajv, protobufjs) until a node needs it', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: process.cwd() });
    const got = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<'atStart' | 'afterEvaluate' | 'afterGetTf', Record<string, number>>;
    expect(got.atStart).toEqual({ '@tensorflow/': 0, 'onnxruntime-node/': 0, '/ajv/': 0, '/protobufjs/': 0 });
    expect(got.afterEvaluate['/ajv/']).toBe(0);
    // The probe does see a library once it is loaded.
    expect(got.afterGetTf['@tensorflow/']).toBeGreaterThan(0);
  });

  it('lists every node type of the window, and each lazy entry loads the runner of its own definition with the hooks it declares', async () => {
    expect(nodeCatalog.map((n) => n.def.type)).toEqual(nodeDefs.map((d) => d.type));
    for (const entry of nodeEntries) {
      const real = await entry.load();
      expect(real.def, entry.def.type).toBe(entry.def);
      expect(hooksOf(real), entry.def.type).toEqual(entry.hooks ?? []);
    }
    expect(nodeCatalog.map(hooksOf)).toEqual(nodeEntries.map((e) => e.hooks ?? []));
  });
});
