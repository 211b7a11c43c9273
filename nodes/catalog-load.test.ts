import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// In a fresh process: which TensorFlow.js files Node has loaded (tfjs is CommonJS, so they sit in
// require.cache) after loading the node catalogue as the engine process does, then after the first getTf()
// (which the Train node calls when it runs).
const PROBE = String.raw`
import { createRequire } from 'node:module';
const tfFiles = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('/@tensorflow/')).length;
await import('./nodes/index.ts');
const atStart = tfFiles();
const { getTf } = await import('./engine/models/tf-backend.ts');
await getTf();
console.log(JSON.stringify({ atStart, afterGetTf: tfFiles() }));
`;

describe('loading the node catalogue', () => {
  it('does not load TensorFlow.js until a node asks for it', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: process.cwd() });
    const got = JSON.parse(stdout.trim().split('\n').at(-1)!) as { atStart: number; afterGetTf: number };
    expect(got.atStart).toBe(0);
    expect(got.afterGetTf).toBeGreaterThan(0);
  });
});
