/**
 * Open in the browser mode (no native dialog): the keyboard-driven folder browser over the host's
 * places (home, added folders, workspace, samples, the open file's folder), showing pipeline files.
 * Recent files and samples stay one click away in the File menu.
 */
import type { StudioApi } from '../../engine/contract.js';
import { FileBrowserDialog } from '../inspector/file-browser-dialog.js';

/** In-window Open dialog for the browser mode. */
export function OpenDialog({
  api,
  start,
  pipelinePath,
  onOpen,
  onClose,
}: {
  api: Pick<StudioApi, 'listDirectory' | 'addBrowseFolder'>;
  /** The folder of the open file, else the host's first place (home). */
  start?: string;
  /** The window's file, so the host offers its folder as a place while the window shows it. */
  pipelinePath?: string;
  onOpen(path: string): void;
  onClose(): void;
}) {
  return (
    <FileBrowserDialog
      api={api}
      start={start}
      pipelinePath={pipelinePath}
      absolutePaths
      title="Open pipeline"
      chooseLabel="Open"
      extensions={['json']}
      onChoose={onOpen}
      onClose={onClose}
    />
  );
}
