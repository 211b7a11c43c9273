/**
 * `lifecycle-studio validate <pipeline.json> [--set <node>.<param>=<value>]...`: checks the document
 * and its graph with the engine's own checks and the node catalogue's definitions (the engine runs
 * the very same `checkPipeline` before every run). Exit 0 when valid (warnings printed), 2 when not.
 */
import { checkPipeline } from '../../engine/graph/check-pipeline.js';
import { describeIssue } from '../../engine/graph/issue-names.js';
import { nodeDefs } from '../../nodes/defs.js';
import { parseOneFileCommand } from '../args.js';
import { applySets, formatIssue, loadPipelineFile } from '../pipeline-file.js';

const USAGE = 'Usage: lifecycle-studio validate <pipeline.json> [--set <node>.<param>=<value>]... [--json]';

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(args, { set: { type: 'string', multiple: true }, json: { type: 'boolean' } }, USAGE, 'pipeline file');
  if ('exit' in cmd) return cmd.exit;
  const { parsed, path } = cmd;
  const loaded = await loadPipelineFile(path);
  const issues = loaded.issues;
  // The same --set checks as `run` (unknown params refused), so validate never passes what run refuses.
  if (loaded.file) for (const found of applySets(loaded.file.raw, parsed.values.set ?? [], nodeDefs)) issues.push(found);
  const checked = loaded.file && issues.length === 0 ? checkPipeline(loaded.file.raw, nodeDefs) : undefined;
  // A loop, not push(...list): a spread of a very long list overflows the stack.
  if (checked) for (const found of checked.issues) issues.push(found);
  const errors = issues.filter((i) => i.severity === 'error');
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify({ valid: errors.length === 0, issues })}\n`);
  } else {
    // Node problems name the node as the window shows it; `--json` keeps the JSON paths.
    for (const i of issues) process.stderr.write(`${checked?.document ? describeIssue(i, checked.document, nodeDefs) : formatIssue(i)}\n`);
    if (errors.length === 0) process.stdout.write(`${path}: valid\n`);
    else process.stderr.write(`${errors.length} problem(s) found.\n`);
  }
  return errors.length === 0 ? 0 : 2;
}
