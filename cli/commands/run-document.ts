/**
 * The document half of `lifecycle-studio run` (see run.ts): loads and checks the pipeline file,
 * sends the run to the already started engine process, prints its progress and the outcome, and
 * returns the exit code.
 */
import type { RunRecord, ValidationIssue } from '../../engine/engine-types.js';
import type { EngineEvent } from '../../engine/events.js';
import { checkPipeline } from '../../engine/graph/check-pipeline.js';
import { describeIssue } from '../../engine/graph/issue-names.js';
import { nodeDefs } from '../../nodes/defs.js';
import type { EngineClient } from '../../hosts/shared/engine-client.js';
import { applySets, formatIssue, loadPipelineFile, secretsFromEnv } from '../pipeline-file.js';
import { createRunPrinter, describeRecord, failedGateLines } from '../run-printer.js';
import { runRoots } from '../run-roots.js';

/** The flags run.ts parsed that the run itself uses. */
export interface RunFlags {
  set?: string[];
  json?: boolean;
  force?: boolean;
  'allow-path'?: string[];
  'allow-host'?: string[];
}

/**
 * @example
 * const engine = startEngine(workspaceDir); engine.prestart();
 * process.exitCode = await runDocument(engine, 'pipeline.json', { json: false }, workspaceDir);
 */
export async function runDocument(engine: EngineClient, path: string, values: RunFlags, workspaceDir: string): Promise<number> {
  const json = values.json ?? false;
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const loaded = await loadPipelineFile(path);
  const early = loaded.file ? applySets(loaded.file.raw, values.set ?? [], nodeDefs) : loaded.issues;
  if (!loaded.file || early.length) return invalid(early, json);

  // The same checks the engine applies before running, done here so an invalid document fails fast,
  // before the engine process opens the workspace.
  const checked = checkPipeline(loaded.file.raw, nodeDefs);
  const errors = checked.issues.filter((i) => i.severity === 'error');
  // Node problems name the node as the window shows it; the JSON paths stay in `--json` output.
  const say = (i: ValidationIssue) => (checked.document ? describeIssue(i, checked.document, nodeDefs) : formatIssue(i));
  for (const w of checked.issues.filter((i) => i.severity === 'warning')) process.stderr.write(`${say(w)}\n`);
  if (!checked.document || errors.length) return invalid(errors, json, say);
  const document = checked.document;

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
