import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { refusal } from './testing/refusal.js';
import { createStudioHandlers, handleRequest, type StudioHandlerDeps } from './studio-handlers.js';

/** These tests exercise the file side only; any engine call is a test bug, so it fails loudly. */
const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by file handlers`)),
});

const doc: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'churn',
  name: 'Churn model',
  nodes: [{ id: 'csv', type: 'import-csv', typeVersion: 1, params: { path: 'data/churn.csv', delimiter: ',' }, position: { x: 10, y: 20 } }],
  edges: [],
};

// The canonical text, written out by hand from the key order documented in engine/document/serialize.ts.
const expectedText = `{
  "format": "lifecycle-studio.pipeline",
  "schemaVersion": 1,
  "id": "churn",
  "name": "Churn model",
  "nodes": [
    {
      "id": "csv",
      "type": "import-csv",
      "typeVersion": 1,
      "params": {
        "delimiter": ",",
        "path": "data/churn.csv"
      },
      "position": {
        "x": 10,
        "y": 20
      }
    }
  ],
  "edges": []
}
`;

let dir: string;
let events: StudioEvent[];
const make = (extra: Partial<StudioHandlerDeps> = {}) =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: dir }),
    configDir: join(dir, 'config'),
    emit: (e) => events.push(e),
    // The browser-mode rule (confined to folders); the desktop rule (granted paths) has its own tests.
    allowedRoots: [dir],
    ...extra,
  }).handlers;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-handlers-'));
  events = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('savePipeline', () => {
  it('writes the canonical text by temp file + rename, leaving no temp file behind', async () => {
    const handlers = make();
    const path = join(dir, 'churn.pipeline.json');
    await writeFile(path, 'old contents');
    const before = await stat(path);
    expect(await handleRequest(handlers, 'savePipeline', [doc, path])).toEqual({ path });
    expect(await readFile(path, 'utf8')).toBe(expectedText);
    // A rename puts a new inode at the path; an in-place write would keep the old one.
    expect((await stat(path)).ino).not.toBe(before.ino);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['churn.pipeline.json']));
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('opens what it saved, equal to the original', async () => {
    const handlers = make();
    const path = join(dir, 'round.pipeline.json');
    await handlers.savePipeline(doc, path);
    const opened = await handleRequest(handlers, 'openPipeline', [path]);
    expect(opened).toEqual({ path, document: doc, issues: [] });
  });

  it('refuses paths that are not .json, and paths outside the allowed roots', async () => {
    const confined = make({ allowedRoots: [join(dir, 'ws')] });
    expect((await refusal(confined.savePipeline(doc, join(dir, '.bashrc')))).message).toMatch(/must end in \.json/);
    expect((await refusal(confined.savePipeline(doc, join(dir, 'elsewhere.pipeline.json')))).code).toBe('PATH_REFUSED');
    expect((await refusal(confined.savePipeline(doc, 'relative.pipeline.json'))).message).toMatch(/not an absolute path/);
  });

  it('saves into the default folder under a name made from the document name when there is no dialog', async () => {
    const handlers = make({ defaultSaveDir: join(dir, 'ws') });
    expect(await handlers.savePipeline(doc)).toEqual({ path: join(dir, 'ws', 'churn-model.pipeline.json') });
  });
});

describe('exportPipeline', () => {
  it('refuses a document holding a key, names node and param, and writes nothing', async () => {
    const handlers = make();
    const leaky = { ...doc, nodes: [{ ...doc.nodes[0], label: 'Load churn', params: { path: 'x.csv', token: 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx' } }] };
    const path = join(dir, 'leak.pipeline.json');
    const err = await refusal(handlers.exportPipeline(leaky, path));
    expect(err.code).toBe('SECRET_IN_DOCUMENT');
    expect(err.message).toContain('node "Load churn", param "token"');
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });
});

describe('payload validation', () => {
  it('rejects a bad document from the window with its JSON path before any handler runs', async () => {
    const handlers = make();
    const path = join(dir, 'bad.pipeline.json');
    const bad = { ...doc, edges: [{ id: 'e1', source: { node: 'csv' }, target: { node: 'x', port: 'in' } }] };
    const err = await refusal(handleRequest(handlers, 'savePipeline', [bad, path]));
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.issues?.map((i) => i.path)).toEqual(['edges[0].source.port']);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it('refuses unknown methods, including inherited names', async () => {
    expect((await refusal(handleRequest(make(), 'constructor', []))).code).toBe('BAD_REQUEST');
  });
});

describe('recent files', () => {
  it('keeps most recent first without duplicates, persists across hosts, hides deleted files', async () => {
    const handlers = make();
    const [a, b] = [join(dir, 'a.pipeline.json'), join(dir, 'b.pipeline.json')];
    await handlers.savePipeline(doc, a);
    await handlers.savePipeline(doc, b);
    await handlers.openPipeline(a);
    const fresh = make();
    expect(await fresh.listRecent()).toEqual([a, b]);
    await rm(b);
    expect(await fresh.listRecent()).toEqual([a]);
    expect(JSON.parse(await readFile(join(dir, 'config', 'recent-files.json'), 'utf8'))).toEqual({ paths: [a, b] });
  });
});

describe('recovery', () => {
  it('round-trips through a new host and clears only its own copy', async () => {
    const first = make();
    await first.saveRecovery(doc, join(dir, 'churn.pipeline.json'));
    const other = { ...doc, id: 'other', name: 'Other' };
    // savedAt has millisecond resolution; make "newest" unambiguous.
    await new Promise((r) => setTimeout(r, 5));
    await make().saveRecovery(other);

    const afterCrash = make();
    const restored = await afterCrash.loadRecovery();
    // `other` was saved last, so it is the newest copy.
    expect(restored?.document).toEqual(other);
    expect(restored?.path).toBeUndefined();
    await afterCrash.clearRecovery();
    const next = await make().loadRecovery();
    expect(next?.document).toEqual(doc);
    expect(next?.path).toBe(join(dir, 'churn.pipeline.json'));
  });
});

describe('samples', () => {
  it('lists *.pipeline.json by document name and ignores other files', async () => {
    const samples = join(dir, 'samples');
    await mkdir(samples);
    const handlers = make({ samplesDir: samples });
    await handlers.savePipeline({ ...doc, name: 'Zebra' }, join(samples, 'z.pipeline.json'));
    await handlers.savePipeline({ ...doc, name: 'Apple' }, join(samples, 'a.pipeline.json'));
    await writeFile(join(samples, 'notes.json'), '{}');
    expect(await handlers.listSamples()).toEqual([
      { name: 'Apple', path: join(samples, 'a.pipeline.json') },
      { name: 'Zebra', path: join(samples, 'z.pipeline.json') },
    ]);
    expect(events).toEqual([]);
  });
});
