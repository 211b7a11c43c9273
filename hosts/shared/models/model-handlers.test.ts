/**
 * The model registry requests against a real registry on disk: a penguins model trained for real,
 * registered twice with `registerModel`, then listed, shown, promoted and archived through the
 * same `handleRequest` entry both transports use. Names that would leave the registry are refused.
 *
 * Figures counted from penguins.csv with awk (train = data rows whose 1-based number is not a multiple of 5):
 *   awk -F, 'NR>1{r=NR-1; if(r%5!=0){n++; isl[$2]++}} END{print n; for(k in isl) print k, isl[k]}' penguins.csv
 *   -> 276 rows; Biscoe 136, Dream 98, Torgersen 42; bill_length_mm min 32.1, max 59.6, 1 missing
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../../engine/engine-types.js';
import type { Lineage } from '../../../engine/models/package/manifest.js';
import { referenceStatistics } from '../../../engine/models/package/reference-stats.js';
import { registerModel } from '../../../engine/models/registry.js';
import { createTestContext, type FakeContext } from '../../../engine/testing/fake-context.js';
import type { ModelValue } from '../../../engine/values.js';
import { loadSplit } from '../../../nodes/testing/test-datasets.js';
import { trainOn } from '../../../nodes/testing/train-test-kit.js';
import { createStudioHandlers, handleRequest, type StudioHandlers } from '../studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called here`)),
});

const CARD = '# Penguins\n\nBusiness-goal gate: **PASSED**.\n\n| Metric | Value |\n| --- | --- |\n| accuracy | 0.95 |\n<script>alert(1)</script>\n';
const lineage = (runId: string): Lineage => ({ runId, nodeId: 'package', pipelineHash: 'f'.repeat(64), inputs: [], libraries: {}, missing: [] });

let ctx: FakeContext;
let workspace: string;
let registry: string;
let handlers: StudioHandlers;
const call = (method: string, ...args: unknown[]) => handleRequest(handlers, method, args);

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'models' });
  const penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  const { model } = await trainOn(ctx.data, penguins.train, { target: 'species', model: 'linear', epochs: 5, batchSize: 32 });
  workspace = mkdtempSync(join(tmpdir(), 'ls-model-handlers-'));
  registry = join(workspace, 'models');
  const cardDir = mkdtempSync(join(tmpdir(), 'ls-card-'));
  writeFileSync(join(cardDir, 'model-card.md'), CARD);
  writeFileSync(join(cardDir, 'model-card.html'), '<!doctype html><h1>Penguins</h1>');
  const referenceStats = await referenceStatistics(ctx.data, penguins.train.table);
  const modelDir = (model as ModelValue).dir;
  await registerModel(registry, {
    name: 'penguins',
    modelDir,
    lineage: lineage('run-one'),
    metrics: { accuracy: 0.9, f1: 0.88 },
    gate: { passed: true, rules: [{ rule: 'accuracy >= 0.8', passed: true, measured: 0.9, message: 'ok' }] },
    created: '2026-01-01T10:00:00.000Z',
  });
  await registerModel(registry, {
    name: 'penguins',
    modelDir,
    lineage: lineage('run-two'),
    metrics: { accuracy: 0.95, f1: 0.86 },
    gate: { passed: false, rules: [{ rule: 'f1 >= 0.87', passed: false, measured: 0.86, message: 'f1 0.86 is below 0.87' }] },
    cardFiles: [join(cardDir, 'model-card.md'), join(cardDir, 'model-card.html')],
    referenceStats,
    created: '2026-01-02T10:00:00.000Z',
  });
  handlers = createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'cpu', versions: {}, workspaceDir: workspace }),
    configDir: mkdtempSync(join(tmpdir(), 'ls-model-config-')),
    workspaceDir: workspace,
    emit: () => {},
  }).handlers;
}, 120_000);
afterAll(() => ctx.data.close());

describe('model registry requests', () => {
  it('list the models with each version: stage, created, task, target, metrics and gate outcome', async () => {
    expect(await call('listModels')).toEqual([
      {
        name: 'penguins',
        versions: [
          {
            version: 1,
            stage: 'none',
            created: '2026-01-01T10:00:00.000Z',
            task: 'classification',
            target: 'species',
            metrics: { accuracy: 0.9, f1: 0.88 },
            gatePassed: true,
          },
          {
            version: 2,
            stage: 'none',
            created: '2026-01-02T10:00:00.000Z',
            task: 'classification',
            target: 'species',
            metrics: { accuracy: 0.95, f1: 0.86 },
            gatePassed: false,
          },
        ],
      },
    ]);
  });

  it('show a version in full: lineage, gate rules, card text, reference statistics and files with their sizes on disk', async () => {
    const shown = (await call('showModel', 'penguins', 2)) as Awaited<ReturnType<StudioHandlers['showModel']>>;
    expect(shown.manifest).toMatchObject({
      name: 'penguins',
      version: 2,
      task: 'classification',
      target: 'species',
      labels: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    expect(shown.lineage).toMatchObject({ runId: 'run-two', pipelineHash: 'f'.repeat(64) });
    expect(shown.gate).toEqual({ passed: false, rules: [{ rule: 'f1 >= 0.87', passed: false, measured: 0.86, message: 'f1 0.86 is below 0.87' }] });
    // The card is handed over as text; the window renders it (and never runs what it holds).
    expect(shown.card).toEqual({ markdown: CARD, html: '<!doctype html><h1>Penguins</h1>' });
    expect(shown.reference?.rows).toBe(276);
    const col = (n: string) => shown.reference?.columns.find((c) => c.name === n);
    expect(col('island')).toMatchObject({ kind: 'categorical', summary: '3 categories, top: Biscoe (136)', missingShare: 0 });
    expect(col('bill_length_mm')).toMatchObject({ kind: 'numeric', summary: 'min 32.1 · max 59.6', missingShare: 1 / 276 });
    const dir = join(registry, 'penguins', '2');
    const onDisk = readdirSync(dir).filter((f) => f !== 'manifest.json');
    expect(shown.files.map((f) => f.path).sort()).toEqual(onDisk.sort());
    for (const f of shown.files) expect(f.bytes, f.path).toBe(statSync(join(dir, f.path)).size);
    // Version 1 has neither card nor reference statistics.
    const v1 = (await call('showModel', 'penguins', 1)) as Awaited<ReturnType<StudioHandlers['showModel']>>;
    expect([v1.card, v1.reference, v1.lineage.runId]).toEqual([undefined, undefined, 'run-one']);
  });

  it('promote to production archives the previous production version; staging and none are set as asked', async () => {
    expect(await call('setModelStage', 'penguins', 1, 'production')).toEqual([{ version: 1, from: 'none', to: 'production' }]);
    expect(await call('setModelStage', 'penguins', 2, 'staging')).toEqual([{ version: 2, from: 'none', to: 'staging' }]);
    expect(await call('setModelStage', 'penguins', 2, 'production')).toEqual([
      { version: 1, from: 'production', to: 'archived' },
      { version: 2, from: 'staging', to: 'production' },
    ]);
    const stages = ((await call('listModels')) as { versions: { stage: string }[] }[])[0].versions.map((v) => v.stage);
    expect(stages).toEqual(['archived', 'production']);
    expect(await call('setModelStage', 'penguins', 1, 'none')).toEqual([{ version: 1, from: 'archived', to: 'none' }]);
    await expect(call('setModelStage', 'penguins', 2, 'live')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('setModelStage: argument [2]'),
    });
  });

  it('refuse names and versions that would leave the registry, before touching the disk', async () => {
    // A package outside the registry that a traversal would reach.
    mkdirSync(join(workspace, 'outside', '1'), { recursive: true });
    writeFileSync(join(workspace, 'outside', '1', 'manifest.json'), '{}');
    for (const name of ['../outside', '..', '.', 'a/b', 'a\\b', '/etc', '.hidden', '', 'x'.repeat(65), 'penguins\0']) {
      await expect(call('showModel', name, 1), JSON.stringify(name)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('model name'),
      });
      await expect(call('setModelStage', name, 1, 'production'), JSON.stringify(name)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    for (const version of [0, -1, 1.5, '1', '../1', null]) {
      await expect(call('showModel', 'penguins', version), JSON.stringify(version)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    // Called directly (past the payload check), the handlers refuse too.
    await expect(handlers.showModel('../outside', 1)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"../outside"') });
    await expect(handlers.setModelStage('..', 1, 'production')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(readdirSync(join(workspace, 'outside'))).toEqual(['1']);
  });

  it('name what is wrong: an unknown model or version, a changed file', async () => {
    await expect(call('showModel', 'nope', 1)).rejects.toThrow(/no model named "nope"/);
    await expect(call('showModel', 'penguins', 9)).rejects.toThrow('model "penguins" has no version 9; its versions are 1, 2.');
    const metrics = join(registry, 'penguins', '1', 'metrics.json');
    chmodSync(metrics, 0o644);
    writeFileSync(metrics, '{"metrics":{"accuracy":1}}');
    await expect(call('showModel', 'penguins', 1)).rejects.toThrow(/package file metrics.json in .* does not match its sha256/);
    // The list still shows what the files say (it does not hash); a version without a manifest is named, not dropped.
    mkdirSync(join(registry, 'penguins', '3'));
    const listed = (await call('listModels')) as { versions: { version: number; problem?: string }[] }[];
    expect(listed[0].versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(listed[0].versions[2].problem).toMatch(/manifest.json is missing/);
  });
});
