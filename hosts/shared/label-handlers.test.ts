import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../engine/engine-types.js';
import { createStudioHandlers, handleRequest } from './studio-handlers.js';

/** Label requests are answered by the host from the workspace folder; any engine call is a test bug. */
const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by label handlers`)),
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-label-handlers-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const handlers = () =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: join(dir, 'ws') }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
  }).handlers;

describe('label requests', () => {
  it('write a label set into the workspace and read it back', async () => {
    const h = handlers();
    expect(await handleRequest(h, 'readLabels', ['reviews'])).toMatchObject({ name: 'reviews', column: 'label', classes: [], labels: {} });
    await handleRequest(h, 'writeLabels', ['reviews', { classes: ['pos', 'neg'], changes: [{ key: '0123456789abcdef', label: 'pos' }] }]);
    const onDisk = JSON.parse(await readFile(join(dir, 'ws', 'labels', 'reviews.json'), 'utf8')) as unknown;
    expect(onDisk).toMatchObject({ name: 'reviews', column: 'label', classes: ['pos', 'neg'], labels: { '0123456789abcdef': 'pos' } });
    await handleRequest(h, 'writeLabels', ['reviews', { changes: [{ key: '0123456789abcdef', label: null }] }]);
    expect(await handleRequest(h, 'readLabels', ['reviews'])).toMatchObject({ classes: ['pos', 'neg'], labels: {} });
  });

  it('refuse set names that are paths, bad keys and too many classes', async () => {
    const h = handlers();
    await expect(handleRequest(h, 'readLabels', ['../../etc/passwd'])).rejects.toThrow(/expected a label set name/);
    await expect(handleRequest(h, 'writeLabels', ['ok', { changes: [{ key: 'not-a-key', label: 'x' }] }])).rejects.toThrow(
      /expected a row key of 16 hex digits/,
    );
    const ten = Array.from({ length: 10 }, (_, i) => `c${i}`);
    await expect(handleRequest(h, 'writeLabels', ['ok', { classes: ten, changes: [] }])).rejects.toThrow();
    await expect(handleRequest(h, 'writeLabels', ['ok', { changes: [], extra: 1 }])).rejects.toThrow();
  });
});
