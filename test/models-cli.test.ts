/** `lifecycle-studio models list|show|promote` through the real CLI process on a registry written by the engine's registry. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { promoteModel, registerModel } from '../engine/models/registry.js';
import { ROOT, runCli, tempDir } from './testing/cli-harness.js';

const MODEL_DIR = join(ROOT, 'engine', 'models', 'fixtures', 'adult-linear-v1');
let workspace: string;

beforeAll(async () => {
  workspace = tempDir('ls-models-');
  const lineage = { runId: 'run-42', inputs: [], libraries: {}, missing: ['pipelineHash'] };
  await registerModel(join(workspace, 'models'), { name: 'adult', modelDir: MODEL_DIR, lineage, metrics: { accuracy: 0.81 } });
  await registerModel(join(workspace, 'models'), { name: 'adult', modelDir: MODEL_DIR, lineage, metrics: { accuracy: 0.84 } });
});

describe('lifecycle-studio models', () => {
  it('lists, promotes (archiving the previous production) and shows versions', async () => {
    const ws = ['--workspace', workspace];
    let r = await runCli(['models', 'list', ...ws]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('adult\n    1  none\n    2  none\n');
    r = await runCli(['models', 'promote', 'adult', '1', 'production', ...ws]);
    expect([r.code, r.stdout]).toEqual([0, 'adult version 1: none -> production\n']);
    r = await runCli(['models', 'promote', 'adult', '2', 'production', ...ws]);
    expect([r.code, r.stdout]).toEqual([0, 'adult version 1: production -> archived\nadult version 2: none -> production\n']);
    r = await runCli(['models', 'list', '--json', '--registry', join(workspace, 'models')]);
    expect((JSON.parse(r.stdout) as { versions: { version: number; stage: string }[] }[])[0].versions.map((v) => [v.version, v.stage])).toEqual([
      [1, 'archived'],
      [2, 'production'],
    ]);
    r = await runCli(['models', 'show', 'adult', '--version', '1', ...ws]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('adult version 1 (archived)');
    expect(r.stdout).toContain('metric accuracy: 0.81');
    expect(r.stdout).toContain('run:     run-42');
    const manifest = readFileSync(join(workspace, 'models', 'adult', '1', 'manifest.json'), 'utf8');
    expect(r.stdout).toContain(`task:    ${(JSON.parse(manifest) as { task: string }).task}`);
  });

  it('archives a version, and without --workspace reads the registry of ./.lifecycle-studio as `serve` does', async () => {
    const cwd = tempDir('ls-models-cwd-');
    const lineage = { inputs: [], libraries: {}, missing: [] };
    await registerModel(join(cwd, '.lifecycle-studio', 'models'), { name: 'adult', modelDir: MODEL_DIR, lineage });
    let r = await runCli(['models', 'list'], { cwd });
    expect([r.code, r.stdout]).toEqual([0, 'adult\n    1  none\n']);
    r = await runCli(['models', 'archive', 'adult', '1'], { cwd });
    expect([r.code, r.stdout]).toEqual([0, 'adult version 1: none -> archived\n']);
    const stages = JSON.parse(readFileSync(join(cwd, '.lifecycle-studio', 'models', 'adult', 'stages.json'), 'utf8')) as Record<string, string>;
    expect(stages).toEqual({ '1': 'archived' });
    r = await runCli(['models', 'archive', 'adult', '3'], { cwd });
    expect([r.code, r.stderr]).toEqual([1, 'model "adult" has no version 3; its versions are 1.\n']);
  });

  it('refuses an unknown version (exit 1) and a bad stage (exit 2), naming them', async () => {
    let r = await runCli(['models', 'promote', 'adult', '9', 'staging', '--workspace', workspace]);
    expect([r.code, r.stderr]).toEqual([1, 'model "adult" has no version 9; its versions are 1, 2.\n']);
    r = await runCli(['models', 'promote', 'adult', '1', 'live', '--workspace', workspace]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the stage must be one of none, staging, production, archived, not "live".');
  });

  it('shows why a version was archived (a challenger that failed the gate), in list, list --json and show', async () => {
    const root = join(tempDir('ls-models-reason-'), 'models');
    const lineage = { inputs: [], libraries: {}, missing: ['runId', 'pipelineHash'] };
    await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage });
    const reason = 'the business-goal gate failed on "accuracy better than the second model by at least 0.01" (measured -0.2)';
    await promoteModel(root, 'adult', 1, 'archived', reason);
    let r = await runCli(['models', 'list', '--registry', root]);
    expect(r.stdout).toBe(`adult\n    1  archived  (${reason})\n`);
    r = await runCli(['models', 'list', '--json', '--registry', root]);
    expect(JSON.parse(r.stdout)[0].versions[0]).toMatchObject({ version: 1, stage: 'archived', reason });
    r = await runCli(['models', 'show', 'adult', '--version', '1', '--registry', root]);
    expect(r.stdout).toContain(`adult version 1 (archived)\n  reason:  ${reason}\n`);
  });
});
