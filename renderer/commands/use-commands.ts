/**
 * Every command of the window in one object keyed by command id: what shortcuts, header buttons
 * and host menu commands call.
 */
import { useMemo } from 'react';
import { useStudioStore } from '../store/studio-store-context.js';
import { useRunActions } from '../run/use-run-actions.js';
import type { CommandId } from '../shortcuts/keymap.js';
import { useEditCommands } from './use-edit-commands.js';
import { useFileCommands } from './use-file-commands.js';

export type Commands = Record<CommandId, () => void | Promise<void>> & {
  file: ReturnType<typeof useFileCommands>;
  edit: ReturnType<typeof useEditCommands>;
};

/** Builds the command table (call once, near the root; share it through CommandsProvider). */
export function useCommands(): Commands {
  const store = useStudioStore();
  const file = useFileCommands();
  const edit = useEditCommands();
  const { run } = useRunActions();
  return useMemo(() => {
    const s = () => store.getState();
    return {
      file,
      edit,
      new: file.new,
      open: file.open,
      save: file.save,
      saveAs: file.saveAs,
      import: file.import,
      export: file.export,
      undo: edit.undo,
      redo: edit.redo,
      copy: edit.copy,
      cut: edit.cut,
      paste: edit.paste,
      duplicate: edit.duplicate,
      delete: edit.delete,
      selectAll: edit.selectAll,
      autoLayout: edit.autoLayout,
      addNote: edit.addNote,
      quickAdd: edit.quickAdd,
      shortcuts: () => s().openDialog({ kind: 'shortcuts' }),
      models: () => s().setModelsOpen(!s().modelsOpen),
      deployments: () => s().setDeploymentsOpen(!s().deploymentsOpen),
      start: () => s().setStartOpen(true),
      run: () => {
        if (s().doc.nodes.length === 0) return s().toast('Add nodes before running', 'info');
        // Like the Run all button: the engine checks the pipeline and the status bar names what to fix.
        return run({ mode: 'all' });
      },
    };
  }, [edit, file, run, store]);
}
