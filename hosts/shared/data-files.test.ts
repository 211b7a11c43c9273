import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../engine/engine-types.js';
import { createStudioHandlers, handleRequest } from './studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by file handlers`)),
});

const PIPELINE_TEXT = JSON.stringify({ format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'churn', name: 'Churn', nodes: [], edges: [] });

/** Handlers whose window has the project's pipeline open (through the host, as the window would). */
async function withPipelineOpen(extra: Parameters<typeof make>[0] = {}) {
  const h = make(extra);
  await h.openPipeline(join(home, 'project', 'churn.pipeline.json'));
  return h;
}

let dir: string;
let home: string;
let outside: string;
const make = (extra: Parameters<typeof createStudioHandlers>[0] extends infer D ? Partial<D> : never = {}) =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: dir }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    browseRoots: [{ label: 'Home', path: home }],
    allowedRoots: [home],
    ...extra,
  }).handlers;

beforeEach(async () => {
  // realpath: on macOS the temp folder is behind a symlink, and listings report resolved paths.
  dir = await realpath(await mkdtemp(join(tmpdir(), 'studio-data-files-')));
  home = join(dir, 'home');
  outside = join(dir, 'outside');
  await mkdir(join(home, 'project', 'data'), { recursive: true });
  await mkdir(join(home, 'alpha'));
  await mkdir(outside);
  await writeFile(join(home, 'project', 'data', 'iris.csv'), 'a,b\n1,2\n');
  await writeFile(join(home, 'project', 'notes.txt'), 'hello world');
  await writeFile(join(home, '.hidden'), 'x');
  await writeFile(join(outside, 'secret.csv'), 'no');
  await writeFile(join(home, 'project', 'churn.pipeline.json'), PIPELINE_TEXT);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listDirectory', () => {
  it('lists folders first, then files with their sizes, and leaves dot-files out', async () => {
    const listing = await make().listDirectory(join(home, 'project'));
    expect(listing.path).toBe(join(home, 'project'));
    expect(listing.parent).toBe(home);
    expect(listing.entries.map((e) => [e.name, e.kind, e.size])).toEqual([
      ['data', 'directory', undefined],
      // The bytes the test itself wrote, counted apart from the listing.
      ['churn.pipeline.json', 'file', Buffer.byteLength(PIPELINE_TEXT)],
      // "hello world" is 11 bytes.
      ['notes.txt', 'file', 11],
    ]);
    expect(listing.entries.every((e) => typeof e.modified === 'number')).toBe(true);
    const root = await make().listDirectory(undefined);
    expect(root.path).toBe(home);
    expect(root.parent).toBeUndefined();
    expect(root.entries.map((e) => e.name)).toEqual(['alpha', 'project']);
  });

  it('refuses ../ escapes, folders outside the roots, symlinks leading out and relative paths', async () => {
    const h = make();
    await expect(handleRequest(h, 'listDirectory', [`${home}/project/../../outside`])).rejects.toMatchObject({ code: 'PATH_REFUSED' });
    await expect(handleRequest(h, 'listDirectory', [outside])).rejects.toMatchObject({
      code: 'PATH_REFUSED',
      message: expect.stringContaining('outside the folders this window may browse'),
    });
    await expect(handleRequest(h, 'listDirectory', ['/etc'])).rejects.toMatchObject({ code: 'PATH_REFUSED' });
    await expect(handleRequest(h, 'listDirectory', ['project'])).rejects.toMatchObject({
      code: 'PATH_REFUSED',
      message: expect.stringContaining('not an absolute path'),
    });
    await symlink(outside, join(home, 'escape'));
    await expect(handleRequest(h, 'listDirectory', [join(home, 'escape')])).rejects.toMatchObject({ code: 'PATH_REFUSED' });
    await mkdir(join(home, '.ssh'));
    await expect(handleRequest(h, 'listDirectory', [join(home, '.ssh')])).rejects.toMatchObject({ code: 'PATH_REFUSED' });
    await expect(handleRequest(h, 'listDirectory', [join(home, 'nope')])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(handleRequest(h, 'listDirectory', [join(home, 'project', 'notes.txt')])).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    await expect(handleRequest(h, 'listDirectory', [42])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('stores paths relative to a saved pipeline, and adds its folder as a root', async () => {
    const pipeline = join(home, 'project', 'churn.pipeline.json');
    const listing = await (await withPipelineOpen()).listDirectory(join(home, 'project', 'data'), pipeline);
    expect(listing.stored).toBe('data');
    expect(listing.roots[0]).toEqual({ label: 'Pipeline folder', path: join(home, 'project') });
    const unsaved = await make().listDirectory(join(home, 'project', 'data'));
    expect(unsaved.stored).toBe(join(home, 'project', 'data'));
    // A pipeline path outside the host's own rule adds no root.
    await writeFile(join(outside, 'x.pipeline.json'), '{}');
    await expect(make().listDirectory(outside, join(outside, 'x.pipeline.json'))).rejects.toMatchObject({ code: 'PATH_REFUSED' });
  });
});

describe('chooseDataFile', () => {
  it('tells a host without a dialog to browse, starting in the folder of the current value', async () => {
    const pipeline = join(home, 'project', 'churn.pipeline.json');
    const h = await withPipelineOpen();
    expect(await h.chooseDataFile({ pipelinePath: pipeline, current: 'data/iris.csv' })).toEqual({ kind: 'browse', start: join(home, 'project', 'data') });
    expect(await h.chooseDataFile({ pipelinePath: pipeline })).toEqual({ kind: 'browse', start: join(home, 'project') });
    // A current value outside the roots does not leak its folder.
    expect(await make().chooseDataFile({ current: join(outside, 'secret.csv') })).toEqual({ kind: 'browse', start: home });
  });

  it('returns the native dialog choice with its path relative to the saved pipeline', async () => {
    const asked: unknown[] = [];
    const h = await withPipelineOpen({
      chooseDataPath: async (options) => {
        asked.push(options);
        return join(home, 'project', 'data', 'iris.csv');
      },
    });
    const choice = await handleRequest(h, 'chooseDataFile', [
      { extensions: ['.csv'], mode: 'input', pipelinePath: join(home, 'project', 'churn.pipeline.json') },
    ]);
    expect(choice).toEqual({ kind: 'chosen', path: join(home, 'project', 'data', 'iris.csv'), stored: 'data/iris.csv' });
    expect(asked).toEqual([{ extensions: ['.csv'], mode: 'input', startDir: join(home, 'project') }]);
    const cancelled = make({ chooseDataPath: async () => undefined });
    expect(await cancelled.chooseDataFile({ mode: 'output' })).toEqual({ kind: 'cancelled' });
    await expect(handleRequest(h, 'chooseDataFile', [{ mode: 'sideways' }])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
