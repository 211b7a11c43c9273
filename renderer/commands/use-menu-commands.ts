/**
 * Commands chosen in the host's native menus (desktop) arrive as `menu-command` events.
 */
import { useEffect } from 'react';
import { useStudioApi } from '../store/api-context.js';
import type { CommandId } from '../shortcuts/keymap.js';
import type { Commands } from './use-commands.js';

export function useMenuCommands(commands: Commands): void {
  const api = useStudioApi();
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type !== 'menu-command') return;
        const run = commands[event.command as CommandId];
        if (typeof run === 'function') void run();
      }),
    [api, commands],
  );
}
