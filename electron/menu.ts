/**
 * The native menu, with the shortcuts people expect on each OS (CmdOrCtrl maps to Cmd on macOS and
 * Ctrl elsewhere). Editor commands are not run here: a click sends a `menu-command` event to the
 * focused window, whose renderer owns the document. Window-level commands (new window, open
 * recent) are handled by the main process. Only types come from Electron, so this is unit-tested.
 */
import type { MenuItemConstructorOptions } from 'electron';

/**
 * Commands the renderer receives as `{ type: 'menu-command', command }`: the CommandId names of
 * renderer/shortcuts/keymap.ts, plus runNode, cancelRun and fitView, which only the menu offers.
 */
export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'import',
  'export',
  'undo',
  'redo',
  'duplicate',
  'delete',
  'selectAll',
  'addNote',
  'quickAdd',
  'run',
  'runNode',
  'cancelRun',
  'autoLayout',
  'fitView',
  'shortcuts',
  'models',
  'deployments',
  'start',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface MenuActions {
  platform: NodeJS.Platform;
  /** Most recent first. */
  recentFiles: readonly string[];
  send(command: MenuCommand): void;
  newWindow(): void;
  openInNewWindow(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  /** Adds developer tools to the View menu (unpackaged builds only). */
  developer: boolean;
}

/** The accelerator of each command: the same keys as the renderer's keymap shows in tooltips. */
export const ACCELERATORS: Record<MenuCommand, string | undefined> = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  save: 'CmdOrCtrl+S',
  saveAs: 'Shift+CmdOrCtrl+S',
  import: 'Shift+CmdOrCtrl+I',
  export: 'Shift+CmdOrCtrl+E',
  undo: 'CmdOrCtrl+Z',
  redo: 'Shift+CmdOrCtrl+Z',
  duplicate: 'CmdOrCtrl+D',
  // Plain Delete/Backspace must stay text-editing keys inside inputs; the canvas handles them on keydown.
  delete: undefined,
  selectAll: 'CmdOrCtrl+A',
  // Shift+N and ? are typed characters: as accelerators they would swallow them in text fields.
  addNote: undefined,
  quickAdd: 'CmdOrCtrl+K',
  run: 'CmdOrCtrl+Enter',
  runNode: 'Shift+CmdOrCtrl+Enter',
  cancelRun: 'CmdOrCtrl+.',
  autoLayout: 'Shift+CmdOrCtrl+L',
  fitView: 'CmdOrCtrl+0',
  shortcuts: undefined,
  models: 'Shift+CmdOrCtrl+K',
  deployments: 'Shift+CmdOrCtrl+D',
  start: 'Shift+CmdOrCtrl+H',
};

export function buildMenuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator: ACCELERATORS[command],
    click: () => a.send(command),
  });
  const mac = a.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = a.recentFiles.length
    ? [...a.recentFiles.map((p) => ({ label: p, click: () => a.openRecent(p) })), { type: 'separator' }, { label: 'Clear Recent', click: a.clearRecent }]
    : [{ label: 'No recent files', enabled: false }];

  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        cmd('&New Pipeline', 'new'),
        { label: 'New &Window', accelerator: 'Shift+CmdOrCtrl+N', click: a.newWindow },
        { type: 'separator' },
        cmd('&Open…', 'open'),
        cmd('Start &Screen', 'start'),
        { label: 'Open in New Window…', accelerator: 'Shift+CmdOrCtrl+O', click: a.openInNewWindow },
        { label: 'Open &Recent', submenu: recent },
        { type: 'separator' },
        cmd('&Save', 'save'),
        cmd('Save &As…', 'saveAs'),
        { type: 'separator' },
        cmd('&Import…', 'import'),
        cmd('&Export…', 'export'),
        { type: 'separator' },
        { role: 'close', accelerator: 'CmdOrCtrl+W' },
        ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        cmd('&Undo', 'undo'),
        // Windows users also reach for Ctrl+Y; Shift+Ctrl+Z is the accelerator shown.
        cmd('&Redo', 'redo'),
        { type: 'separator' },
        // Native roles, so text fields work; the page's copy/cut/paste DOM events let the canvas
        // put pipeline JSON on the clipboard (copy and paste between windows).
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        cmd('D&uplicate', 'duplicate'),
        cmd('&Delete', 'delete'),
        { type: 'separator' },
        cmd('Select &All', 'selectAll'),
        { type: 'separator' },
        cmd('Add &Node…', 'quickAdd'),
        cmd('Add Sticky &Note', 'addNote'),
      ],
    },
    {
      label: '&View',
      submenu: [
        cmd('&Fit View', 'fitView'),
        cmd('Auto-&Layout', 'autoLayout'),
        cmd('&Models', 'models'),
        cmd('&Deployments', 'deployments'),
        { type: 'separator' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom', accelerator: 'Shift+CmdOrCtrl+0' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(a.developer ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      label: '&Run',
      submenu: [cmd('&Run Pipeline', 'run'), cmd('Run &Selected Node', 'runNode'), { type: 'separator' }, cmd('&Cancel Run', 'cancelRun')],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [cmd('&Keyboard Shortcuts', 'shortcuts')] },
  ];
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}
