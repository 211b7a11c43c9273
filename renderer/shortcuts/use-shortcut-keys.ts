/**
 * Routes key presses to commands. While a text field has focus only the global shortcuts (save,
 * open, new, run) act, so typing and the field's own undo stay the browser's. Copy, cut and paste
 * use the native clipboard events, which need no clipboard permission and work between windows.
 */
import { useEffect } from 'react';
import type { Commands } from '../commands/use-commands.js';
import { useStudioStore } from '../store/studio-store-context.js';
import { isTyping } from './is-typing.js';
import { matchShortcut } from './keymap.js';

const CLIPBOARD = new Set(['copy', 'cut', 'paste']);

/** Installs the window's keyboard and clipboard handlers. */
export function useShortcutKeys(commands: Commands): void {
  const store = useStudioStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const shortcut = matchShortcut(e);
      if (!shortcut || CLIPBOARD.has(shortcut.command)) return;
      if (isTyping(e.target) && !shortcut.global) return;
      if (store.getState().dialog && shortcut.command !== 'shortcuts') return;
      e.preventDefault();
      void commands[shortcut.command]();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || !e.clipboardData) return;
      const text = commands.edit.copyText();
      if (!text) return;
      e.preventDefault();
      e.clipboardData.setData('text/plain', text);
      if (e.type === 'cut') store.getState().removeElements(store.getState().selectedIds);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target) || !e.clipboardData) return;
      const text = e.clipboardData.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      void commands.edit.pasteText(text);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [commands, store]);
}
