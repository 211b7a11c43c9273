/**
 * The committed Argo Workflow of the cluster sample is what the export command in its README writes
 * today, byte for byte (so it never goes stale: refresh it by running that command), and it is a
 * Workflow Argo accepts (the published schema plus the name rules of Argo's validate.go, as
 * test/argo/argo-export.test.ts checks the exporter).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, tempDir } from '../testing/cli-harness.js';
import { SAMPLES } from './harness.js';

const CLUSTER = join(SAMPLES, 'cluster');
const COMMITTED = 'pipelines-samples/cluster/adult-cluster.workflow.yaml';
// From argo-workflows workflow/validate/validate.go.
const TASK_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;

/** The README's `npx lifecycle-studio export ...` command (joined over its `\` line ends), as argv after `npx lifecycle-studio`. */
function readmeExportArgs(): string[] {
  const text = readFileSync(join(CLUSTER, 'README.md'), 'utf8').replace(/\\\n\s*/g, ' ');
  const line = text.split('\n').find((l) => l.startsWith('npx lifecycle-studio export '));
  if (!line) throw new Error('pipelines-samples/cluster/README.md has no line starting "npx lifecycle-studio export "');
  return line.trim().split(/\s+/).slice(2);
}

type Task = { name: string; depends?: string };
type Template = { name: string; dag?: { tasks: Task[] }; container?: { args: string[]; volumeMounts?: { name: string; mountPath: string }[] } };

describe('the cluster sample', () => {
  it('the committed workflow is exactly what the README export command writes now', { timeout: 120_000 }, async () => {
    const args = readmeExportArgs();
    const out = args.indexOf('--out');
    expect(args[out + 1]).toBe(COMMITTED);
    const fresh = join(tempDir('ls-cluster-export-'), 'adult-cluster.workflow.yaml');
    const result = await runCli([...args.slice(0, out), '--out', fresh, ...args.slice(out + 2)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(fresh, 'utf8')).toBe(readFileSync(join(CLUSTER, 'adult-cluster.workflow.yaml'), 'utf8'));
  });

  it('is a valid Argo Workflow: one task per node, no Deploy, the data claim mounted, train-epochs a parameter', () => {
    const manifest = parse(readFileSync(join(CLUSTER, 'adult-cluster.workflow.yaml'), 'utf8')) as Record<string, unknown>;
    expect(() => new Workflow(manifest as never).validate()).not.toThrow();
    const spec = manifest.spec as { templates: Template[]; arguments: { parameters: { name: string; value: string }[] }; volumes: unknown[] };
    const doc = JSON.parse(readFileSync(join(SAMPLES, 'adult-cluster.pipeline.json'), 'utf8')) as { nodes: { id: string; type: string }[] };
    expect(doc.nodes.filter((n) => n.type === 'deploy')).toEqual([]);
    const tasks = spec.templates[0].dag!.tasks;
    expect(tasks.map((t) => t.name).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    for (const t of tasks) expect(t.name).toMatch(TASK_NAME);
    expect(tasks.find((t) => t.name === 'package')!.depends).toBe('train.Succeeded && goals.Succeeded && evaluate.Succeeded');
    for (const p of spec.arguments.parameters) expect(p.name).toMatch(PARAM_NAME);
    expect(spec.arguments.parameters.find((p) => p.name === 'train-epochs')!.value).toBe('5');
    expect(spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'lifecycle-studio-data', readOnly: true } }]);
    const importStep = spec.templates.find((t) => t.name === 'import')!;
    expect(importStep.container!.volumeMounts).toEqual([{ name: 'data', mountPath: '/work/pipeline/data', readOnly: true }]);
    expect(spec.templates.find((t) => t.name === 'train')!.container!.args).toContain('train.epochs={{workflow.parameters.train-epochs}}');
  });
});
