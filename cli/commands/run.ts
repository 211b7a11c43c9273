/**
 * `lifecycle-studio run <pipeline.json>`: validates, runs in the engine process, prints progress,
 * and exits 0 on success, 1 when a node fails or a gate fails/blocks, 2 when the document is invalid
 * or names a file outside the allowed folders.
 * For CI/CD: the run record is written to the workspace by the engine either way.
 */
import { resolve } from 'node:path';
import type { RunRecord, ValidationIssue } from '../../engine/engine-types.js';
import type { EngineEvent } from '../../engine/events.js';
import { checkPipeline } from '../../engine/graph/check-pipeline.js';
import { describeIssue } from '../../engine/graph/issue-names.js';
import { nodeDefs } from '../../nodes/defs.js';
import { parseOneFileCommand } from '../args.js';
import { startEngine } from '../engine-host.js';
import { applySets, defaultWorkspace, formatIssue, loadPipelineFile, secretsFromEnv } from '../pipeline-file.js';
import { createRunPrinter, describeRecord, failedGateLines } from '../run-printer.js';
import { runRoots } from '../run-roots.js';
import { checkMemoryLimit, settingsToEnv, type DuckDBSettings } from '../../engine/data/engine-settings.js';

const USAGE = `Usage: lifecycle-studio run <pipeline.json> [options]

Options:
  --set <node>.<param>=<value>  override a param (repeatable; the value is JSON when it parses, else text)
  --json                        print every engine event as one JSON line on stdout
  --workspace DIR               workspace folder (default: .lifecycle-studio/ beside the pipeline)
  --force                       run every node even when its cached outputs are still valid
  --allow-path DIR              let the run read and write files under DIR too (repeatable); by default
                                only the pipeline's folder, the workspace and the samples
  --allow-host ADDR             let a Deploy node of this run bind ADDR, or a Prompt node send rows to
                                the host ADDR (its base URL), an address other than this machine
                                (repeatable); by default only loopback (127.0.0.1, ::1)
  --memory-limit SIZE           DuckDB's memory limit, e.g. 2GB (env LIFECYCLE_STUDIO_MEMORY_LIMIT);
                                what does not fit spills to disk
  --spill-dir DIR               where DuckDB spills (env LIFECYCLE_STUDIO_SPILL_DIR; default
                                data.duckdb.tmp in the workspace)

Deploy nodes start model servers that keep running after the run: see \`lifecycle-studio services\`.

Secrets named by secret params are read from environment variables of the same name.
Exit codes: 0 success, 1 a node failed or a gate failed/blocked, 2 the document or command line is invalid,
or a file param lies outside the allowed folders, or a Deploy address or Prompt host is not allowed (nothing ran).`;

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(
    args,
    {
      set: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      workspace: { type: 'string' },
      force: { type: 'boolean' },
      'allow-path': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      'memory-limit': { type: 'string' },
      'spill-dir': { type: 'string' },
    },
    USAGE,
    'pipeline file',
  );
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  const { path } = cmd;
  const json = values.json ?? false;
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const loaded = await loadPipelineFile(path);
  const early = loaded.file ? applySets(loaded.file.raw, values.set ?? [], nodeDefs) : loaded.issues;
  if (!loaded.file || early.length) return invalid(early, json);

  // The same checks the engine applies before running, done here so an invalid document fails fast
  // without starting the engine process.
  const checked = checkPipeline(loaded.file.raw, nodeDefs);
  const errors = checked.issues.filter((i) => i.severity === 'error');
  // Node problems name the node as the window shows it; the JSON paths stay in `--json` output.
  const say = (i: ValidationIssue) => (checked.document ? describeIssue(i, checked.document, nodeDefs) : formatIssue(i));
  for (const w of checked.issues.filter((i) => i.severity === 'warning')) process.stderr.write(`${say(w)}\n`);
  if (!checked.document || errors.length) return invalid(errors, json, say);
  const document = checked.document;

  const workspaceDir = values.workspace ? resolve(values.workspace) : defaultWorkspace(loaded.file.path);
  const memory = memorySettings(values['memory-limit'], values['spill-dir']);
  if (typeof memory === 'string') {
    process.stderr.write(`${memory}\n\n${USAGE}\n`);
    return 2;
  }
  const engine = startEngine(workspaceDir, { env: settingsToEnv(memory) });
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('Cancelling the run (press Ctrl-C again to quit at once)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const names = Object.fromEntries(document.nodes.map((n) => [n.id, n.label ?? n.id]));
  const printer = json ? (e: EngineEvent) => out(JSON.stringify(e)) : createRunPrinter({ names, write: out });
  let finished = false;
  const print = (e: EngineEvent) => {
    if (e.type === 'run-finished') finished = true;
    printer(e);
  };
  try {
    let record: RunRecord;
    try {
      record = await engine.run(document, {
        documentPath: loaded.file.path,
        allowedRoots: runRoots(loaded.file.path, workspaceDir, values['allow-path']),
        allowedHosts: values['allow-host'] ?? [],
        force: values.force ? ['*'] : undefined,
        secrets: secretsFromEnv(document.nodes, nodeDefs),
        signal: controller.signal,
        onEvent: print,
      });
    } catch (err) {
      // A crash mid-run has already been reported through a failed run-finished event.
      if (!finished) reportEngineError(err, workspaceDir);
      // A path outside the allowed folders is the document's problem, found before anything ran.
      const code = (err as { code?: string }).code;
      return code === 'PATH_OUTSIDE_ROOTS' || code === 'HOST_NOT_ALLOWED' ? 2 : 1;
    }
    if (!json) for (const line of describeRecord(record, workspaceDir)) out(line);
    const gates = failedGateLines(record, names);
    for (const line of gates) process.stderr.write(`${line}\n`);
    return record.status === 'succeeded' && gates.length === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await engine.close();
  }
}

/** The engine's DuckDB memory settings from the flags (the engine process reads the env otherwise), or what is wrong. */
function memorySettings(limit: string | undefined, spill: string | undefined): DuckDBSettings | string {
  try {
    return { ...(limit ? { memoryLimit: checkMemoryLimit(limit) } : {}), ...(spill ? { spillDir: resolve(spill) } : {}) };
  } catch (err) {
    return (err as Error).message;
  }
}

function reportEngineError(err: unknown, workspaceDir: string): void {
  const message = (err as Error).message;
  process.stderr.write(`The run could not complete: ${message}\n`);
  // DuckDB allows one writer per database file: the app, `serve` or another `run` holds it.
  const locked = /Could not set lock on file/i.test(message);
  const hint = locked
    ? `Another Lifecycle Studio (the app, \`serve\` or another \`run\`) is using the workspace ${workspaceDir}. Close it, or pass --workspace with another folder.`
    : (err as { hint?: string }).hint;
  if (hint) process.stderr.write(`hint: ${hint}\n`);
}

function invalid(issues: ValidationIssue[], json: boolean, say: (i: ValidationIssue) => string = formatIssue): number {
  for (const i of issues) process.stderr.write(`${say(i)}\n`);
  process.stderr.write(`The pipeline is invalid: ${issues.length} problem(s); nothing was run.\n`);
  if (json) process.stdout.write(`${JSON.stringify({ type: 'validation-failed', issues })}\n`);
  return 2;
}
