/**
 * Versions kept by the window's save (`savePipeline`, the one save both hosts use): in the
 * workspace, with the OS user and the time; identical saves add nothing; a restore is a save.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { serializePipeline } from '../../engine/document/serialize.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { VERSIONS_FOLDER } from '../../engine/versions/version-store.js';
import { createStudioHandlers } from './studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by file handlers`)),
});

const v1: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'churn/model',
  name: 'Churn model',
  nodes: [{ id: 'train', type: 'train', typeVersion: 1, params: { target: 'churned', epochs: 10 }, position: { x: 10, y: 20 } }],
  edges: [],
};
const v2: PipelineDocument = { ...v1, nodes: [{ ...v1.nodes[0], params: { target: 'churned', epochs: 20 } }] };

let dir: string;
let files: string;
let workspace: string;
const make = () =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: workspace }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    allowedRoots: [files],
    workspaceDir: workspace,
  }).handlers;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-versions-'));
  files = join(dir, 'files');
  workspace = join(dir, 'workspace');
  await mkdir(files);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// The user name from the OS itself, not from the code under test.
const osUser = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();

describe('saving keeps versions', () => {
  it('keeps each different save with the OS user and the time, in the workspace; identical saves add none', async () => {
    const h = make();
    const path = join(files, 'churn.pipeline.json');
    const before = Date.now();
    await h.savePipeline(v1, path);
    await h.savePipeline(structuredClone(v1), path);
    // Where the window was looking is not the pipeline: a viewport-only change adds no version.
    await h.savePipeline({ ...v1, viewport: { x: 5, y: 6, zoom: 1.5 } }, path);
    expect(await h.listPipelineVersions(v1.id)).toHaveLength(1);
    await h.savePipeline(v2, path);
    const after = Date.now();

    const versions = await h.listPipelineVersions(v1.id);
    expect(versions.map((v) => v.document.nodes[0].params.epochs)).toEqual([20, 10]);
    for (const v of versions) {
      expect(v).toMatchObject({ pipelineId: 'churn/model', user: osUser, path, source: 'save' });
      expect(v.savedAt).toBeGreaterThanOrEqual(before);
      expect(v.savedAt).toBeLessThanOrEqual(after);
      expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(versions[0].savedAt).toBeGreaterThanOrEqual(versions[1].savedAt);
    // Nothing but the file beside the user's file; the versions live under the workspace, one file each.
    expect(await readdir(files)).toEqual(['churn.pipeline.json']);
    const [folder] = await readdir(join(workspace, VERSIONS_FOLDER));
    expect(folder).toMatch(/^churn-model-[0-9a-f]{12}$/);
    expect((await readdir(join(workspace, VERSIONS_FOLDER, folder))).filter((n) => n.endsWith('.json'))).toHaveLength(2);
  });

  it('keeps what the file held before the first save over it, dated by the file and with no user', async () => {
    const path = join(files, 'churn.pipeline.json');
    await writeFile(path, serializePipeline(v1));
    const edited = new Date('2026-11-30T08:00:00Z');
    await utimes(path, edited, edited);
    const h = make();
    await h.savePipeline(v2, path);
    const [newest, previous] = await h.listPipelineVersions(v1.id);
    expect(previous).toMatchObject({ source: 'on-disk', savedAt: edited.getTime(), path });
    expect(previous.user).toBeUndefined();
    expect(previous.document.nodes[0].params.epochs).toBe(10);
    expect(newest).toMatchObject({ source: 'save', user: osUser });
    expect(newest.document.nodes[0].params.epochs).toBe(20);
    // Saved again, the file now holds the newest version: nothing more is kept from disk.
    await h.savePipeline(v2, path);
    expect(await h.listPipelineVersions(v1.id)).toHaveLength(2);
  });

  it('a restore is a save of the old document: a new version, the file holding it again', async () => {
    const h = make();
    const path = join(files, 'churn.pipeline.json');
    await h.savePipeline(v1, path);
    await h.savePipeline(v2, path);
    const [, old] = await h.listPipelineVersions(v1.id);
    await h.savePipeline(old.document, path);
    const versions = await h.listPipelineVersions(v1.id);
    expect(versions).toHaveLength(3);
    expect(versions[0].hash).toBe(old.hash);
    expect(versions[0].versionId > old.versionId).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(serializePipeline(v1));
  });
});
