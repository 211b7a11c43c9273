/**
 * Proves the desktop shell bundles (the Electron binary cannot be downloaded here, so this and the
 * typecheck are what stand between a change and a broken app), that the built engine entry runs a
 * real pipeline, and that the built preload exposes exactly the contract. The preload runs in a bare vm context whose only module is a recording
 * stand-in for 'electron' (contextBridge + ipcRenderer): just enough to see what the bundle does.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipeline } from '../engine/document/parse.js';
import type { EngineApi } from '../engine/engine-types.js';
import { createStudioHandlers } from '../hosts/shared/studio-handlers.js';
import { EngineClient } from '../hosts/shared/engine-client.js';

const root = join(import.meta.dirname, '..');
// The real output folder (what `npm run build:electron` writes, gitignored): the engine entry must
// sit where it will in the app, so its node_modules and package.json resolve as they will there.
const out = join(root, 'dist-electron');
let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'electron-engine-'));
  await promisify(execFile)(process.execPath, ['electron/build.mjs', '--outdir', out], { cwd: root });
}, 120_000);
afterAll(() => rm(workspace, { recursive: true, force: true }));

const requires = (code: string) => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

describe('electron/build.mjs', () => {
  it('writes main, preload and engine entry bundles', async () => {
    for (const name of ['main.cjs', 'preload.cjs', 'engine-entry.cjs']) expect((await stat(join(out, name))).size).toBeGreaterThan(500);
  });

  it('keeps the preload sandbox-compatible: it requires nothing but electron', async () => {
    expect(requires(await readFile(join(out, 'preload.cjs'), 'utf8'))).toEqual(['electron']);
  });

  it('leaves native packages external in the engine entry so they load from (unpacked) node_modules', async () => {
    const engine = requires(await readFile(join(out, 'engine-entry.cjs'), 'utf8'));
    expect(engine).toContain('@duckdb/node-api');
    const main = requires(await readFile(join(out, 'main.cjs'), 'utf8'));
    expect(main).toContain('electron');
    expect(main).not.toContain('@duckdb/node-api');
  });

  it('exposes exactly the StudioApi as window.studio, and turns error replies into coded errors', async () => {
    const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const electron = {
      webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, (...a: unknown[]) => unknown>) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push([channel, ...args]);
          return channel.endsWith('listRecent') ? { ok: true, result: ['/a.pipeline.json'] } : { ok: false, error: { code: 'PATH_REFUSED', message: 'no' } };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const code = await readFile(join(out, 'preload.cjs'), 'utf8');
    runInNewContext(code, {
      require: (name: string) => {
        if (name === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require "${name}"`);
      },
    });
    expect(Object.keys(exposed)).toEqual(['studio']);
    // The expected requests come from the hand-written handler map, not from the table the preload derives its names from.
    const { handlers } = createStudioHandlers({
      engine: {} as EngineApi,
      engineInfo: async () => ({ tfBackend: 'cpu', versions: {}, workspaceDir: workspace }),
      configDir: workspace,
      emit: () => {},
    });
    expect(Object.keys(handlers).length).toBeGreaterThan(20);
    expect(Object.keys(exposed.studio).sort()).toEqual([...Object.keys(handlers), 'onEvent', 'filePathForDrop'].sort());
    expect(exposed.studio.filePathForDrop({ name: 'iris.csv' })).toBe('/dropped/iris.csv');
    expect(await exposed.studio.listRecent()).toEqual(['/a.pipeline.json']);
    await expect(exposed.studio.savePipeline({}, '/etc/passwd')).rejects.toThrow('[PATH_REFUSED] no');
    expect(invoked).toEqual([['studio:request:listRecent'], ['studio:request:savePipeline', {}, '/etc/passwd']]);
  });

  it('the bundled engine entry serves a real engine: versions read through the import.meta shim, the iris sample runs', async () => {
    // The same bundle Electron starts as a utilityProcess, here forked as a Node child (the
    // process client's other transport); the protocol and the engine inside are identical.
    const engine = new EngineClient({ workspaceDir: workspace, entry: join(out, 'engine-entry.cjs') });
    try {
      const info = await engine.info();
      const appVersion = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
      expect(info.versions.app).toBe(appVersion);
      const samplePath = join(root, 'pipelines-samples', 'iris-prepare.pipeline.json');
      const { document } = parsePipeline(await readFile(samplePath, 'utf8'));
      const record = await engine.run(document!, { documentPath: samplePath });
      expect(record.status).toBe('succeeded');
      // iris.csv: 150 data rows, one exact duplicate (`sort | uniq -d`), so 149 after the dedupe step.
      expect((record.nodes.clean.outputs?.output as { rowCount: number }).rowCount).toBe(149);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('main.cjs starts: every module it requires resolves, the app scheme is registered before ready', async () => {
    // Only the few Electron calls main makes at load time are answered; a second instance quits.
    const script = `
      const Module = require('node:module');
      const calls = [];
      const electron = {
        app: { requestSingleInstanceLock: () => false, quit: () => calls.push('quit'), on() {}, whenReady: () => new Promise(() => {}) },
        protocol: { registerSchemesAsPrivileged: (s) => calls.push('scheme:' + s[0].scheme + ':' + s[0].privileges.secure) },
      };
      const load = Module._load;
      Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
      require(process.argv[1]);
      console.log(JSON.stringify(calls));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, join(out, 'main.cjs')]);
    expect(JSON.parse(stdout)).toEqual(['scheme:studio-app:true', 'quit']);
  });
});
