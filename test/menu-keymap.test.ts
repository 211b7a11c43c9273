/**
 * The desktop menu and the window's keymap must agree: every renderer command is reachable from
 * the menu (cut/copy/paste are native roles there), and a menu accelerator is the same key the
 * window's tooltips show, so the shortcut people learn works in both modes.
 */
import { describe, expect, it } from 'vitest';
import { ACCELERATORS, MENU_COMMANDS } from '../electron/menu.js';
import { SHORTCUTS } from '../renderer/shortcuts/keymap.js';

const toKeymap = (accelerator: string) =>
  accelerator
    .split('+')
    .map((p) => (p === 'CmdOrCtrl' ? 'Mod' : p))
    .sort()
    .join('+');

describe('menu vs keymap', () => {
  it('offers every renderer command in the menu', () => {
    const native = new Set(['copy', 'cut', 'paste']);
    const missing = SHORTCUTS.map((s) => s.command).filter((c) => !native.has(c) && !(MENU_COMMANDS as readonly string[]).includes(c));
    expect(missing).toEqual([]);
  });

  it('uses the keymap keys as menu accelerators', () => {
    for (const shortcut of SHORTCUTS) {
      const accelerator = ACCELERATORS[shortcut.command as keyof typeof ACCELERATORS];
      if (!accelerator) continue;
      const keys = shortcut.keys.map((k) => k.split('+').sort().join('+'));
      expect({ command: shortcut.command, accelerator: toKeymap(accelerator) }).toEqual({ command: shortcut.command, accelerator: expect.toBeOneOf(keys) });
    }
  });
});
