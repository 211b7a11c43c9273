/**
 * The Argo export checked against the published Argo schema (@kubernetes-models/argo-workflows
 * validates the whole manifest), plus the rules Argo's own validator adds beyond the schema (name
 * patterns copied from its validate.go), on the sample pipelines.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow';
import { WorkflowTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowTemplate';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { nodeDefs } from '../../nodes/defs.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { checkPipeline } from '../../engine/graph/check-pipeline.js';
import { exportArgoWorkflow } from '../../engine/export/argo-workflow.js';
import { TEST_KEYS } from '../../engine/testing/test-keys.fixture.js';
import { runCli, tempDir } from '../testing/cli-harness.js';
import { writeFileSync } from 'node:fs';

const SAMPLES = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'pipelines-samples');
const sample = (name: string): PipelineDocument => checkPipeline(JSON.parse(readFileSync(resolve(SAMPLES, name), 'utf8')), nodeDefs).document!;
// From argo-workflows workflow/validate/validate.go.
const TASK_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;

type Task = { name: string; depends?: string; arguments?: { artifacts: { name: string; from: string }[] } };
type Template = {
  name: string;
  dag?: { tasks: Task[] };
  container?: { args: string[]; env?: { name: string; value?: string; valueFrom?: unknown }[]; resources: { requests: { memory: string } } };
  outputs?: { artifacts?: { name: string; s3: { key: string } }[] };
  retryStrategy?: { retryPolicy: string };
};
const templatesOf = (m: Record<string, unknown>) => (m.spec as { templates: Template[] }).templates;

describe('export --to argo', () => {
  it('adult-train-evaluate: a valid Workflow with one task per node and dependencies from the edges', () => {
    const doc = sample('adult-train-evaluate.pipeline.json');
    const { manifest } = exportArgoWorkflow(doc, nodeDefs, { artifacts: 's3://ml-bucket/runs', image: 'registry.example/ls-runner:1' });
    // Through YAML and back, as `argo submit` reads it.
    const read = parse(stringify(manifest)) as Record<string, unknown>;
    expect(() => new Workflow(read as never).validate()).not.toThrow();
    const templates = templatesOf(read);
    const tasks = templates[0].dag!.tasks;
    expect(tasks.map((t) => t.name).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    for (const t of tasks) expect(t.name).toMatch(TASK_NAME);
    const depends = Object.fromEntries(tasks.map((t) => [t.name, t.depends ?? '']));
    expect(depends).toEqual({
      import: '',
      clean: 'import.Succeeded',
      split: 'clean.Succeeded',
      train: 'split.Succeeded',
      score: 'train.Succeeded && split.Succeeded',
      evaluate: 'score.Succeeded',
      goals: 'evaluate.Succeeded && train.Succeeded',
    });
    expect(tasks.find((t) => t.name === 'score')!.arguments!.artifacts).toEqual([
      { name: 'in-model', from: '{{tasks.train.outputs.artifacts.out-model}}' },
      { name: 'in-table', from: '{{tasks.split.outputs.artifacts.out-test}}' },
    ]);
    const split = templates.find((t) => t.name === 'split')!;
    expect(split.outputs!.artifacts!.map((a) => a.s3.key)).toEqual([
      'runs/{{workflow.name}}/split/train.tgz',
      'runs/{{workflow.name}}/split/test.tgz',
      'runs/{{workflow.name}}/split/validation.tgz',
    ]);
    expect(split.retryStrategy!.retryPolicy).toBe('OnError');
  });

  it('params become workflow parameters that each task passes as --set, with names Argo accepts', () => {
    const { manifest } = exportArgoWorkflow(sample('adult-train-evaluate.pipeline.json'), nodeDefs, {});
    const params = (manifest.spec as { arguments: { parameters: { name: string; value: string }[] } }).arguments.parameters;
    for (const p of params) expect(p.name).toMatch(PARAM_NAME);
    expect(params.find((p) => p.name === 'train-epochs')!.value).toBe('5');
    expect(params.find((p) => p.name === 'train-target')!.value).toBe('income');
    const train = templatesOf(manifest).find((t) => t.name === 'train')!;
    expect(train.container!.args).toContain('train.epochs={{workflow.parameters.train-epochs}}');
    expect(train.container!.args.filter((a) => a.startsWith('split.'))).toEqual([]);
  });

  it('training asks for more memory than the other steps', () => {
    const templates = templatesOf(exportArgoWorkflow(sample('adult-train-evaluate.pipeline.json'), nodeDefs, {}).manifest);
    expect(templates.find((t) => t.name === 'train')!.container!.resources.requests.memory).toBe('4Gi');
    expect(templates.find((t) => t.name === 'clean')!.container!.resources.requests.memory).toBe('1Gi');
  });

  it('secrets are Secret references by name, never values; the shared-volume form is a valid WorkflowTemplate', () => {
    const doc = sample('prompt-variants.pipeline.json');
    const prompt = doc.nodes.find((n) => n.id === 'prompt')!;
    prompt.params.apiKey = 'OPENAI_API_KEY';
    const { manifest } = exportArgoWorkflow(doc, nodeDefs, { template: true, secretName: 'llm-keys' });
    expect(() => new WorkflowTemplate(parse(stringify(manifest)) as never).validate()).not.toThrow();
    const env = templatesOf(manifest).find((t) => t.name === 'prompt')!.container!.env!;
    expect(env).toEqual([{ name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'llm-keys', key: 'OPENAI_API_KEY' } } }]);
    const args = templatesOf(manifest).find((t) => t.name === 'prompt')!.container!.args;
    expect(args).toEqual(expect.arrayContaining(['--outputs', '/artifacts/prompt', '--input', 'table=/artifacts/labels/output']));
    expect((manifest.metadata as { name: string }).name).toBe('prompt-variants');
  });

  it('refuses an artifacts location that is not s3://bucket/prefix', () => {
    expect(() => exportArgoWorkflow(sample('iris-prepare.pipeline.json'), nodeDefs, { artifacts: 'gs://b/p' })).toThrow(/expected s3:\/\/bucket\/prefix/);
  });

  it('the schema check is real: a task without a template name is refused', () => {
    const { manifest } = exportArgoWorkflow(sample('iris-prepare.pipeline.json'), nodeDefs, {});
    const broken = structuredClone(manifest) as { spec: { templates: { dag?: { tasks: unknown[] } }[] } };
    broken.spec.templates[0].dag!.tasks.push({ name: 7 });
    expect(() => new Workflow(broken as never).validate()).toThrow();
  });

  it('the command refuses a document carrying a key-shaped value: the workflow would put it in the cluster', { timeout: 120_000 }, async () => {
    const doc = JSON.parse(readFileSync(resolve(SAMPLES, 'prompt-variants.pipeline.json'), 'utf8')) as { description: string };
    doc.description = `ask with ${TEST_KEYS.openai}`;
    const file = resolve(tempDir('argo-export-'), 'leaky.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const result = await runCli(['export', file, '--to', 'argo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Refusing to write the pipeline');
    expect(result.stdout).not.toContain(TEST_KEYS.openai.slice(3, 20));
  });
});
