/**
 * `lifecycle-studio <command>`: one entry, one module per command under `commands/`.
 * Exit codes: 0 success, 1 a node or gate failed, 2 the document (or the command line) is invalid.
 */
type Command = { summary: string; load: () => Promise<{ main(args: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  run: { summary: 'run a pipeline headless (exit 0 ok, 1 node/gate failed, 2 invalid)', load: () => import('./commands/run.js') },
  validate: { summary: 'check a pipeline document and its graph (exit 0 or 2)', load: () => import('./commands/validate.js') },
  nodes: { summary: 'list the node catalogue (--json for machines)', load: () => import('./commands/nodes.js') },
  models: { summary: 'list, show and promote registered model versions (models list|show|promote)', load: () => import('./commands/models.js') },
  datasets: {
    summary: 'list and show the data files runs read, one record per content version (datasets list|show)',
    load: () => import('./commands/datasets.js'),
  },
  'serve-model': { summary: 'serve one trained model over HTTP (/predict, Open Inference Protocol v2)', load: () => import('./commands/serve-model.js') },
  'export-model': {
    summary: 'write Kubernetes or KServe manifests serving a model version (--to kubernetes|kserve)',
    load: () => import('./commands/export-model.js'),
  },
  watch: { summary: "run a pipeline's triggers (schedules, watched folders, monitor verdicts) until stopped", load: () => import('./commands/watch.js') },
  services: { summary: 'list and stop the model servers Deploy nodes started (services list|stop <id>)', load: () => import('./commands/services.js') },
  'run-node': { summary: 'run one node from portable inputs (a step of an exported workflow; exit as run)', load: () => import('./commands/run-node.js') },
  export: { summary: 'write a pipeline as an Argo Workflow (export --to argo), each node a run-node step', load: () => import('./commands/export.js') },
  serve: { summary: 'open the studio in a browser, served on 127.0.0.1 with a token', load: () => import('./commands/serve.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: lifecycle-studio <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(name && name !== '--help' ? `Unknown command "${name}".\n\n${usage()}` : usage());
  process.exitCode = name && name !== '--help' ? 2 : 0;
} else {
  const mod = await command.load();
  process.exitCode = await mod.main(rest);
}
