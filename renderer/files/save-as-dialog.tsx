/**
 * Save as / export in the browser mode (no native dialog): the keyboard-driven folder browser with a
 * file name field. A name without `.json` gets `.pipeline.json`; the host refuses hidden folders and
 * never creates folders, and its refusal is shown as a toast by the file commands.
 */
import type { StudioApi } from '../../engine/contract.js';
import { FileBrowserDialog } from '../inspector/file-browser-dialog.js';

/** The name as the host will accept it: pipeline files end in .json. */
export const withPipelineSuffix = (name: string) => (/\.json$/i.test(name) ? name : `${name.replace(/\.pipeline$/i, '')}.pipeline.json`);

/** In-window Save as / Export dialog for the browser mode. */
export function SaveAsDialog({
  api,
  purpose,
  start,
  pipelinePath,
  suggestedName,
  onSubmit,
  onClose,
}: {
  api: Pick<StudioApi, 'listDirectory' | 'addBrowseFolder'>;
  purpose: 'save' | 'export';
  /** The folder of the open file, else the host's first place (home). */
  start?: string;
  /** The window's file, so the host offers its folder as a place while the window shows it. */
  pipelinePath?: string;
  /** The current file's name, or one made from the document name. */
  suggestedName: string;
  onSubmit(path: string): void;
  onClose(): void;
}) {
  return (
    <FileBrowserDialog
      api={api}
      start={start}
      pipelinePath={pipelinePath}
      absolutePaths
      mode="output"
      title={purpose === 'save' ? 'Save pipeline as' : 'Export pipeline JSON (without secrets)'}
      chooseLabel={purpose === 'save' ? 'Save' : 'Export'}
      initialName={suggestedName}
      hint={`Saved as .pipeline.json into an existing folder${purpose === 'export' ? '; exports never contain secret values' : ''}`}
      extensions={['json']}
      completeName={withPipelineSuffix}
      confirmReplace
      onChoose={onSubmit}
      onClose={onClose}
    />
  );
}
