import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// In a fresh process: which TensorFlow.js files Node has loaded (tfjs is CommonJS, so they sit in
// require.cache) after loading the node catalogue as the engine process does, then after Train's warm-up.
const PROBE = String.raw`
import { createRequire } from 'node:module';
const tfFiles = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('/@tensorflow/')).length;
const { nodeCatalog } = await import('./nodes/index.ts');
const atStart = tfFiles();
await nodeCatalog.find((n) => n.def.type === 'train').warmUp();
console.log(JSON.stringify({ atStart, afterWarmUp: tfFiles() }));
`;

describe('loading the node catalogue', () => {
  it('does not load TensorFlow.js until a node that trains warms up or runs', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: process.cwd() });
    const got = JSON.parse(stdout.trim().split('\n').at(-1)!) as { atStart: number; afterWarmUp: number };
    expect(got.atStart).toBe(0);
    expect(got.afterWarmUp).toBeGreaterThan(0);
  });
});
