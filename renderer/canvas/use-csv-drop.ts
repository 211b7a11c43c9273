/**
 * Window-level drop of files: a CSV makes an import node (at the drop point) and shows the preview;
 * a pipeline JSON file is imported. Other files get a message saying what is accepted.
 */
import { useEffect } from 'react';
import type { useFileCommands } from '../commands/use-file-commands.js';
import { useStudioStore } from '../store/studio-store-context.js';
import { findCsvImporter, isCsvFile, previewCsvFile } from './csv-drop.js';
import { useInsertNode } from './use-insert-node.js';

/**
 * The path the host knows a dropped file by. Browsers only reveal the name; the desktop bridge's
 * `filePathForDrop` (a member of the StudioApi contract) returns the full path.
 */
function pathOf(file: File): string {
  return window.studio?.filePathForDrop?.(file) || file.name;
}

/** Installs the window-level file drop handler (CSV -> import node + preview; JSON -> import). */
export function useCsvDrop(file: Pick<ReturnType<typeof useFileCommands>, 'importText'>): void {
  const store = useStudioStore();
  const insert = useInsertNode();
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const onDrop = async (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const s = store.getState();
      for (const f of Array.from(e.dataTransfer!.files)) {
        if (f.name.endsWith('.json')) {
          await file.importText(await f.text(), f.name);
          continue;
        }
        if (!isCsvFile(f)) {
          s.toast(`"${f.name}" is not a CSV or pipeline JSON file`, 'error');
          continue;
        }
        const importer = findCsvImporter(s.defs);
        if (!importer) {
          s.toast('No node type here can import CSV files', 'error');
          continue;
        }
        insert(importer.def.type, { x: e.clientX, y: e.clientY }, { [importer.param]: pathOf(f) });
        s.setCsvPreview(await previewCsvFile(f));
      }
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [file, insert, store]);
}
