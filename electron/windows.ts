/**
 * One window per pipeline. Each window gets its own handler set (its dialogs, its runs, its
 * event stream) over the one shared engine; opening a file that is already open focuses its window.
 */
import { app, BrowserWindow, session, type WebContents } from 'electron';
import type { StudioEvent } from '../engine/contract.js';
import type { ParamKindLookup } from '../hosts/shared/export-guard.js';
import type { RecentFiles } from '../hosts/shared/recent-files.js';
import type { RecoveryStore } from '../hosts/shared/recovery-store.js';
import { createStudioHandlers, type StudioHandlerDeps, type StudioHandlers } from '../hosts/shared/studio-handlers.js';
import { chooseDataPath, chooseFolderPath, chooseOpenPath, chooseSavePath, confirmDiscard } from './dialogs.js';
import { EVENT_CHANNEL } from './ipc/channels.js';
import { APP_ORIGIN, isTrustedAppUrl, secureWebPreferences } from './security.js';

export interface WindowManagerOptions {
  preloadPath: string;
  shared: Pick<
    StudioHandlerDeps,
    'engine' | 'engineInfo' | 'configDir' | 'samplesDir' | 'resolveSecrets' | 'secretStore' | 'browseRoots' | 'workspaceDir' | 'catalog'
  > & {
    paramKind: ParamKindLookup;
    recent: RecentFiles;
    recovery: RecoveryStore;
  };
  /** Told when the recent list changed (the menu is rebuilt). */
  onRecentChanged: () => void;
  /** Told the path of each pipeline a window opened or saved (its automations restart from it). */
  onPipelineSaved?: (path: string) => void;
}

interface Entry {
  window: BrowserWindow;
  handlers: StudioHandlers;
  dispose(): void;
  /** The file this window shows, once opened or saved. */
  path?: string;
}

export class WindowManager {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly options: WindowManagerOptions) {}

  /** The handlers of the window owning `sender`, for the IPC modules. */
  handlersFor = (sender: WebContents): StudioHandlers | undefined => this.entries.get(sender.id)?.handlers;

  /** Sends an event to one window, or to all when none is given. */
  send(event: StudioEvent, target?: BrowserWindow): void {
    for (const entry of this.entries.values()) {
      if (target && entry.window !== target) continue;
      if (!entry.window.isDestroyed()) entry.window.webContents.send(EVENT_CHANNEL, event);
    }
  }

  /** Opens `path` in its own window (focusing the one that already shows it), or a blank window. */
  open(path?: string): BrowserWindow {
    const existing = path ? [...this.entries.values()].find((e) => e.path === path) : undefined;
    if (existing) {
      if (existing.window.isMinimized()) existing.window.restore();
      existing.window.focus();
      return existing.window;
    }
    const window = new BrowserWindow({
      width: 1400,
      height: 900,
      minWidth: 800,
      minHeight: 500,
      show: false,
      title: 'Lifecycle Studio',
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    const contents = window.webContents;
    const { shared } = this.options;
    const entry: Entry = {
      window,
      path,
      ...(() => {
        const set = createStudioHandlers({
          ...shared,
          emit: (event) => this.send(event, window),
          chooseOpenPath: async () => {
            const chosen = await chooseOpenPath(window);
            // One window per pipeline: a file already open elsewhere is brought forward instead.
            const other = chosen ? [...this.entries.values()].find((e) => e.path === chosen && e.window !== window) : undefined;
            if (!other) return chosen;
            other.window.focus();
            return undefined;
          },
          chooseSavePath: (name, purpose) => chooseSavePath(window, name, purpose),
          chooseDataPath: (options) => chooseDataPath(window, options),
          chooseFolderPath: () => chooseFolderPath(window),
          onRecent: (p) => {
            entry.path = p;
            app.addRecentDocument(p);
            this.options.onRecentChanged();
            this.options.onPipelineSaved?.(p);
          },
        });
        // A path the window opens with came from the OS, the command line or the menu: the user's act.
        if (path) set.grants.grant(path);
        return { handlers: set.handlers, dispose: set.dispose };
      })(),
    };
    const id = contents.id;
    this.entries.set(id, entry);
    this.harden(contents);
    // The renderer sets `beforeunload` while the document is dirty; Electron then asks us.
    contents.on('will-prevent-unload', (event) => {
      if (confirmDiscard(window)) event.preventDefault();
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      entry.dispose();
      this.entries.delete(id);
    });
    const url = new URL(`${APP_ORIGIN}/index.html`);
    if (path) url.searchParams.set('open', path);
    void window.loadURL(url.toString());
    return window;
  }

  /** The focused window, else the most recent one. */
  current(): BrowserWindow | undefined {
    return BrowserWindow.getFocusedWindow() ?? [...this.entries.values()].at(-1)?.window;
  }

  get count(): number {
    return this.entries.size;
  }

  /** No navigation, no new windows, no webviews: the window only ever shows our page. */
  private harden(contents: WebContents): void {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  }
}

/** Denies every permission (camera, notifications, ...) except clipboard writes from our pages. */
export function restrictPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write' && isTrustedAppUrl(contents.getURL()));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => permission === 'clipboard-sanitized-write' && isTrustedAppUrl(origin));
}
