/**
 * The handlers end to end on real files: save and export refuse a key pasted into the description,
 * a label or a note (naming each place), and the autosave recovery file keeps the document with
 * every key blanked out, including in the description.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { keyCore, TEST_KEYS } from '../../engine/testing/test-keys.fixture.js';
import type { HostError } from './host-error.js';
import { createStudioHandlers } from './studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by file handlers`)),
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-secret-handlers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const make = () =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: dir }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
  }).handlers;

const leaky: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'churn',
  name: 'Churn model',
  description: `Token for the demo: ${TEST_KEYS.github}`,
  nodes: [{ id: 'csv', type: 'import-csv', typeVersion: 1, label: `Load ${TEST_KEYS.aws}`, params: { path: 'data/churn.csv' }, position: { x: 0, y: 0 } }],
  edges: [],
  notes: [{ id: 'n1', text: `jwt: ${TEST_KEYS.jwt}`, position: { x: 0, y: 0 } }],
};

describe('save and export', () => {
  it.each(['savePipeline', 'exportPipeline'] as const)('%s refuses, naming the description, the label and the note, and writes nothing', async (method) => {
    const path = join(dir, 'leak.pipeline.json');
    const handlers = make();
    const err = (await handlers[method](leaky, path).catch((e: unknown) => e)) as HostError;
    expect(err.code).toBe('SECRET_IN_DOCUMENT');
    expect(err.message).toContain('the pipeline description (description): the value looks like a GitHub token');
    expect(err.message).toContain('its label (nodes[0].label): the value looks like an AWS access key id');
    expect(err.message).toContain('note 1 (id "n1") (notes[0].text): the value looks like a JSON Web Token');
    for (const name of ['github', 'aws', 'jwt'] as const) expect(err.message).not.toContain(keyCore(name));
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });
});

describe('recovery', () => {
  it('the recovery file keeps the document without the keys, and restores it', async () => {
    await make().saveRecovery(leaky, join(dir, 'churn.pipeline.json'));
    const files = await readdir(join(dir, 'config', 'recovery'));
    expect(files).toHaveLength(1);
    const text = await readFile(join(dir, 'config', 'recovery', files[0]), 'utf8');
    for (const name of ['github', 'aws', 'jwt'] as const) expect(text).not.toContain(keyCore(name));
    const restored = await make().loadRecovery();
    expect(restored?.document.description).toMatch(/^Token for the demo: \[redacted github-token #[0-9a-f]{8}\]$/);
    expect(restored?.document.nodes[0].label).toMatch(/^Load \[redacted aws-key #[0-9a-f]{8}\]$/);
    expect(restored?.document.notes?.[0].text).toMatch(/^jwt: \[redacted jwt #[0-9a-f]{8}\]$/);
  });
});
