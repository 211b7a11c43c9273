/**
 * A run record names the saved pipeline version that ran: its `documentHash` is the version hash
 * (document/version-hash.ts), the same for a document that differs only in where the window was
 * looking, and equal to sha256 of the canonical text without the viewport, computed here by hand.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { serializePipeline } from './document/serialize.js';
import { createEngine, type Engine } from './engine.js';
import { fakeNodes, makeDoc } from './testing/fake-nodes.fixture.js';

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-run-version-'));
  engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir, versions: () => ({ tfBackend: 'wasm' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

it('hashes the document that ran without its viewport, as the saved version is hashed', async () => {
  const doc = makeDoc([['source', 'source']], []);
  const text = serializePipeline(doc);
  expect(text).not.toContain('viewport');
  const expected = createHash('sha256').update(text).digest('hex');
  const plain = await engine.run(doc);
  const panned = await engine.run({ ...doc, viewport: { x: 120, y: -40, zoom: 1.25 } });
  expect(plain.documentHash).toBe(expected);
  expect(panned.documentHash).toBe(expected);
  expect((await engine.getRun(panned.runId))?.documentHash).toBe(expected);
});
