/**
 * The first-run requests through the real handler set (browser mode: allowed roots, no keychain):
 * the pre-run check sees the folders, addresses and secrets a run from this window would get, and
 * allowing the folder through `allowFolder` clears its problem.
 */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { nodeDefs } from '../../nodes/defs.js';
import { createStudioHandlers, handleRequest } from './studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by the pre-run check`)),
});

let dir: string;
let pipes: string;
let outside: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'studio-first-run-')));
  pipes = join(dir, 'home', 'pipes');
  outside = join(dir, 'outside');
  await mkdir(pipes, { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'far.csv'), 'a\n1\n');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const handlersFor = (env: NodeJS.ProcessEnv) =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: join(dir, 'ws') }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    allowedRoots: [join(dir, 'home')],
    workspaceDir: join(dir, 'ws'),
    catalog: nodeDefs,
    env,
  }).handlers;

describe('preRunCheck through the handlers', () => {
  it('names the folder outside the allowed ones and the unset secret; allowing the folder and setting the variable clear them', async () => {
    const file = join(pipes, 'p.pipeline.json');
    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'p',
      name: 'P',
      nodes: [
        { id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: join(outside, 'far.csv') }, position: { x: 0, y: 0 } },
        {
          id: 'ask',
          type: 'prompt',
          typeVersion: 1,
          params: { provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', apiKey: 'FIRST_RUN_KEY' },
          position: { x: 300, y: 0 },
        },
      ],
      edges: [],
    } as unknown as PipelineDocument;
    await writeFile(file, JSON.stringify(doc));
    const handlers = handlersFor({});
    const first = (await handleRequest(handlers, 'preRunCheck', [doc, file])) as Awaited<ReturnType<typeof handlers.preRunCheck>>;
    expect(first.problems.map((p) => p.kind).sort()).toEqual(['folder-not-allowed', 'missing-secret']);
    expect(first.problems.find((p) => p.kind === 'folder-not-allowed')).toMatchObject({ nodeId: 'imp', folder: outside });
    // The browser mode has no keychain: the fix is an environment variable, and the window says so.
    expect(first.secretStore.writable).toBe(false);
    expect(first.secretStore.reason).toContain('environment variable');

    await handleRequest(handlers, 'allowFolder', [outside, file]);
    const second = await handlersFor({ FIRST_RUN_KEY: 'set' }).preRunCheck(doc, file);
    expect(second.problems).toEqual([]);
  });

  it('lists every sample of the samples folder with its description', async () => {
    const samples = join(dir, 'samples');
    await mkdir(samples);
    const sample = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 's',
      name: 'S',
      description: 'Teaches one thing. Then more.',
      nodes: [],
      edges: [],
    };
    await writeFile(join(samples, 's.pipeline.json'), JSON.stringify(sample));
    await writeFile(join(samples, 'notes.txt'), 'not a sample');
    const { handlers } = createStudioHandlers({
      engine: noEngine,
      engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: dir }),
      configDir: join(dir, 'config'),
      emit: () => undefined,
      samplesDir: samples,
    });
    expect(await handleRequest(handlers, 'sampleGallery', [])).toEqual([
      { name: 'S', path: join(samples, 's.pipeline.json'), description: 'Teaches one thing. Then more.', nodes: [], edges: [] },
    ]);
  });
});
