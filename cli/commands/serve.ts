/**
 * `lifecycle-studio serve`: the browser mode. Starts the engine in its own process, serves the built
 * renderer and the StudioApi on 127.0.0.1 behind a random token, and prints the one URL to open.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AllowedFolders } from '../../hosts/shared/allowed-folders.js';
import { HostAutomations } from '../../hosts/shared/automations/host-automations.js';
import { windowRunRoots } from '../../hosts/shared/run-roots.js';
import { createStudioHandlers } from '../../hosts/shared/studio-handlers.js';
import { userConfigDir } from '../../hosts/shared/user-config-dir.js';
import type { StudioEvent } from '../../engine/contract.js';
import { nodeDefs } from '../../nodes/defs.js';
import { parseCommandLine } from '../args.js';
import { startEngine } from '../engine-host.js';
import { secretsFromEnv } from '../pipeline-file.js';
import { openBrowser } from '../serve/open-browser.js';
import { startStudioServer } from '../serve/studio-server.js';
import { stopServicesOnQuit } from '../../hosts/shared/services/quit-hook.js';

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const USAGE = `Usage: lifecycle-studio serve [options]

Options:
  --port N          port on 127.0.0.1 (default: a free one)
  --workspace DIR   workspace folder: database, cache, run records (default: ./.lifecycle-studio)
  --open            open the URL in the default browser
  --renderer DIR    built renderer to serve (default: dist/renderer of the app)
  --allow-path DIR  let every run of this session use files under DIR too (repeatable); otherwise a
                    run uses its pipeline's folder, the workspace, the samples and the folders you
                    allowed for that pipeline in the window
  --allow-host ADDR let every run of this session deploy a model server on ADDR, an address other
                    than this machine (repeatable)

Model servers started by Deploy nodes stop when this command stops, unless "Keep running" was set.

Files may be opened and saved under your home folder, folders you add in the
window's file browser (+ Add folder), the current folder, the workspace and the
samples; never inside hidden folders, and saving never creates folders.
Stop with Ctrl+C.`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(
    args,
    {
      port: { type: 'string' },
      workspace: { type: 'string' },
      open: { type: 'boolean' },
      renderer: { type: 'string' },
      'allow-path': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got "${values.port}".\n\n${USAGE}\n`);
    return 2;
  }
  const staticDir = resolve(values.renderer ?? join(APP_ROOT, 'dist', 'renderer'));
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(
      `No built renderer in ${staticDir} (index.html is missing). Build it first:\n\n  npm run build:renderer\n\nor run \`npm start\`, which builds it and then serves.\n`,
    );
    return 2;
  }
  const workspaceDir = resolve(values.workspace ?? '.lifecycle-studio');
  // The window offers it as a place to save before the engine process (which would create it) is up.
  mkdirSync(workspaceDir, { recursive: true });
  const samplesDir = join(APP_ROOT, 'pipelines-samples');
  const defs = new Map(nodeDefs.map((d) => [d.type, d]));
  const paramKind = (type: string, param: string) => defs.get(type)?.params[param]?.kind;

  let emit: (event: StudioEvent) => void = () => {};
  const engine = startEngine(workspaceDir, {
    onCrash: (failure) => emit({ type: 'engine-restarted', at: Date.now(), reason: failure.message }),
  });
  const allowPaths = (values['allow-path'] ?? []).map((p) => resolve(p));
  // The triggers of each pipeline opened or saved in the window run while the server is up.
  const allowedFolders = new AllowedFolders(userConfigDir());
  const automations = new HostAutomations({
    engine,
    workspaceDir,
    rootsFor: (path) => windowRunRoots({ workspaceDir, samplesDir, allowedFolders, allowPaths }, path),
    secrets: async (document) => secretsFromEnv(document.nodes, nodeDefs),
    log: (line, error) => (error ? process.stderr : process.stdout).write(`${line}\n`),
  });
  const server = await startStudioServer({
    staticDir,
    port,
    createHandlers: (broadcast) => {
      emit = broadcast;
      return createStudioHandlers({
        engine,
        engineInfo: async () => {
          const info = await engine.info();
          return { tfBackend: info.versions.tfBackend ?? 'not chosen yet', versions: info.versions, workspaceDir: info.workspaceDir };
        },
        configDir: userConfigDir(),
        samplesDir,
        emit: broadcast,
        defaultSaveDir: workspaceDir,
        allowedRoots: [process.cwd(), workspaceDir, samplesDir],
        workspaceDir,
        allowPaths,
        allowedFolders,
        onRecent: (path) => void automations.open(path),
        allowHosts: values['allow-host'] ?? [],
        paramKind,
        catalog: defs,
        resolveSecrets: async (document) => secretsFromEnv(document.nodes, nodeDefs),
      }).handlers;
    },
  });
  // Handlers before the lines that say it is up: whoever waits for them (a test, a script) may signal at once.
  const signalled = new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  process.stdout.write(
    `Lifecycle Studio is serving on 127.0.0.1 only.\nOpen: ${server.url}\n` +
      `(The page moves the token out of the address bar into the tab; for another tab, open this URL again.)\nWorkspace: ${workspaceDir}\n`,
  );
  if (values.open && !(await openBrowser(server.url))) {
    process.stdout.write('(No browser opener found: copy the URL above into a browser.)\n');
  }

  await signalled;
  process.stdout.write('Stopping...\n');
  await automations.stopAll();
  await server.close();
  await engine.close();
  const stopped = await stopServicesOnQuit(workspaceDir);
  if (stopped.length) process.stdout.write(`Stopped ${stopped.length} model server(s) not marked "keep running".\n`);
  return 0;
}
