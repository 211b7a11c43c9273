/**
 * Registered model through the real engine: a model from the workspace registry by name and stage
 * feeds Score; a promotion re-runs it (and Score) instead of serving the old version from the
 * cache; a stage with no version fails with what to do. Real DuckDB, real files, real registry.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import { lineageOf } from '../../engine/models/package/lineage.js';
import { promoteModel, registerModel } from '../../engine/models/registry.js';
import { defaultParams } from '../../engine/node-def.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue } from '../../engine/values.js';
import { loadServedModel } from '../../server/served-model.js';
import { nodeCatalog } from '../index.js';
import { loadSplit, SHARED_DATA } from '../testing/test-datasets.js';
import { trainOn } from '../testing/train-test-kit.js';
import { trainDef } from '../train/def.js';

let base: string;
let registry: string;
let engine: Engine;
let ctx: FakeContext;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'ls-registered-'));
  mkdirSync(join(base, 'ws'));
  registry = join(base, 'ws', 'models');
  copyFileSync(join(SHARED_DATA, 'penguins.csv'), join(base, 'penguins.csv'));
  ctx = await createTestContext({ nodeId: 'reg' });
  const { train } = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  // Two different models (seeds), registered as versions 1 and 2; version 1 in production.
  for (const seed of [1, 2]) {
    const { model } = await trainOn(ctx.data, train, { ...defaultParams(trainDef.params), target: 'species', model: 'linear', epochs: 3, seed });
    await registerModel(registry, { name: 'penguins', modelDir: model.dir, lineage: await lineageOf(model.dir, { runId: `r${seed}` }) });
  }
  await promoteModel(registry, 'penguins', 1, 'production');
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: join(base, 'ws') });
}, 120_000);
afterAll(async () => {
  await engine?.close();
  ctx.data.close();
  await rm(base, { recursive: true, force: true });
});

function doc(stage: string, name = 'penguins'): PipelineDocument {
  const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'registered',
    name: 'Registered',
    nodes: [node('imp', 'import-dataset', { path: 'penguins.csv' }), node('reg', 'registered-model', { name, stage }), node('score', 'score', {})],
    edges: [
      { id: 'e1', source: { node: 'imp', port: 'table' }, target: { node: 'score', port: 'table' } },
      { id: 'e2', source: { node: 'reg', port: 'model' }, target: { node: 'score', port: 'model' } },
    ],
  } as PipelineDocument;
}
const run = (d: PipelineDocument) => engine.run(d, { documentPath: join(base, 'p.pipeline.json'), allowedRoots: [base] });

/** The package hash computed apart from the code under test: sha256 of the manifest without "created", keys sorted, 2-space indent. */
function pythonHash(dir: string): string {
  const script =
    'import json,sys,hashlib\nm=json.load(open(sys.argv[1]))\nm.pop("created",None)\nprint(hashlib.sha256((json.dumps(m,indent=2,sort_keys=True,ensure_ascii=False)+"\\n").encode()).hexdigest())';
  return execFileSync('python3', ['-c', script, join(dir, 'manifest.json')], { encoding: 'utf8' }).trim();
}

describe('Registered model', () => {
  it('outputs the production version for Score, is reused while the registry is unchanged, and re-runs after a promotion', async () => {
    const first = await run(doc('production'));
    expect(first.status).toBe('succeeded');
    const model = first.nodes.reg.outputs!.model as ModelValue;
    expect(model.dir).toBe(join(registry, 'penguins', '1'));
    expect(model.package).toEqual({ name: 'penguins', version: 1, hash: pythonHash(join(registry, 'penguins', '1')), stage: 'production' });
    // penguins.csv has 344 rows (`awk 'END{print NR-1}'`), each scored.
    expect(first.nodes.score.summaries?.table.rowCount).toBe(344);

    const again = await run(doc('production'));
    expect([again.nodes.reg.status, again.nodes.score.status]).toEqual(['cached', 'cached']);

    await promoteModel(registry, 'penguins', 2, 'production');
    const promoted = await run(doc('production'));
    expect([promoted.nodes.reg.status, promoted.nodes.score.status]).toEqual(['done', 'done']);
    expect(promoted.nodes.reg.reason?.code).toBe('file-changed');
    const v2 = promoted.nodes.reg.outputs!.model as ModelValue;
    expect(v2.package?.version).toBe(2);
    expect(v2.package?.hash).toBe(pythonHash(join(registry, 'penguins', '2')));
  });

  it('latest and a version number name those versions; the server loads the output as a package', async () => {
    const latest = await run(doc('latest'));
    expect((latest.nodes.reg.outputs!.model as ModelValue).package?.version).toBe(2);
    const one = await run(doc('1'));
    const m = one.nodes.reg.outputs!.model as ModelValue;
    expect([m.package?.version, m.package?.stage]).toEqual([1, 'archived']);
    const served = await loadServedModel(m.dir);
    try {
      expect([served.name, served.version]).toEqual(['penguins', '1']);
    } finally {
      await served.session.release();
    }
  });

  it('a stage with no version, or an unknown name, fails saying how to fix it', async () => {
    const staging = await run(doc('staging'));
    expect(staging.nodes.reg.status).toBe('failed');
    expect(staging.nodes.reg.error?.message).toBe(
      "model penguins has no version in staging; promote one with `lifecycle-studio models promote penguins 2 staging` (or the Models panel), or pick 'latest'.",
    );
    const unknown = await run(doc('production', 'churn'));
    expect(unknown.nodes.reg.error?.message).toBe(
      `no model named "churn" in the registry ${registry} (it holds penguins); register one with a Package model node.`,
    );
    // Unchanged files: the manifest read by the test is the one registered.
    expect(JSON.parse(readFileSync(join(registry, 'penguins', '2', 'manifest.json'), 'utf8')).version).toBe(2);
  });
});
