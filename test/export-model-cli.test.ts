/** `lifecycle-studio export-model` through the real CLI: how it finds the package, where it writes, what it refuses. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { promoteModel, registerModel } from '../engine/models/registry.js';
import { ROOT, runCli, tempDir } from './testing/cli-harness.js';

const MODEL_DIR = join(ROOT, 'engine', 'models', 'fixtures', 'adult-linear-v1');
let workspace: string;
let v2: string;

beforeAll(async () => {
  workspace = tempDir('ls-export-cli-');
  const lineage = { inputs: [], libraries: {}, missing: [] };
  await registerModel(join(workspace, 'models'), { name: 'adult', modelDir: MODEL_DIR, lineage });
  v2 = (await registerModel(join(workspace, 'models'), { name: 'adult', modelDir: MODEL_DIR, lineage })).dir;
  await promoteModel(join(workspace, 'models'), 'adult', 1, 'production');
});

const kinds = (yaml: string) => parseAllDocuments(yaml).map((d) => (d.toJS() as { kind: string; metadata: { labels: Record<string, string> } }).kind);
const versionOf = (yaml: string) =>
  (parseAllDocuments(yaml)[0].toJS() as { metadata: { labels: Record<string, string> } }).metadata.labels['app.kubernetes.io/version'];

describe('lifecycle-studio export-model', () => {
  it('finds a version in the registry by stage, or the latest by default', async () => {
    const ws = ['--workspace', workspace, '--to', 'kserve', '--image', 'ghcr.io/acme/adult-model:1'];
    let r = await runCli(['export-model', 'adult@production', ...ws]);
    expect([r.code, kinds(r.stdout), versionOf(r.stdout)]).toEqual([0, ['InferenceService'], '1']);
    r = await runCli(['export-model', 'adult', ...ws]);
    expect(versionOf(r.stdout)).toBe('2');
  });

  it('takes a package folder and writes to --out, saying when no --image was given', async () => {
    const out = join(tempDir('ls-export-out-'), 'adult.yaml');
    const r = await runCli(['export-model', v2, '--to', 'kubernetes', '--out', out]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toContain('No --image');
    expect(kinds(readFileSync(out, 'utf8'))).toEqual(['Deployment', 'Service']);
  });

  it('refuses a bad --to or --secret-env with exit 2, naming it', async () => {
    const ws = ['--workspace', workspace];
    let r = await runCli(['export-model', 'adult', '--to', 'helm', ...ws]);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, '--to must be kubernetes or kserve, got "helm".']);
    r = await runCli(['export-model', 'adult', '--to', 'kserve', '--secret-env', 'OPENAI_API_KEY=llm-key', ...ws]);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      2,
      '--secret-env "OPENAI_API_KEY=llm-key" is not ENV=SECRET:KEY (e.g. OPENAI_API_KEY=llm-key:api-key).',
    ]);
  });

  it('refuses a stage no version has and an unknown model with exit 1, naming them', async () => {
    const ws = ['--workspace', workspace];
    let r = await runCli(['export-model', 'adult@staging', '--to', 'kserve', ...ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('model adult has no version in staging; promote one with `lifecycle-studio models promote adult 2 staging`');
    r = await runCli(['export-model', 'penguins', '--to', 'kserve', ...ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no model named "penguins" in the registry');
  });
});
