/**
 * Commands chosen in the host's native menus (desktop) arrive as `menu-command` events: the
 * keymap's command ids, plus runNode, cancelRun and fitView that only the menu offers. A menu
 * accelerator also fires while a text field has focus; then undo, redo and select all act on the
 * field's text, as the user expects, not on the pipeline.
 */
import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useRunActions } from '../run/use-run-actions.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudioStore } from '../store/studio-store-context.js';
import { isTyping } from '../shortcuts/is-typing.js';
import type { CommandId } from '../shortcuts/keymap.js';
import type { Commands } from './use-commands.js';

const TEXT_EDITING: Record<string, string> = { undo: 'undo', redo: 'redo', selectAll: 'selectAll' };

/** Runs the commands the host menu sends while this window is mounted. */
export function useMenuCommands(commands: Commands): void {
  const api = useStudioApi();
  const store = useStudioStore();
  const flow = useReactFlow();
  const { run, cancel } = useRunActions();
  useEffect(() => {
    const menuOnly: Record<string, () => unknown> = {
      runNode: () => {
        const { selectedIds, doc } = store.getState();
        const nodes = selectedIds.filter((id) => doc.nodes.some((n) => n.id === id));
        if (nodes.length === 1) return run({ mode: 'node', nodeId: nodes[0] });
        store.getState().toast('Select one node to run it', 'info');
      },
      cancelRun: () => cancel(),
      fitView: () => flow.fitView({ padding: 0.2, maxZoom: 1.2, duration: 200 }),
    };
    return api.onEvent((event) => {
      if (event.type !== 'menu-command') return;
      const command = event.command;
      if (TEXT_EDITING[command] && isTyping(document.activeElement)) {
        // execCommand is the only way to drive a field's own undo stack from outside the key event.
        document.execCommand?.(TEXT_EDITING[command]);
        return;
      }
      const handler = menuOnly[command] ?? commands[command as CommandId];
      if (typeof handler === 'function') void handler();
    });
  }, [api, cancel, commands, flow, run, store]);
}
