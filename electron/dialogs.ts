/** Native open and save dialogs, parented to the window that asked. */
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';

const FILTERS = [
  { name: 'Lifecycle Studio pipelines', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

export async function chooseOpenPath(win: BrowserWindow): Promise<string | undefined> {
  const { canceled, filePaths } = await dialog.showOpenDialog(win, { title: 'Open pipeline', properties: ['openFile'], filters: FILTERS });
  return canceled ? undefined : filePaths[0];
}

export async function chooseSavePath(win: BrowserWindow, suggestedName: string, purpose: 'save' | 'export'): Promise<string | undefined> {
  const { canceled, filePath } = await dialog.showSaveDialog(win, {
    title: purpose === 'export' ? 'Export pipeline (without secrets)' : 'Save pipeline',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return canceled || !filePath ? undefined : filePath;
}

/** The native chooser for a `file` param: an open dialog, or a save dialog for an output file. */
export async function chooseDataPath(
  win: BrowserWindow,
  options: { extensions: readonly string[]; mode: 'input' | 'output'; startDir: string },
): Promise<string | undefined> {
  const exts = options.extensions.map((e) => e.replace(/^\./, '')).filter(Boolean);
  const filters = [
    ...(exts.length ? [{ name: exts.map((e) => e.toUpperCase()).join(', ') + ' files', extensions: exts }] : []),
    { name: 'All files', extensions: ['*'] },
  ];
  if (options.mode === 'output') {
    const { canceled, filePath } = await dialog.showSaveDialog(win, {
      title: 'Choose where to write',
      defaultPath: options.startDir,
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return canceled || !filePath ? undefined : filePath;
  }
  const { canceled, filePaths } = await dialog.showOpenDialog(win, {
    title: 'Choose a data file',
    defaultPath: options.startDir,
    properties: ['openFile'],
    filters,
  });
  return canceled ? undefined : filePaths[0];
}

/** The native folder chooser for "+ Add folder" in the file browser's places. */
export async function chooseFolderPath(win: BrowserWindow): Promise<string | undefined> {
  const { canceled, filePaths } = await dialog.showOpenDialog(win, { title: 'Add a folder to the places', properties: ['openDirectory'] });
  return canceled ? undefined : filePaths[0];
}

/** Asks before a window with unsaved work closes. True means close anyway. */
export function confirmDiscard(win: BrowserWindow): boolean {
  const choice = dialog.showMessageBoxSync(win, {
    type: 'warning',
    buttons: ['Close Without Saving', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'This pipeline has unsaved changes.',
    detail: 'A recovery copy is kept, but closing now drops the changes from this window.',
  });
  return choice === 0;
}
