/**
 * Keyboard shortcuts, declared once: the key handler, tooltips and the shortcut list all read this.
 * `Mod` is Cmd on macOS and Ctrl elsewhere.
 */

export type CommandId =
  | 'new'
  | 'open'
  | 'save'
  | 'saveAs'
  | 'import'
  | 'export'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'autoLayout'
  | 'addNote'
  | 'run'
  | 'shortcuts'
  | 'quickAdd'
  | 'models'
  | 'deployments'
  | 'start';

export interface Shortcut {
  command: CommandId;
  label: string;
  /** Alternatives, e.g. ['Mod+Shift+Z', 'Mod+Y']; key names as in KeyboardEvent.key. */
  keys: readonly string[];
  /** Also active while typing in a text field (file commands and run). */
  global?: boolean;
}

/** Every shortcut of the window, in the order the shortcut list shows them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'new', label: 'New pipeline', keys: ['Mod+N'], global: true },
  { command: 'open', label: 'Open…', keys: ['Mod+O'], global: true },
  { command: 'save', label: 'Save', keys: ['Mod+S'], global: true },
  { command: 'saveAs', label: 'Save as…', keys: ['Mod+Shift+S'], global: true },
  { command: 'import', label: 'Import pipeline JSON…', keys: ['Mod+Shift+I'] },
  { command: 'export', label: 'Export pipeline JSON…', keys: ['Mod+Shift+E'] },
  { command: 'undo', label: 'Undo', keys: ['Mod+Z'] },
  { command: 'redo', label: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'] },
  { command: 'copy', label: 'Copy', keys: ['Mod+C'] },
  { command: 'cut', label: 'Cut', keys: ['Mod+X'] },
  { command: 'paste', label: 'Paste', keys: ['Mod+V'] },
  { command: 'duplicate', label: 'Duplicate', keys: ['Mod+D'] },
  { command: 'delete', label: 'Delete selection', keys: ['Delete', 'Backspace'] },
  { command: 'selectAll', label: 'Select all', keys: ['Mod+A'] },
  { command: 'autoLayout', label: 'Auto-layout', keys: ['Mod+Shift+L'] },
  { command: 'addNote', label: 'Add sticky note', keys: ['Shift+N'] },
  { command: 'quickAdd', label: 'Add node by name', keys: ['Mod+K'] },
  { command: 'run', label: 'Run pipeline', keys: ['Mod+Enter'], global: true },
  { command: 'models', label: 'Models (registry)', keys: ['Mod+Shift+K'] },
  { command: 'deployments', label: 'Deployments (model servers)', keys: ['Mod+Shift+D'] },
  { command: 'start', label: 'Start screen (samples, recent files)', keys: ['Mod+Shift+H'], global: true },
  { command: 'shortcuts', label: 'Keyboard shortcuts', keys: ['?'] },
];

/** Whether this is macOS (Cmd instead of Ctrl). */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } = typeof navigator === 'undefined' ? {} : navigator): boolean {
  return /Mac|iPhone|iPad/.test(nav.platform ?? '') || /Mac OS X/.test(nav.userAgent ?? '');
}

function matches(combo: string, e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, mac: boolean): boolean {
  const parts = combo.split('+');
  const key = parts.pop()!;
  const mod = parts.includes('Mod');
  const shift = parts.includes('Shift');
  const modDown = mac ? e.metaKey : e.ctrlKey;
  const otherMod = mac ? e.ctrlKey : e.metaKey;
  if (mod !== modDown || otherMod || e.altKey) return false;
  // '?' is typed with Shift on most layouts: compare the produced character, ignoring Shift.
  if (key === '?') return e.key === '?';
  if (shift !== e.shiftKey) return false;
  return e.key.length === 1 ? e.key.toLowerCase() === key.toLowerCase() : e.key === key;
}

/** The shortcut a key event triggers, if any. */
export function matchShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, mac = isMacPlatform()): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.keys.some((k) => matches(k, e, mac)));
}

/**
 * Keys as shown to people: "⌘⇧Z" on macOS, "Ctrl+Shift+Z" elsewhere.
 *
 * @example
 * formatKeys('Mod+Shift+S', false) // 'Ctrl+Shift+S'
 */
export function formatKeys(combo: string, mac = isMacPlatform()): string {
  const names: Record<string, [string, string]> = {
    Mod: ['⌘', 'Ctrl'],
    Shift: ['⇧', 'Shift'],
    Enter: ['↩', 'Enter'],
    Delete: ['⌦', 'Del'],
    Backspace: ['⌫', 'Backspace'],
  };
  const parts = combo.split('+').map((p) => (names[p] ? names[p][mac ? 0 : 1] : p.length === 1 ? p.toUpperCase() : p));
  return mac ? parts.join('') : parts.join('+');
}

/** "Label (Ctrl+S)" for tooltips. */
export function withShortcut(command: CommandId, mac = isMacPlatform()): string {
  const s = SHORTCUTS.find((x) => x.command === command);
  return s ? `${s.label} (${formatKeys(s.keys[0], mac)})` : command;
}
