/**
 * Package model version 3: the workspace's registry by default, a Train package's lineage carried
 * into the registered version with the registering run's id, and a failed gate refused by rule.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelPackage } from '../../engine/models/package/read-package.js';
import { listModels, showModel } from '../../engine/models/registry.js';
import { defaultParams } from '../../engine/node-def.js';
import { NodeError } from '../../engine/node-run.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, ReportValue } from '../../engine/values.js';
import { loadSplit } from '../testing/test-datasets.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';
import { packageModelDef } from './def.js';
import { packageModelRunner } from './run.js';

const PASSED: ReportValue = { kind: 'report', title: 'gate', files: [], gate: { passed: true, rules: [] } };

let ctx: FakeContext;
let model: ModelValue;
beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'pw' });
  const { train } = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  const params = { ...defaultParams(trainDef.params), target: 'species', model: 'linear' as const, epochs: 3, seed: 5 };
  model = (await trainRunner.run(createFakeContext(ctx.data, { nodeId: 'train' }), { train, validation: undefined }, params)).model as ModelValue;
}, 120_000);
afterAll(() => ctx.data.close());

describe('Package model registers in the workspace registry', () => {
  it('with no folder, the version goes to <workspace>/models/<name>/1, with the Train package inside and this run in its lineage', async () => {
    const workspaceDir = mkdtempSync(join(tmpdir(), 'ls-ws-'));
    const pipelineDir = mkdtempSync(join(tmpdir(), 'ls-pipe-'));
    const run = createFakeContext(ctx.data, { nodeId: 'pack', workspaceDir, baseDir: pipelineDir });
    await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, { folder: '', name: 'penguins' });
    const dir = join(workspaceDir, 'models', 'penguins', '1');
    const pkg = await readModelPackage(dir);
    expect(existsSync(join(pipelineDir, 'models'))).toBe(false);
    expect([pkg.manifest.name, pkg.manifest.version]).toEqual(['penguins', 1]);
    // The model files are Train's, byte for byte.
    const trained = await readModelPackage(model.dir);
    const sha = (p: typeof pkg, f: string) => p.manifest.files.find((x) => x.path === f)?.sha256;
    for (const f of ['model.onnx', 'weights.bin', 'model.json', 'recipe.json', 'training.json']) expect(sha(pkg, f), f).toBe(sha(trained, f));
    expect(pkg.hash).not.toBe(trained.hash);
    expect(trained.lineage.runId).toBeUndefined();
    expect(pkg.lineage.runId).toBe('test-run');
    expect(pkg.lineage.seed).toBe(5);
    expect(pkg.lineage.missing).toEqual(['pipelineHash']);
    // An explicit folder is another registry, resolved beside the pipeline.
    await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, { folder: 'elsewhere', name: 'penguins' });
    expect(JSON.parse(readFileSync(join(pipelineDir, 'elsewhere', 'penguins', '1', 'manifest.json'), 'utf8')).version).toBe(1);
  });

  it('refuses a failed gate, naming each failed rule and what was measured', async () => {
    const report: ReportValue = {
      kind: 'report',
      title: 'gate',
      files: [],
      gate: {
        passed: false,
        rules: [
          { rule: 'accuracy at least 0.99', passed: false, measured: 0.95, message: '' },
          { rule: 'rows at least 10', passed: true, measured: 68, message: '' },
          { rule: 'recall of Chinstrap at least 0.9', passed: false, measured: 0.5, message: '' },
        ],
      },
    };
    const run = createFakeContext(ctx.data, { nodeId: 'pack_fail' });
    const error = await packageModelRunner.run(run, { model, report, metrics: undefined }, { folder: '', name: 'penguins' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).code).toBe('GATE_FAILED');
    expect((error as NodeError).message).toBe(
      'the business-goal gate failed on "accuracy at least 0.99" (measured 0.95), "recall of Chinstrap at least 0.9" (measured 0.5); the model is not registered',
    );
    expect(existsSync(join(run.workspaceDir, 'models'))).toBe(false);
  });
});

describe('Package model stages and archived challengers', () => {
  const FAILED: ReportValue = {
    kind: 'report',
    title: 'gate',
    files: [],
    gate: { passed: false, rules: [{ rule: 'accuracy better than the second model by at least 0.05', passed: false, measured: 0.01, message: '' }] },
  };
  const params = (over: Record<string, string>) => ({ ...defaultParams(packageModelDef.params), name: 'penguins', ...over });

  it('registers at the stage asked; production archives the previous production version', async () => {
    const run = createFakeContext(ctx.data, { nodeId: 'pack_stage', workspaceDir: mkdtempSync(join(tmpdir(), 'ls-ws-')) });
    const root = join(run.workspaceDir, 'models');
    const first = await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, params({ stage: 'production' }));
    expect(first.model).toMatchObject({ kind: 'model', dir: join(root, 'penguins', '1'), package: { name: 'penguins', version: 1, stage: 'production' } });
    await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, params({ stage: 'staging' }));
    await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, params({ stage: 'production' }));
    expect((await listModels(root))[0].versions.map((v) => `${v.version}:${v.stage}`)).toEqual(['1:archived', '2:staging', '3:production']);
  });

  it('on a failed gate with "register as archived", registers it archived with the failed rules as the reason and never promotes it', async () => {
    const run = createFakeContext(ctx.data, { nodeId: 'pack_arch', workspaceDir: mkdtempSync(join(tmpdir(), 'ls-ws-')) });
    const root = join(run.workspaceDir, 'models');
    await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, params({ stage: 'production' }));
    const out = await packageModelRunner.run(
      run,
      { model, report: FAILED, metrics: { kind: 'metrics', metrics: { accuracy: 0.9 } } },
      params({ stage: 'production', onFailedGate: 'archive' }),
    );
    const reason = 'the business-goal gate failed on "accuracy better than the second model by at least 0.05" (measured 0.01)';
    expect(out.model).toMatchObject({ package: { version: 2, stage: 'archived' } });
    const shown = await showModel(root, 'penguins', 2);
    expect([shown.stage, shown.reason]).toEqual(['archived', reason]);
    expect(shown.package.metrics?.gate).toEqual(FAILED.gate);
    expect(shown.package.metrics?.metrics).toEqual({ accuracy: 0.9 });
    // The champion keeps production.
    expect((await showModel(root, 'penguins', 1)).stage).toBe('production');
    expect((out.report as ReportValue).markdown).toContain(`Stage: archived (${reason})`);
  });
});

describe('Package model params from version 2', () => {
  it('the old default registry ("models" beside the pipeline, or absent) becomes the workspace registry; another folder stays', () => {
    expect(packageModelDef.migrateParams(2, { folder: 'models', name: 'churn' })).toEqual({ folder: '', name: 'churn' });
    expect(packageModelDef.migrateParams(2, { name: 'churn' })).toEqual({ folder: '', name: 'churn' });
    expect(packageModelDef.migrateParams(2, { folder: 'shared/registry', name: 'churn' })).toEqual({ folder: 'shared/registry', name: 'churn' });
  });
});
