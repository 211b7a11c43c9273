import { describe, expect, it } from 'vitest';
import { formatKeys, matchShortcut } from './keymap.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keymap', () => {
  it('uses Ctrl on Linux/Windows and Cmd on macOS', () => {
    expect(matchShortcut(key('z', { ctrlKey: true }), false)?.command).toBe('undo');
    expect(matchShortcut(key('z', { ctrlKey: true }), true)).toBeUndefined();
    expect(matchShortcut(key('z', { metaKey: true }), true)?.command).toBe('undo');
  });
  it('knows both redo forms and Shift variants', () => {
    expect(matchShortcut(key('Z', { ctrlKey: true, shiftKey: true }), false)?.command).toBe('redo');
    expect(matchShortcut(key('y', { ctrlKey: true }), false)?.command).toBe('redo');
    expect(matchShortcut(key('S', { ctrlKey: true, shiftKey: true }), false)?.command).toBe('saveAs');
    expect(matchShortcut(key('s', { ctrlKey: true }), false)?.command).toBe('save');
    expect(matchShortcut(key('Enter', { metaKey: true }), true)?.command).toBe('run');
    expect(matchShortcut(key('d', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
  });
  it('formats keys per OS', () => {
    expect(formatKeys('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatKeys('Mod+Shift+Z', true)).toBe('⌘⇧Z');
  });
});
