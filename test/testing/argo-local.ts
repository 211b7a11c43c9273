/**
 * Runs an exported Argo Workflow on this machine the way Argo runs it, for the proof tests: DAG tasks
 * in dependency order (`depends: "a.Succeeded && b.Succeeded"`), each as its own process running
 * exactly its template's command and args after Argo's substitutions ({{workflow.parameters.x}},
 * {{workflow.name}}). Each task gets a fresh folder as its container's file system: container paths
 * are read below it, input artifacts are copied in before and output artifacts copied out after to
 * a shared folder standing in for the artifact repository (at the artifact's S3 key), and volumes
 * are links to shared folders (a claim template per workflow, or a named claim the test provides).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

type Artifact = { name: string; path?: string; raw?: { data: string }; from?: string; s3?: { key: string }; optional?: boolean };
type Template = {
  name: string;
  dag?: { tasks: { name: string; template: string; depends?: string; arguments?: { artifacts?: Artifact[] } }[] };
  inputs?: { artifacts?: Artifact[] };
  outputs?: { artifacts?: Artifact[]; parameters?: { name: string; valueFrom: { path: string; default?: string } }[] };
  container?: {
    command: string[];
    args: string[];
    env?: { name: string; value?: string }[];
    volumeMounts?: { name: string; mountPath: string }[];
  };
};
export interface WorkflowManifest {
  metadata: { generateName?: string; name?: string };
  spec: {
    entrypoint: string;
    arguments?: { parameters?: { name: string; value: string }[] };
    volumeClaimTemplates?: { metadata: { name: string } }[];
    volumes?: { name: string; persistentVolumeClaim: { claimName: string } }[];
    templates: Template[];
  };
}

export interface LocalArgoOptions {
  /** Scratch folder: pods/<task>/ (each task's file system), repository/ (the artifact repository), volumes/. */
  root: string;
  /** `argo submit -p name=value`. */
  parameters?: Record<string, string>;
  /** The folder a named PersistentVolumeClaim holds. */
  claims?: Record<string, string>;
  /** How a container's command runs here: its first word resolved like PATH would (`lifecycle-studio` -> node cli/bin.mjs). */
  resolveCommand: (command: string[]) => string[];
}

export type TaskPhase = 'Succeeded' | 'Failed' | 'Error' | 'Omitted';
export interface LocalTask {
  phase: TaskPhase;
  exitCode?: number;
  stderr?: string;
  /** The output parameters (summary.json's text for run-node tasks). */
  outputs: Record<string, string>;
}
export interface LocalWorkflowResult {
  name: string;
  phase: 'Succeeded' | 'Failed';
  tasks: Record<string, LocalTask>;
  /** Task names in the order they ran. */
  order: string[];
}

/** @example const result = await runWorkflowLocally(parse(yaml), { root, resolveCommand, parameters: { 'train-epochs': '2' } }); */
export async function runWorkflowLocally(wf: WorkflowManifest, options: LocalArgoOptions): Promise<LocalWorkflowResult> {
  const name = `${wf.metadata.name ?? wf.metadata.generateName ?? 'wf-'}local`;
  const params = Object.fromEntries((wf.spec.arguments?.parameters ?? []).map((p) => [p.name, p.value]));
  for (const [k, v] of Object.entries(options.parameters ?? {})) {
    if (!(k in params)) throw new Error(`argo submit -p ${k}: the workflow has no parameter "${k}"`);
    params[k] = v;
  }
  const templates = new Map(wf.spec.templates.map((t) => [t.name, t]));
  const dag = templates.get(wf.spec.entrypoint)?.dag;
  if (!dag) throw new Error(`the entrypoint "${wf.spec.entrypoint}" is not a DAG template`);
  const volumes: Record<string, string> = {};
  for (const c of wf.spec.volumeClaimTemplates ?? []) volumes[c.metadata.name] = join(options.root, 'volumes', c.metadata.name);
  for (const v of wf.spec.volumes ?? [])
    volumes[v.name] = options.claims?.[v.persistentVolumeClaim.claimName] ?? fail(`no folder for the claim "${v.persistentVolumeClaim.claimName}"`);
  for (const dir of Object.values(volumes)) await mkdir(dir, { recursive: true });

  const substitute = (text: string) =>
    text.replace(/\{\{([^}]+)\}\}/g, (whole, expr: string) => {
      const key = expr.trim();
      if (key === 'workflow.name') return name;
      if (key.startsWith('workflow.parameters.') && key.slice(20) in params) return params[key.slice(20)];
      throw new Error(`cannot resolve ${whole}`);
    });
  const tasks: Record<string, LocalTask> = {};
  /** The repository key each task's output artifacts were saved under. */
  const saved = new Map<string, string>();
  const order: string[] = [];
  const pending = [...dag.tasks];
  while (pending.length) {
    const ready = pending.find((t) => dependsOn(t.depends).every((d) => d in tasks));
    if (!ready) throw new Error(`tasks wait on each other or on unknown tasks: ${pending.map((t) => t.name).join(', ')}`);
    pending.splice(pending.indexOf(ready), 1);
    if (!dependsOn(ready.depends).every((d) => tasks[d].phase === 'Succeeded')) {
      tasks[ready.name] = { phase: 'Omitted', outputs: {} };
      continue;
    }
    order.push(ready.name);
    const template = templates.get(ready.template) ?? fail(`no template "${ready.template}"`);
    tasks[ready.name] = await runTask(ready, template, { options, volumes, saved, substitute });
  }
  const phase = Object.values(tasks).some((t) => t.phase === 'Failed' || t.phase === 'Error') ? 'Failed' : 'Succeeded';
  return { name, phase, tasks, order };
}

function fail(message: string): never {
  throw new Error(message);
}

/** `a.Succeeded && b.Succeeded` -> ['a', 'b']; the export writes nothing else. */
function dependsOn(depends: string | undefined): string[] {
  if (!depends) return [];
  return depends.split('&&').map((part) => {
    const m = /^\s*([a-zA-Z0-9-]+)\.Succeeded\s*$/.exec(part);
    return m ? m[1] : fail(`unsupported depends expression "${part}"`);
  });
}

interface TaskEnv {
  options: LocalArgoOptions;
  volumes: Record<string, string>;
  saved: Map<string, string>;
  substitute: (text: string) => string;
}

type DagTask = NonNullable<Template['dag']>['tasks'][number];

async function runTask(task: DagTask, template: Template, env: TaskEnv): Promise<LocalTask> {
  const pod = join(env.options.root, 'pods', task.name);
  const inPod = (path: string) => join(pod, path);
  const container = template.container ?? fail(`template "${template.name}" has no container`);
  for (const m of container.volumeMounts ?? []) {
    await mkdir(dirname(inPod(m.mountPath)), { recursive: true });
    await symlink(env.volumes[m.name] ?? fail(`no volume "${m.name}"`), inPod(m.mountPath));
  }
  for (const a of template.inputs?.artifacts ?? []) {
    const at = inPod(a.path ?? fail(`input artifact "${a.name}" has no path`));
    await mkdir(dirname(at), { recursive: true });
    if (a.raw) await writeFile(at, a.raw.data);
    else {
      const from = task.arguments?.artifacts?.find((x) => x.name === a.name)?.from ?? fail(`task "${task.name}" passes no artifact "${a.name}"`);
      const key = env.saved.get(from) ?? fail(`${from} was never saved`);
      await cp(join(env.options.root, 'repository', key), at, { recursive: true });
    }
  }
  // Container paths in the arguments are read inside the task's own file system.
  const args = container.args.map((a) => env.substitute(a).replace(/(^|=)(\/\S*)/, (_m, pre: string, path: string) => `${pre}${inPod(path)}`));
  const [cmd, ...cmdArgs] = env.options.resolveCommand(container.command);
  const extraEnv = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']));
  const { code, stderr } = await spawnAndWait(cmd, [...cmdArgs, ...args], pod, { ...process.env, ...extraEnv });
  const outputs: Record<string, string> = {};
  for (const p of template.outputs?.parameters ?? []) {
    outputs[p.name] = await readFile(inPod(p.valueFrom.path), 'utf8').catch(() => p.valueFrom.default ?? fail(`output parameter "${p.name}" missing`));
  }
  let phase: TaskPhase = code === 0 ? 'Succeeded' : 'Failed';
  // Argo saves output artifacts whatever the exit code; a missing one that is not optional is an error.
  for (const a of template.outputs?.artifacts ?? []) {
    const at = inPod(a.path ?? fail(`output artifact "${a.name}" has no path`));
    const exists = await stat(at).then(
      () => true,
      () => false,
    );
    if (!exists) {
      if (!a.optional) phase = 'Error';
      continue;
    }
    const key = env.substitute(a.s3?.key ?? fail(`output artifact "${a.name}" has no s3 key`));
    await cp(at, join(env.options.root, 'repository', key), { recursive: true });
    env.saved.set(`{{tasks.${task.name}.outputs.artifacts.${a.name}}}`, key);
  }
  return { phase, exitCode: code, stderr, outputs };
}

function spawnAndWait(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}
