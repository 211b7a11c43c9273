/**
 * Shows the one open dialog of the ui slice.
 */
import { useCommandTable } from '../commands/commands-context.js';
import { OpenDialog } from '../files/open-dialog.js';
import { SaveAsDialog } from '../files/save-as-dialog.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';
import { ConfirmDiscardDialog } from './confirm-discard-dialog.js';
import { ImportErrorsDialog } from './import-errors-dialog.js';
import { RestoreDialog } from './restore-dialog.js';
import { ShortcutsDialog } from './shortcuts-dialog.js';
import { AllowFolderDialog } from '../run/allow-folder-dialog.js';
import { AllowHostDialog } from '../run/allow-host-dialog.js';
import { useRunActions } from '../run/use-run-actions.js';

/** Remembers each folder for the pipeline file, then runs again; a refusal of the host is shown. */
async function allowAndRun(allow: () => Promise<unknown>, what: string, run: () => Promise<void>, toast: (m: string) => void): Promise<void> {
  try {
    await allow();
  } catch (err) {
    toast(`The ${what} was not allowed: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  await run();
}

const fileNameFor = (name: string) =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'pipeline'
  }.pipeline.json`;

const baseName = (path: string) => path.split(/[\\/]/).pop() || undefined;
/** The folder part of a host path (either separator), for starting the file browser beside the open file. */
const folderOf = (path: string | undefined) => (path ? path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))) || undefined : undefined);

/** Renders the dialog named by `ui.dialog`, if any. */
export function DialogHost() {
  const dialog = useStudio((s) => s.dialog);
  const openDialog = useStudio((s) => s.openDialog);
  const docName = useStudio((s) => s.doc.name);
  const filePath = useStudio((s) => s.filePath);
  const commands = useCommandTable();
  const api = useStudioApi();
  const runActions = useRunActions();
  const toast = useStudio((s) => s.toast);
  if (!dialog) return null;
  const close = () => openDialog(null);
  switch (dialog.kind) {
    case 'shortcuts':
      return <ShortcutsDialog onClose={close} />;
    case 'open':
      return (
        <OpenDialog
          api={api}
          start={folderOf(filePath)}
          pipelinePath={filePath}
          onClose={close}
          onOpen={(path) => {
            close();
            void commands.file.openPath(path);
          }}
        />
      );
    case 'save-as':
      return (
        <SaveAsDialog
          api={api}
          purpose={dialog.purpose}
          start={folderOf(filePath)}
          pipelinePath={filePath}
          suggestedName={(dialog.purpose === 'save' && filePath ? baseName(filePath) : undefined) ?? fileNameFor(docName)}
          onClose={close}
          onSubmit={(path) => {
            close();
            void commands.file.writeTo(path, dialog.purpose);
          }}
        />
      );
    case 'import-errors':
      return <ImportErrorsDialog source={dialog.source} issues={dialog.issues} onClose={close} />;
    case 'confirm-discard':
      return (
        <ConfirmDiscardDialog
          action={dialog.action}
          onClose={close}
          onSave={() => {
            close();
            void commands.save();
          }}
          onConfirm={() => {
            close();
            dialog.onConfirm();
          }}
        />
      );
    case 'allow-folder':
      return (
        <AllowFolderDialog
          refusals={dialog.refusals}
          canAllow={filePath !== undefined}
          onClose={close}
          onAllow={(folders) => {
            close();
            void allowAndRun(
              async () => {
                for (const folder of folders) await api.allowFolder(folder, filePath!);
              },
              'folder',
              () => runActions.run(dialog.target),
              (m) => toast(m, 'error'),
            );
          }}
        />
      );
    case 'allow-host':
      return (
        <AllowHostDialog
          refusals={dialog.refusals}
          canAllow={filePath !== undefined}
          onClose={close}
          onAllow={(hosts) => {
            close();
            void allowAndRun(
              async () => {
                for (const host of hosts) await api.allowHost(host, filePath!);
              },
              'address',
              () => runActions.run(dialog.target),
              (m) => toast(m, 'error'),
            );
          }}
        />
      );
    case 'restore':
      return (
        <RestoreDialog
          savedAt={dialog.savedAt}
          path={dialog.path}
          name={dialog.document.name}
          onRestore={() => {
            close();
            commands.file.restore(dialog.document, dialog.path);
          }}
          onDiscard={() => {
            close();
            void api.clearRecovery().catch(() => undefined);
          }}
        />
      );
  }
}
