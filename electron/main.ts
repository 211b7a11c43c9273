/**
 * The desktop shell's main process. It holds no business logic: it creates windows, registers one
 * IPC module per domain, starts the engine in a utilityProcess, and relays requests and events.
 */
import { app, Menu } from 'electron';
import { join } from 'node:path';
import { AllowedFolders } from '../hosts/shared/allowed-folders.js';
import { HostAutomations } from '../hosts/shared/automations/host-automations.js';
import { RecentFiles } from '../hosts/shared/recent-files.js';
import { windowRunRoots } from '../hosts/shared/run-roots.js';
import { RecoveryStore } from '../hosts/shared/recovery-store.js';
import { defaultBrowseRoots } from '../hosts/shared/data-files.js';
import { secretsFromEnv } from '../hosts/shared/studio-handlers.js';
import { stopServicesOnQuit } from '../hosts/shared/services/quit-hook.js';
import { nodeDefs } from '../nodes/defs.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { startDesktopEngine } from './desktop-engine.js';
import { registerIpc } from './ipc/register-ipc.js';
import { buildMenuTemplate } from './menu.js';
import { chooseOpenPath } from './dialogs.js';
import { createDesktopSecretStore } from './safe-storage-secrets.js';
import { restrictPermissions, WindowManager } from './windows.js';

/** Pipeline paths given on the command line (or by the OS when a file is opened with the app). */
function pathsFromArgv(argv: readonly string[]): string[] {
  return argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-') && a.endsWith('.json'));
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const pendingOpen: string[] = pathsFromArgv(process.argv);
  let windows: WindowManager | undefined;
  // macOS delivers files opened from Finder before (and after) ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (windows) windows.open(path);
    else pendingOpen.push(path);
  });
  app.on('second-instance', (_event, argv) => {
    const paths = pathsFromArgv(argv);
    if (!windows) return;
    if (paths.length) for (const p of paths) windows.open(p);
    else windows.current()?.focus();
  });

  void app.whenReady().then(() => {
    const appRoot = app.getAppPath();
    const userData = app.getPath('userData');
    // Native code (DuckDB) cannot read inside app.asar; the samples are unpacked beside it.
    const samplesDir = join(appRoot, 'pipelines-samples').replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
    const defs = new Map(nodeDefs.map((d) => [d.type, d]));
    const paramKind = (type: string, param: string) => defs.get(type)?.params[param]?.kind;
    const recent = new RecentFiles(userData);

    const engine = startDesktopEngine(join(appRoot, 'dist-electron', 'engine-entry.cjs'), join(userData, 'workspace'), (failure) =>
      windows?.send({ type: 'engine-restarted', at: Date.now(), reason: failure.message }),
    );
    serveRenderer(join(appRoot, 'dist', 'renderer'));
    restrictPermissions();

    const rebuildMenu = async () => {
      const recentFiles = await recent.list();
      const menu = Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          recentFiles,
          developer: !app.isPackaged,
          send: (command) => {
            const target = windows?.current();
            if (target) windows?.send({ type: 'menu-command', at: Date.now(), command }, target);
          },
          newWindow: () => windows?.open(),
          openInNewWindow: async () => {
            const parent = windows?.current();
            const path = parent ? await chooseOpenPath(parent) : undefined;
            if (path) windows?.open(path);
          },
          openRecent: (path) => windows?.open(path),
          clearRecent: () => app.clearRecentDocuments(),
        }),
      );
      Menu.setApplicationMenu(menu);
    };

    // The triggers of each pipeline a window opened or saved run while the app is open.
    const workspaceDir = join(userData, 'workspace');
    const allowedFolders = new AllowedFolders(userData);
    const automations = new HostAutomations({
      engine,
      workspaceDir,
      rootsFor: (path) => windowRunRoots({ workspaceDir, samplesDir, allowedFolders }, path),
      secrets: async (document) => secretsFromEnv(document, paramKind),
      log: (line, error) => (error ? console.error(line) : console.log(line)),
    });
    windows = new WindowManager({
      preloadPath: join(appRoot, 'dist-electron', 'preload.cjs'),
      shared: {
        engine,
        engineInfo: async () => {
          const info = await engine.info();
          return { tfBackend: info.versions.tfBackend ?? 'not chosen yet', versions: info.versions, workspaceDir: info.workspaceDir };
        },
        configDir: userData,
        samplesDir,
        workspaceDir: join(userData, 'workspace'),
        paramKind,
        catalog: defs,
        recent,
        recovery: new RecoveryStore(userData),
        // The keychain store wins over the environment (see studio-handlers startRun).
        resolveSecrets: async (document) => secretsFromEnv(document, paramKind),
        secretStore: createDesktopSecretStore(userData),
        browseRoots: defaultBrowseRoots([
          { label: 'Documents', path: app.getPath('documents') },
          { label: 'Workspace', path: join(userData, 'workspace') },
          { label: 'Samples', path: samplesDir },
        ]),
      },
      onRecentChanged: () => void rebuildMenu(),
      onPipelineSaved: (path) => void automations.open(path),
    });
    registerIpc(windows.handlersFor);
    void rebuildMenu();

    if (pendingOpen.length) for (const p of pendingOpen) windows.open(p);
    else windows.open();

    app.on('activate', () => {
      if (windows?.count === 0) windows.open();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    app.on('will-quit', () => void automations.stopAll().finally(() => engine.close()));
    // Model servers stop with the app unless kept running: quitting waits for them once.
    let servicesStopped = false;
    app.on('will-quit', (event) => {
      if (servicesStopped) return;
      servicesStopped = true;
      event.preventDefault();
      void stopServicesOnQuit(join(userData, 'workspace')).finally(() => app.quit());
    });
  });
}
