/**
 * `lifecycle-studio watch <pipeline.json>`: runs the pipeline's automations (triggers) until
 * stopped with Ctrl-C or SIGTERM, for a server or a CI box. Each firing is an ordinary run in the
 * engine process, logged with its outcome; a failed run is logged and the watch goes on.
 */
import { resolve } from 'node:path';
import { startAutomations } from '../../hosts/shared/automations/automations.js';
import { automationLogLine, describeTrigger } from '../../hosts/shared/automations/log-lines.js';
import { nodeDefs } from '../../nodes/defs.js';
import { parseOneFileCommand } from '../args.js';
import { startEngine } from '../engine-host.js';
import { defaultWorkspace, secretsFromEnv } from '../pipeline-file.js';
import { runRoots } from '../run-roots.js';

const USAGE = `Usage: lifecycle-studio watch <pipeline.json> [options]

Runs the pipeline's triggers (schedules, watched folders, monitor verdicts) until stopped
with Ctrl-C, logging each triggered run.

Options:
  --workspace DIR     workspace folder (default: .lifecycle-studio/ beside the pipeline)
  --allow-path DIR    let the runs and the watched folders use files under DIR too (repeatable)

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 the pipeline or a trigger is invalid, or a watched
folder lies outside the allowed folders.`;

const stamp = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(args, { workspace: { type: 'string' }, 'allow-path': { type: 'string', multiple: true } }, USAGE, 'pipeline file');
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  const pipelinePath = resolve(cmd.path);
  const workspaceDir = values.workspace ? resolve(values.workspace) : defaultWorkspace(pipelinePath);
  const out = (line: string, error = false) => (error ? process.stderr : process.stdout).write(`${stamp()} ${line}\n`);

  const engine = startEngine(workspaceDir);
  try {
    let automations;
    try {
      automations = await startAutomations({
        engine,
        pipelinePath,
        workspaceDir,
        allowedRoots: runRoots(pipelinePath, workspaceDir, values['allow-path']),
        secrets: async (doc) => secretsFromEnv(doc.nodes, nodeDefs),
        onEvent: (event) => {
          const said = automationLogLine(event);
          if (said) out(said.line, said.error);
        },
      });
    } catch (err) {
      const e = err as { message: string; hint?: string };
      process.stderr.write(`${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}Nothing is being watched.\n`);
      return 2;
    }
    if (automations.triggers.length === 0) {
      process.stderr.write(`${pipelinePath} has no enabled triggers; add some in the Automations panel, or under "triggers" in the file.\n`);
      return 2;
    }
    // Handlers first, then the lines saying how to stop: whoever reads "Stop with Ctrl-C" may signal at once.
    const stopped = new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    out(`watching ${pipelinePath} (workspace ${workspaceDir}):`);
    for (const t of automations.triggers) out(`  ${describeTrigger(t)}`);
    out('Stop with Ctrl-C.');
    // Signal handlers do not keep Node alive, and automation timers are unref'd: hold the process open.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    await stopped;
    clearInterval(keepAlive);
    out('stopping (a run in progress is cancelled)...');
    await automations.stop();
    out('stopped.');
    return 0;
  } finally {
    await engine.close();
  }
}
