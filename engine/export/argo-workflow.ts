/**
 * Pipeline -> Argo Workflow (or WorkflowTemplate), pure: one DAG task per node, each running the
 * runner image's `lifecycle-studio run-node` on that node. Values cross between tasks as portable
 * values (engine/artifacts): Argo artifacts under an S3 prefix, or folders on one shared volume.
 * Params are workflow parameters, secrets are Kubernetes Secret references by name, training steps
 * ask for more resources, and a step that Kubernetes lost (not one that failed) is retried.
 */
import type { PipelineDocument, PipelineNode } from '../document/schema.js';
import { closure } from '../graph/graph-walk.js';
import { gateRequired, type NodeDef } from '../node-def.js';
import { resourceName, uniqueTaskNames } from './argo-names.js';
import { workflowParams, type WorkflowParam } from './argo-params.js';
import { argoArtifacts, parseArtifactsUri, VOLUME_PATH, type ArtifactsPlan } from './argo-artifacts.js';

export interface ArgoExportOptions {
  /** The runner image (headless CLI with `lifecycle-studio` on its PATH). */
  image?: string;
  /** `s3://bucket/prefix`: artifacts under that prefix in the cluster's artifact repository; absent: one shared volume per workflow. */
  artifacts?: string;
  /** A WorkflowTemplate (submitted later with `argo submit --from workflowtemplate/<name>`) instead of a Workflow. */
  template?: boolean;
  /** A PersistentVolumeClaim holding the pipeline's data files, mounted read-only at /work/pipeline/data. */
  dataClaim?: string;
  /** The Kubernetes Secret whose keys are the secret names the pipeline's secret params hold. */
  secretName?: string;
}

export const DEFAULT_IMAGE = 'lifecycle-studio-runner:latest';
export const DEFAULT_SECRET_NAME = 'lifecycle-studio-secrets';
/** Where the runner finds things inside a task's container. */
export const CONTAINER = {
  pipeline: '/work/pipeline/pipeline.json',
  data: '/work/pipeline/data',
  inputs: '/work/in',
  outputs: '/work/out',
  workspace: '/work/workspace',
};

const RESOURCES = {
  training: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } },
  step: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
};

export interface ArgoExport {
  manifest: Record<string, unknown>;
  /** Parts of the pipeline a cluster run treats differently, in plain words. */
  warnings: string[];
}

/**
 * @example
 * const { manifest } = exportArgoWorkflow(doc, nodeDefs, { artifacts: 's3://ml/runs' });
 * writeFileSync('wf.yaml', YAML.stringify(manifest));
 */
export function exportArgoWorkflow(doc: PipelineDocument, defs: readonly NodeDef[], options: ArgoExportOptions = {}): ArgoExport {
  const tasks = uniqueTaskNames(doc.nodes.map((n) => n.id));
  const params = workflowParams(doc, defs, tasks);
  const plan: ArtifactsPlan = parseArtifactsUri(options.artifacts);
  const defOf = (node: PipelineNode) => {
    const def = defs.find((d) => d.type === node.type);
    if (!def) throw new Error(`node "${node.id}" has the unknown type "${node.type}"; validate the pipeline before exporting it`);
    return def;
  };
  const pipelineJson = JSON.stringify(doc);
  const templates = doc.nodes.map((node) => nodeTemplate(node, defOf(node), { doc, tasks, params, plan, pipelineJson, options }));
  const dagTasks = doc.nodes.map((node) => {
    const name = tasks.get(node.id)!;
    const upstream = [...new Set(doc.edges.filter((e) => e.target.node === node.id).map((e) => tasks.get(e.source.node)!))];
    const artifacts = argoArtifacts(plan, doc, tasks, node.id).arguments;
    return {
      name,
      template: name,
      // Succeeded only: a failed step (or a failed gate, which exits 1) stops everything below it.
      ...(upstream.length ? { depends: upstream.map((u) => `${u}.Succeeded`).join(' && ') } : {}),
      ...(artifacts.length ? { arguments: { artifacts } } : {}),
    };
  });
  const volumes = [...(options.dataClaim ? [{ name: 'data', persistentVolumeClaim: { claimName: options.dataClaim, readOnly: true } }] : [])];
  const spec = {
    entrypoint: 'pipeline',
    arguments: { parameters: params.map((p) => ({ name: p.name, value: p.value, description: p.description })) },
    ...(plan.kind === 'volume'
      ? {
          volumeClaimTemplates: [
            {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: 'artifacts' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
            },
          ],
        }
      : {}),
    ...(volumes.length ? { volumes } : {}),
    templates: [{ name: 'pipeline', dag: { tasks: dagTasks } }, ...templates],
  };
  const name = resourceName(doc.id);
  const metadata = {
    ...(options.template ? { name } : { generateName: `${name}-` }),
    labels: { 'app.kubernetes.io/managed-by': 'lifecycle-studio' },
    annotations: {
      'lifecycle-studio/pipeline': doc.name ?? doc.id,
      ...(plan.kind === 's3' ? { 'lifecycle-studio/artifacts': `s3://${plan.bucket}/${plan.prefix}` } : {}),
    },
  };
  const manifest = { apiVersion: 'argoproj.io/v1alpha1', kind: options.template ? 'WorkflowTemplate' : 'Workflow', metadata, spec };
  return { manifest, warnings: exportWarnings(doc, defs) };
}

interface TemplateContext {
  doc: PipelineDocument;
  tasks: ReadonlyMap<string, string>;
  params: WorkflowParam[];
  plan: ArtifactsPlan;
  pipelineJson: string;
  options: ArgoExportOptions;
}

function nodeTemplate(node: PipelineNode, def: NodeDef, ctx: TemplateContext) {
  const name = ctx.tasks.get(node.id)!;
  const artifacts = argoArtifacts(ctx.plan, ctx.doc, ctx.tasks, node.id, def);
  const sets = ctx.params.filter((p) => p.nodeId === node.id).flatMap((p) => ['--set', `${node.id}.${p.param}={{workflow.parameters.${p.name}}}`]);
  const secretEnv = Object.entries(def.params)
    .filter(([, spec]) => spec.kind === 'secret')
    .map(([param, spec]) => node.params[param] ?? spec.default)
    .filter((secret): secret is string => typeof secret === 'string' && secret !== '')
    .map((secret) => ({ name: secret, valueFrom: { secretKeyRef: { name: ctx.options.secretName ?? DEFAULT_SECRET_NAME, key: secret } } }));
  const mounts = [
    ...(ctx.plan.kind === 'volume' ? [{ name: 'artifacts', mountPath: VOLUME_PATH }] : []),
    ...(ctx.options.dataClaim ? [{ name: 'data', mountPath: CONTAINER.data, readOnly: true }] : []),
  ];
  return {
    name,
    metadata: { labels: { 'lifecycle-studio/node-type': node.type } },
    inputs: { artifacts: [{ name: 'pipeline', path: CONTAINER.pipeline, raw: { data: ctx.pipelineJson } }, ...artifacts.inputs] },
    outputs: {
      parameters: [{ name: 'summary', valueFrom: { path: `${artifacts.outputsDir}/summary.json`, default: '{}' } }],
      ...(artifacts.outputs.length ? { artifacts: artifacts.outputs } : {}),
    },
    container: {
      // Argo names its main container "main"; the Kubernetes schema requires a name.
      name: 'main',
      image: ctx.options.image ?? DEFAULT_IMAGE,
      command: ['lifecycle-studio'],
      args: [
        'run-node',
        CONTAINER.pipeline,
        '--node',
        node.id,
        '--workspace',
        CONTAINER.workspace,
        '--outputs',
        artifacts.outputsDir,
        ...artifacts.args,
        ...sets,
      ],
      ...(secretEnv.length ? { env: secretEnv } : {}),
      ...(mounts.length ? { volumeMounts: mounts } : {}),
      resources: def.stage === 'train' ? RESOURCES.training : RESOURCES.step,
    },
    // OnError: Kubernetes lost the pod (evicted, node gone); a step that exits 1 or 2 failed for a reason a retry would repeat.
    retryStrategy: { limit: 2, retryPolicy: 'OnError', backoff: { duration: '30s', factor: 2 } },
  };
}

function exportWarnings(doc: PipelineDocument, defs: readonly NodeDef[]): string[] {
  const warnings: string[] = [];
  for (const node of doc.nodes) {
    if (defs.find((d) => d.type === node.type)?.stage === 'deploy') {
      warnings.push(
        `node "${node.id}" starts a model server, which would stop with its pod: serve models with \`export-model --to kubernetes|kserve\` instead`,
      );
    }
  }
  for (const gate of doc.nodes.filter((n) => defs.find((d) => d.type === n.type)?.outputs.some((p) => p.kind === 'report'))) {
    for (const id of closure(doc, gate.id, 'down')) {
      const node = doc.nodes.find((n) => n.id === id)!;
      const def = defs.find((d) => d.type === node.type);
      if (id !== gate.id && def && !gateRequired(def, node.params)) {
        warnings.push(`node "${id}" runs below a failed gate of "${gate.id}" locally; on Argo a failed gate stops the workflow at "${gate.id}"`);
      }
    }
  }
  if (doc.triggers?.length) warnings.push("the pipeline's triggers are not exported: schedule the workflow with an Argo CronWorkflow instead");
  return warnings;
}
