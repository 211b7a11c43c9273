/**
 * The desktop rule: without allowed roots, the window may name only paths the user granted it (a
 * native dialog, the OS opening a file with the app), recent files, and the file it has open.
 */
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { GrantedPaths } from './granted-paths.js';
import { refusal } from './testing/refusal.js';
import { RecentFiles } from './recent-files.js';
import { createStudioHandlers, handleRequest, type StudioHandlerDeps } from './studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by file handlers`)),
});
const doc: PipelineDocument = { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'P', nodes: [], edges: [] };
const DOC_TEXT = JSON.stringify(doc);

let dir: string;
let home: string;
/** What the native dialogs will answer next, as the user would pick. */
let dialogAnswer: string | undefined;

/** The desktop host: native dialogs, no allowed roots. */
const desktop = (extra: Partial<StudioHandlerDeps> = {}) =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: dir }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    browseRoots: [{ label: 'Home', path: home }],
    chooseOpenPath: async () => dialogAnswer,
    chooseSavePath: async () => dialogAnswer,
    ...extra,
  });

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'studio-granted-')));
  home = join(dir, 'home');
  await mkdir(join(home, 'projects'), { recursive: true });
  await writeFile(join(home, 'projects', 'a.pipeline.json'), DOC_TEXT);
  dialogAnswer = undefined;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('GrantedPaths', () => {
  it('allows what was granted, the open file and recent files, each by its normalised path', async () => {
    const recent = new RecentFiles(join(dir, 'config'));
    await mkdir(join(dir, 'config'));
    await writeFile(join(dir, 'r.pipeline.json'), DOC_TEXT);
    await recent.add(join(dir, 'r.pipeline.json'));
    const grants = new GrantedPaths(recent);
    expect(await grants.allows('/x/y.json')).toBe(false);
    grants.grant('/x/chosen/../y.json');
    expect(await grants.allows('/x/y.json')).toBe(true);
    grants.setOpen('/w/open.pipeline.json');
    expect(grants.openFile).toBe('/w/open.pipeline.json');
    expect(await grants.allows('/w/open.pipeline.json')).toBe(true);
    expect(await grants.allows(join(dir, 'r.pipeline.json'))).toBe(true);
    expect(await grants.allows(join(dir, 'other.pipeline.json'))).toBe(false);
  });
});

describe('the desktop host', () => {
  it('refuses to read a path the user never chose, the same way whether the file exists or not', async () => {
    const { handlers } = desktop();
    const existing = await refusal(handleRequest(handlers, 'openPipeline', [join(home, 'projects', 'a.pipeline.json')]));
    const missing = await refusal(handleRequest(handlers, 'openPipeline', [join(home, 'projects', 'nope.pipeline.json')]));
    expect([existing.code, missing.code]).toEqual(['PATH_REFUSED', 'PATH_REFUSED']);
    expect(missing.message.replace('nope', 'a')).toBe(existing.message);
  });

  it('refuses to save over a .json the user never chose, and leaves it as it was', async () => {
    const victim = join(home, '.docker-like.json');
    await writeFile(victim, '{"auths":{}}');
    const other = join(home, 'projects', 'a.pipeline.json');
    const { handlers } = desktop();
    expect((await refusal(handleRequest(handlers, 'savePipeline', [{ ...doc, name: 'X' }, other]))).code).toBe('PATH_REFUSED');
    expect((await refusal(handleRequest(handlers, 'exportPipeline', [doc, victim]))).code).toBe('PATH_REFUSED');
    expect(await readFile(other, 'utf8')).toBe(DOC_TEXT);
    expect(await readFile(victim, 'utf8')).toBe('{"auths":{}}');
  });

  it('accepts the file chosen in the native dialog, then saves to it (the open file) without asking again', async () => {
    const { handlers } = desktop();
    const path = join(home, 'projects', 'a.pipeline.json');
    dialogAnswer = path;
    expect((await handleRequest(handlers, 'openPipeline', [])) as { path: string }).toMatchObject({ path });
    dialogAnswer = undefined;
    expect(await handleRequest(handlers, 'savePipeline', [{ ...doc, name: 'Renamed' }, path])).toEqual({ path });
    expect(JSON.parse(await readFile(path, 'utf8')).name).toBe('Renamed');
    const listing = (await handleRequest(handlers, 'listDirectory', [undefined, path])) as { roots: { label: string; path: string }[] };
    expect(listing.roots[0]).toEqual({ label: 'Pipeline folder', path: join(home, 'projects') });
  });

  it('accepts a recent file in a fresh window, and the file the host opened the window for', async () => {
    const path = join(home, 'projects', 'a.pipeline.json');
    dialogAnswer = path;
    await desktop().handlers.openPipeline();
    dialogAnswer = undefined;
    expect(await desktop().handlers.openPipeline(path)).toMatchObject({ path });

    const fromOs = join(home, 'projects', 'b.pipeline.json');
    await writeFile(fromOs, DOC_TEXT);
    const window = desktop();
    expect((await refusal(window.handlers.openPipeline(fromOs))).code).toBe('PATH_REFUSED');
    window.grants.grant(fromOs);
    expect(await window.handlers.openPipeline(fromOs)).toMatchObject({ path: fromOs });
  });

  it('opens a shipped sample by path, but never writes into the samples', async () => {
    const samples = join(dir, 'samples');
    await mkdir(samples);
    await writeFile(join(samples, 'iris.pipeline.json'), DOC_TEXT);
    const { handlers } = desktop({ samplesDir: samples });
    expect(await handlers.listSamples()).toEqual([{ name: 'P', path: join(samples, 'iris.pipeline.json') }]);
    expect(await handleRequest(handlers, 'openPipeline', [join(samples, 'iris.pipeline.json')])).toMatchObject({ document: doc });
    expect((await refusal(handleRequest(handlers, 'exportPipeline', [doc, join(samples, 'new.pipeline.json')]))).code).toBe('PATH_REFUSED');
  });

  it('still refuses a hidden folder the user picked in the save dialog', async () => {
    await mkdir(join(home, '.config'));
    dialogAnswer = join(home, '.config', 'x.json');
    expect((await refusal(desktop().handlers.savePipeline(doc))).code).toBe('PATH_REFUSED');
  });

  it('adds folders only through its own folder dialog', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    const { handlers } = desktop({ chooseFolderPath: async () => data });
    expect((await refusal(handleRequest(handlers, 'addBrowseFolder', [data]))).code).toBe('PATH_REFUSED');
    expect(await handleRequest(handlers, 'addBrowseFolder', [])).toEqual([{ label: 'data', path: data }]);
  });
});
