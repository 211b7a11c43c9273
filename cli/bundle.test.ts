/**
 * The prebuilt CLI (cli/bundle.mjs): a build keeps each source's own import.meta.url, is used only
 * while every source it read is unchanged, and runs a pipeline end to end, its engine process
 * started from the built entry rather than through tsx.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, freshBundle } from './bundle.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

describe('cli/bundle.mjs on a small source tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'ls-bundle-'));
  cleanup.push(root);
  writeFileSync(join(root, 'a.ts'), "import { where } from './lib/b.js';\nconsole.log(JSON.stringify(where()));\n");
  mkdirSync(join(root, 'lib'));
  // The string mentions import.meta.url too: only the expression is rewritten.
  writeFileSync(join(root, 'lib/b.ts'), "export const where = (): string[] => [import.meta.url, 'import.meta.url'];\n");

  it("keeps each module's own source URL and the text of strings", async () => {
    const built = await buildBundle({ root, outDir: join(root, 'out'), entries: { a: 'a.ts' } });
    const { stdout } = await run(process.execPath, [built.a]);
    expect(JSON.parse(stdout)).toEqual([pathToFileURL(join(root, 'lib/b.ts')).href, 'import.meta.url']);
    expect(freshBundle({ root, outDir: join(root, 'out') })).toEqual(built);
  });

  it('is not used once a source it read changes or goes', async () => {
    const outDir = join(root, 'out2');
    await buildBundle({ root, outDir, entries: { a: 'a.ts' } });
    expect(freshBundle({ root, outDir })).toBeDefined();
    // Same size, new modification time: an edit that kept the length.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'lib/b.ts'), later, later);
    expect(freshBundle({ root, outDir })).toBeUndefined();
    await buildBundle({ root, outDir, entries: { a: 'a.ts' } });
    expect(freshBundle({ root, outDir })).toBeDefined();
    unlinkSync(join(root, 'lib/b.ts'));
    expect(freshBundle({ root, outDir })).toBeUndefined();
  });

  it('is not used from another folder than the one it was built in (it names its engine entry by path)', async () => {
    const outDir = join(root, 'out3');
    // The test before deleted it.
    writeFileSync(join(root, 'lib/b.ts'), "export const where = (): string[] => [import.meta.url, 'import.meta.url'];\n");
    await buildBundle({ root, outDir, entries: { a: 'a.ts' } });
    expect(freshBundle({ root, outDir })).toBeDefined();
    expect(freshBundle({ root: join(root, 'lib'), outDir })).toBeUndefined();
  });

  it('compiles @duckdb/node-api in, requiring its built-ins and native half at run time, and is stale once another version is installed', async () => {
    // A stand-in package under the inlined name: CommonJS requiring a built-in (as node-api requires "os") and another package.
    const pkg = join(root, 'node_modules/@duckdb/node-api');
    mkdirSync(join(pkg, 'lib'), { recursive: true });
    mkdirSync(join(root, 'node_modules/native-half'), { recursive: true });
    writeFileSync(join(root, 'node_modules/native-half/index.js'), 'exports.half = () => "native";\n');
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@duckdb/node-api', version: '1.0.0', main: './lib/index.js' }));
    writeFileSync(join(pkg, 'lib/index.js'), 'const os = require("os");\nexports.both = () => [typeof os.cpus, require("native-half").half()];\n');
    writeFileSync(join(root, 'c.ts'), "import { both } from '@duckdb/node-api';\nconsole.log(JSON.stringify(both()));\n");
    const outDir = join(root, 'out4');
    const built = await buildBundle({ root, outDir, entries: { c: 'c.ts' } });
    const { stdout } = await run(process.execPath, [built.c]);
    expect(JSON.parse(stdout)).toEqual(['function', 'native']);
    // Compiled in: the build's own file holds the package's code; the other package stays a require.
    const files = readdirSync(dirname(built.c))
      .map((f) => readFileSync(join(dirname(built.c), f), 'utf8'))
      .join('\n');
    expect(files).toContain('typeof os.cpus');
    expect(files).not.toContain('"native"');
    expect(freshBundle({ root, outDir })).toBeDefined();
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@duckdb/node-api', version: '1.0.10', main: './lib/index.js' }));
    expect(freshBundle({ root, outDir })).toBeUndefined();
  });

  it('is not used when there is no build', () => {
    expect(freshBundle({ root, outDir: join(root, 'none') })).toBeUndefined();
  });
});

describe('the built CLI', () => {
  it('runs a pipeline, its engine process started from the built entry', async () => {
    // Inside the checkout, so the built files find node_modules as the sources do.
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    const outDir = mkdtempSync(join(ROOT, 'dist', 'cli-test-'));
    cleanup.push(outDir);
    const built = await buildBundle({ outDir });
    const dir = mkdtempSync(join(tmpdir(), 'ls-bundle-run-'));
    cleanup.push(dir);
    // 3 data rows, one with a missing age: the clean step leaves 2 (counted by hand).
    writeFileSync(join(dir, 'p.csv'), 'name,age\nAnn,34\nBob,\nCid,51\n');
    const node = (id: string, type: string, params: object) => ({ id, type, typeVersion: 1, label: id, params, position: { x: 0, y: 0 } });
    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'b',
      name: 'b',
      nodes: [node('imp', 'import-dataset', { path: 'p.csv' }), node('clean', 'clean', { steps: [{ op: 'missing', columns: [], missingAction: 'drop' }] })],
      edges: [{ id: 'e', source: { node: 'imp', port: 'table' }, target: { node: 'clean', port: 'input' } }],
    };
    writeFileSync(join(dir, 'p.pipeline.json'), JSON.stringify(doc));
    // The engine entry the build starts (cli/engine-host.ts): its own .mjs, put in by the build's define.
    const buildDir = dirname(built.main);
    const code = readdirSync(buildDir)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(buildDir, f), 'utf8'))
      .join('\n');
    expect(built['engine-entry']).toBe(join(buildDir, 'engine-entry.mjs'));
    expect(code).toContain(JSON.stringify(built['engine-entry']));
    expect(code).not.toContain('__BUNDLED_ENGINE_ENTRY__');
    const { stdout } = await run(process.execPath, [built.main, 'run', join(dir, 'p.pipeline.json'), '--json'], { cwd: dir });
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; nodeId?: string; status?: string; outputs?: Record<string, { rowCount?: number }> });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(events.find((e) => e.type === 'node-finished' && e.nodeId === 'clean')?.outputs?.output.rowCount).toBe(2);
  }, 120_000);
});
