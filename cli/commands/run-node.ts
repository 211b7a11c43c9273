/**
 * `lifecycle-studio run-node <pipeline.json> --node ID --inputs DIR --outputs DIR`: step mode, the
 * command each task of an exported Argo workflow runs. Reads the node's inputs as portable values
 * (DIR/<port>/ or --input <port>=DIR; a folder path or file:// URI), runs the node, writes each output to --outputs/<port>/ and
 * --outputs/summary.json. Exit codes as `run`.
 */
import { resolve } from 'node:path';
import { localFolderOf } from '../../engine/artifacts/artifact-store.js';
import { checkPipeline } from '../../engine/graph/check-pipeline.js';
import { describeIssue } from '../../engine/graph/issue-names.js';
import { StepInputError } from '../../hosts/shared/step/step-document.js';
import { runStep } from '../../hosts/shared/step/run-step.js';
import { typedSets } from '../../hosts/shared/step/typed-sets.js';
import { packageVersions } from '../../hosts/shared/engine-versions.js';
import { nodeDefs } from '../../nodes/defs.js';
import { nodeCatalog } from '../../nodes/index.js';
import { parseOneFileCommand } from '../args.js';
import { applySets, defaultWorkspace, formatIssue, loadPipelineFile, secretsFromEnv } from '../pipeline-file.js';
import { runRoots } from '../run-roots.js';

const USAGE = `Usage: lifecycle-studio run-node <pipeline.json> --node ID --outputs DIR [--inputs DIR] [options]

Runs one node from its inputs written as portable values (what an exported Argo workflow runs per task).

Options:
  --node ID                     the node to run
  --inputs DIR                  a folder holding one portable value per wired input port: DIR/<port>/
  --input <port>=DIR            the folder of one input port (repeatable; overrides --inputs for that port)
  --outputs DIR                 where each output goes (DIR/<port>/) with DIR/summary.json
  --set <node>.<param>=<value>  override a param (repeatable); text params take the value as typed, others JSON
  --workspace DIR               workspace folder (default: .lifecycle-studio/ beside the pipeline)
  --allow-path DIR              let the node read and write files under DIR too (repeatable), as for \`run\`
  --allow-host ADDR             let the node bind or send rows to ADDR (repeatable), as for \`run\`

Secrets named by secret params are read from environment variables of the same name.
Exit codes: 0 success, 1 the node failed, its business-goal gate failed or a gate among its inputs
blocked it, 2 the document, command line, inputs, paths or hosts are invalid (nothing ran).`;

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(
    args,
    {
      node: { type: 'string' },
      inputs: { type: 'string' },
      input: { type: 'string', multiple: true },
      outputs: { type: 'string' },
      set: { type: 'string', multiple: true },
      workspace: { type: 'string' },
      'allow-path': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
    },
    USAGE,
    'pipeline file',
  );
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  if (!values.node || !values.outputs) return refuse(`--node and --outputs are required.\n\n${USAGE}`);
  const loaded = await loadPipelineFile(cmd.path);
  if (!loaded.file) return refuse(loaded.issues.map(formatIssue).join('\n'));
  const raw = loaded.file.raw as { nodes?: { id: string; type: string }[] };
  const early = applySets(raw, typedSets(values.set ?? [], Array.isArray(raw.nodes) ? raw.nodes : [], nodeDefs), nodeDefs);
  if (early.length) return refuse(early.map(formatIssue).join('\n'));
  const checked = checkPipeline(raw, nodeDefs);
  // Problems of other nodes belong to their own steps; this one stops only for its own and the document's.
  const errors = checked.issues.filter((i) => i.severity === 'error' && (!i.nodeId || i.nodeId === values.node));
  if (!checked.document || errors.length)
    return refuse(errors.map((i) => (checked.document ? describeIssue(i, checked.document, nodeDefs) : formatIssue(i))).join('\n'));

  let inputDirs: ReturnType<typeof inputFolders>;
  let outputsDir: string;
  try {
    inputDirs = inputFolders(values.inputs, values.input ?? []);
    outputsDir = localFolderOf(values.outputs);
  } catch (err) {
    return refuse(`${(err as Error).message}${(err as { hint?: string }).hint ? `\nhint: ${(err as { hint?: string }).hint}` : ''}`);
  }
  if (typeof inputDirs === 'string') return refuse(inputDirs);
  const workspaceDir = values.workspace ? resolve(values.workspace) : defaultWorkspace(loaded.file.path);
  try {
    const summary = await runStep({
      document: checked.document,
      documentPath: loaded.file.path,
      nodeId: values.node,
      inputDirs: inputDirs(checked.document.edges.filter((e) => e.target.node === values.node).map((e) => e.target.port)),
      outputsDir,
      workspaceDir,
      catalog: nodeCatalog,
      allowedRoots: runRoots(loaded.file.path, workspaceDir, values['allow-path']),
      allowedHosts: values['allow-host'] ?? [],
      secrets: secretsFromEnv(checked.document.nodes, nodeDefs),
      versions: async () => packageVersions(),
    });
    const said = summary.error ? `: ${summary.error.message}${summary.error.hint ? `\nhint: ${summary.error.hint}` : ''}` : '';
    const gate = summary.gate ? `, gate ${summary.gate.passed ? 'passed' : `failed (${summary.gate.failedRules.join('; ')})`}` : '';
    (summary.exitCode ? process.stderr : process.stdout).write(`${values.node}: ${summary.status}${gate}${said}\n`);
    return summary.exitCode;
  } catch (err) {
    if (err instanceof StepInputError) return refuse(err.message);
    throw err;
  }
}

/** The folder of each port: --input <port>=DIR first, else <--inputs>/<port>; a message when a --input is malformed. */
function inputFolders(inputs: string | undefined, pairs: readonly string[]): ((ports: string[]) => Record<string, string>) | string {
  const given: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) return `--input "${pair}": expected <port>=<folder>, e.g. train=/work/in/train`;
    given[pair.slice(0, eq)] = localFolderOf(pair.slice(eq + 1));
  }
  const all = inputs === undefined ? undefined : localFolderOf(inputs);
  return (ports) => Object.fromEntries(ports.flatMap((p) => (given[p] ? [[p, given[p]]] : all ? [[p, resolve(all, p)]] : [])));
}

function refuse(message: string): number {
  process.stderr.write(`${message}\nThe step did not run.\n`);
  return 2;
}
