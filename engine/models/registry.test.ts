/** The model registry on real folders: numbered immutable versions, stages, promotion archiving the previous production. */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lineage } from './package/manifest.js';
import { listModels, promoteModel, registerModel, showModel, versionAtStage } from './registry.js';

/** A trained model folder (adult, linear) in the version-1 layout. */
const MODEL_DIR = join(import.meta.dirname, 'fixtures', 'adult-linear-v1');
const lineage: Lineage = { inputs: [], libraries: {}, missing: ['runId', 'pipelineHash'] };

function freshRoot(): string {
  return join(mkdtempSync(join(tmpdir(), 'ls-registry-')), 'models');
}

describe('model registry', () => {
  it('numbers versions 1, 2, 3 and never rewrites an earlier one', async () => {
    const root = freshRoot();
    const v1 = await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage, created: '2026-12-01T00:00:00.000Z' });
    const before = Object.fromEntries(readdirSync(v1.dir).map((f) => [f, readFileSync(join(v1.dir, f))]));
    const v2 = await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage, metrics: { accuracy: 0.85 } });
    const v3 = await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage });
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(join(v1.dir, f)).equals(bytes), f).toBe(true);
    // Read-only files, and no temporary folder left behind.
    for (const f of readdirSync(v1.dir)) expect(statSync(join(v1.dir, f)).mode & 0o222).toBe(0);
    expect(readdirSync(join(root, 'adult')).sort()).toEqual(['1', '2', '3']);
    // v1 and v3 hold the same files (same parts); their hashes differ as the version is in the manifest. v2 adds metrics.
    const shown = await showModel(root, 'adult', 1);
    expect((await showModel(root, 'adult', 3)).package.manifest.files).toEqual(shown.package.manifest.files);
    expect(v3.hash).not.toBe(v1.hash);
    expect((await showModel(root, 'adult', 2)).package.metrics?.metrics).toEqual({ accuracy: 0.85 });
    expect(shown.package.manifest.created).toBe('2026-12-01T00:00:00.000Z');
    expect((await showModel(root, 'adult')).version).toBe(3);
  });

  it('gives concurrent registrations distinct versions', async () => {
    const root = freshRoot();
    const done = await Promise.all([1, 2, 3, 4].map((i) => registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage, metrics: { run: i } })));
    expect(done.map((d) => d.version).sort()).toEqual([1, 2, 3, 4]);
    // Each version holds the package that was registered under it.
    for (const d of done) expect((await showModel(root, 'adult', d.version)).package.hash).toBe(d.hash);
    expect(readdirSync(join(root, 'adult')).sort()).toEqual(['1', '2', '3', '4']);
  });

  it('keeps one production version: promoting another archives it', async () => {
    const root = freshRoot();
    for (let i = 0; i < 3; i++) await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage });
    await registerModel(root, { name: 'other', modelDir: MODEL_DIR, lineage });
    expect(await promoteModel(root, 'adult', 1, 'production')).toEqual([{ version: 1, from: 'none', to: 'production' }]);
    await promoteModel(root, 'adult', 2, 'staging');
    expect(await promoteModel(root, 'adult', 2, 'production')).toEqual([
      { version: 1, from: 'production', to: 'archived' },
      { version: 2, from: 'staging', to: 'production' },
    ]);
    expect(await versionAtStage(root, 'adult', 'production')).toBe(2);
    const listed = await listModels(root);
    expect(listed.map((m) => [m.name, m.versions.map((v) => `${v.version}:${v.stage}`)])).toEqual([
      ['adult', ['1:archived', '2:production', '3:none']],
      ['other', ['1:none']],
    ]);
    // The stages live outside the immutable version folders.
    expect(JSON.parse(readFileSync(join(root, 'adult', 'stages.json'), 'utf8'))).toEqual({ 1: 'archived', 2: 'production' });
  });

  it('refuses unknown names, versions and stages, naming them', async () => {
    const root = freshRoot();
    await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage });
    await expect(promoteModel(root, 'adult', 7, 'production')).rejects.toThrow('model "adult" has no version 7; its versions are 1.');
    await expect(promoteModel(root, 'adult', 1, 'live' as never)).rejects.toThrow('stage "live" is not one of none, staging, production, archived.');
    await expect(showModel(root, 'nope')).rejects.toThrow(/no model named "nope"/);
    await expect(registerModel(root, { name: '../x', modelDir: MODEL_DIR, lineage })).rejects.toThrow(/model name "..\/x" is not allowed/);
  });

  it('keeps the reason a version was archived with, shows it, and clears it when the stage changes without one', async () => {
    const root = freshRoot();
    await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage });
    await registerModel(root, { name: 'adult', modelDir: MODEL_DIR, lineage });
    await promoteModel(root, 'adult', 1, 'production');
    await promoteModel(root, 'adult', 2, 'archived', 'the gate failed on "accuracy better than the second model by at least 0.5"');
    const listed = (await listModels(root))[0].versions.map((v) => [v.version, v.stage, v.reason]);
    expect(listed).toEqual([
      [1, 'production', undefined],
      [2, 'archived', 'the gate failed on "accuracy better than the second model by at least 0.5"'],
    ]);
    expect((await showModel(root, 'adult', 2)).reason).toBe('the gate failed on "accuracy better than the second model by at least 0.5"');
    expect(JSON.parse(readFileSync(join(root, 'adult', 'reasons.json'), 'utf8'))).toEqual({
      2: 'the gate failed on "accuracy better than the second model by at least 0.5"',
    });
    // Brought back by hand: the old reason no longer applies.
    await promoteModel(root, 'adult', 2, 'staging');
    expect((await showModel(root, 'adult', 2)).reason).toBeUndefined();
  });
});
