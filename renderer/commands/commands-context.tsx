/**
 * Shares the one command table with header buttons, menus and dialogs.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Commands } from './use-commands.js';

const CommandsContext = createContext<Commands | null>(null);

/** Provides the command table to header buttons, menus and dialogs. */
export function CommandsProvider({ commands, children }: { commands: Commands; children: ReactNode }) {
  return <CommandsContext.Provider value={commands}>{children}</CommandsContext.Provider>;
}

/**
 * The window's commands.
 *
 * @example
 * const commands = useCommandTable(); <button onClick={commands.save}>Save</button>
 */
export function useCommandTable(): Commands {
  const commands = useContext(CommandsContext);
  if (!commands) throw new Error('useCommandTable must be used inside <CommandsProvider>');
  return commands;
}
