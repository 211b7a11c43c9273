/**
 * `lifecycle-studio services list|stop <id>`: the model servers of a workspace (started by Deploy
 * nodes), headless. Exit 0 on success, 1 for an unknown service, 2 on a bad command line.
 */
import { resolve } from 'node:path';
import { ServiceError, ServiceManager, type ServiceInfo } from '../../hosts/shared/services/service-manager.js';
import { parseCommandLine } from '../args.js';

const USAGE = `Usage:
  lifecycle-studio services list [--json]
  lifecycle-studio services stop <id>
Options:
  --workspace DIR   the workspace whose services to show (default: ./.lifecycle-studio)`;

const OPTIONS = {
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const out = (line: string) => process.stdout.write(`${line}\n`);

function describe(s: ServiceInfo): string {
  const head = `${s.id}  ${s.status.padEnd(8)} ${s.model} version ${s.version}  ${s.url}  pid ${s.pid}${s.keepRunning ? '  (keep running)' : ''}`;
  const since = s.status === 'stopped' ? `  stopped: ${s.exitReason ?? 'unknown reason'}` : `  up ${Math.round((s.uptimeMs ?? 0) / 1000)} s`;
  return `${head}\n${since.split('\n').join('\n    ')}\n  log: ${s.logDir}`;
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, OPTIONS, USAGE);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const workspaceDir = resolve(values.workspace ?? '.lifecycle-studio');
  const manager = new ServiceManager({ workspaceDir, secret: (name) => process.env[name] });
  try {
    if (action === 'list' && rest.length === 0) {
      const services = await manager.list();
      if (values.json) out(JSON.stringify(services));
      else if (!services.length) out(`No services in ${workspaceDir}.`);
      else for (const s of services) out(describe(s));
      return 0;
    }
    if (action === 'stop' && rest.length === 1) {
      out((await manager.stop(rest[0])) ? `Stopped ${rest[0]}.` : `${rest[0]} was not running.`);
      return 0;
    }
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  process.stderr.write(`Unknown services command "${positionals.join(' ')}".\n\n${USAGE}\n`);
  return 2;
}
