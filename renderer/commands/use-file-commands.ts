/**
 * File commands: new, open, save, save as, import, export, with a confirm before unsaved work is
 * thrown away. The desktop host shows native dialogs when no path is given; the browser mode has
 * none, so the window asks for a path itself.
 */
import { useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { studioTransport } from '../api/index.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudioStore } from '../store/studio-store-context.js';
import { emptyDocument } from '../store/document-ops.js';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether the host shows its own file dialogs (desktop) or the window must ask (browser). */
export const hostHasDialogs = (): boolean => studioTransport() === 'electron';

/** File commands bound to this window's store and host. */
export function useFileCommands() {
  const store = useStudioStore();
  const api = useStudioApi();
  const flow = useReactFlow();
  return useMemo(() => {
    const s = () => store.getState();
    const isDirty = () => s().doc !== s().savedDoc;

    /** Runs `action` now, or after the user agrees to drop unsaved changes. */
    const guard = (label: string, action: () => void | Promise<void>) => {
      if (!isDirty()) return void action();
      s().openDialog({ kind: 'confirm-discard', action: label, onConfirm: () => void action() });
    };

    const show = (doc: PipelineDocument, path: string | undefined, dirty = false) => {
      s().loadDocument(doc, { path, dirty });
      s().resetRunState();
      // The user chose to leave the previous document: its recovery copy is no longer wanted.
      if (!dirty) void api.clearRecovery().catch(() => undefined);
    };

    const withViewport = (doc: PipelineDocument): PipelineDocument => {
      const { x, y, zoom } = flow.getViewport();
      return { ...doc, viewport: { x: Math.round(x), y: Math.round(y), zoom: Math.round(zoom * 1000) / 1000 } };
    };

    const writeTo = async (path: string | undefined, purpose: 'save' | 'export') => {
      const current = s().doc;
      try {
        const result = purpose === 'save' ? await api.savePipeline(withViewport(current), path) : await api.exportPipeline(withViewport(current), path);
        if (!result) return;
        if (purpose === 'save') {
          s().markSaved(current, result.path);
          void api.clearRecovery().catch(() => undefined);
        }
        s().toast(`${purpose === 'save' ? 'Saved' : 'Exported'} to ${result.path}`, 'success');
      } catch (err) {
        s().toast(`${purpose === 'save' ? 'Save' : 'Export'} failed: ${messageOf(err)}`, 'error');
      }
    };

    const openPath = (path?: string) =>
      guard('open another pipeline', async () => {
        try {
          const opened = await api.openPipeline(path);
          if (!opened) return;
          show(opened.document, opened.path);
          for (const issue of opened.issues) s().toast(issue.message, issue.severity === 'error' ? 'error' : 'info');
        } catch (err) {
          s().toast(`Could not open ${path ?? 'the file'}: ${messageOf(err)}`, 'error');
        }
      });

    const importText = async (text: string, source: string) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        s().openDialog({ kind: 'import-errors', source, issues: [{ path: '(file)', message: `not valid JSON: ${messageOf(err)}` }] });
        return;
      }
      try {
        const { document, issues } = await api.validatePipeline(json);
        // Only a document that does not parse is refused; an unfinished pipeline (an empty file
        // path, a missing wire) imports fine and its problems show on the nodes, as when editing.
        if (!document) {
          s().openDialog({ kind: 'import-errors', source, issues: issues.map((i) => ({ path: i.path, message: i.message })) });
          return;
        }
        const problems = issues.filter((i) => i.severity === 'error').length;
        guard('import a pipeline', () => {
          show(document, undefined, true);
          s().toast(`Imported ${source}${problems ? ` (${problems} problem${problems > 1 ? 's' : ''} to fix, shown on the nodes)` : ''}`, 'success');
        });
      } catch (err) {
        s().openDialog({ kind: 'import-errors', source, issues: [{ path: '(file)', message: messageOf(err) }] });
      }
    };

    return {
      isDirty,
      guard,
      new: () => guard('start a new pipeline', () => show(emptyDocument(), undefined)),
      open: () => (hostHasDialogs() ? openPath() : s().openDialog({ kind: 'open' })),
      openPath,
      save: () => {
        const path = s().filePath;
        if (path || !hostHasDialogs()) {
          if (path) return writeTo(path, 'save');
          s().openDialog({ kind: 'save-as', purpose: 'save' });
          return;
        }
        return writeTo(undefined, 'save');
      },
      saveAs: () => (hostHasDialogs() ? writeTo(undefined, 'save') : s().openDialog({ kind: 'save-as', purpose: 'save' })),
      export: () => (hostHasDialogs() ? writeTo(undefined, 'export') : s().openDialog({ kind: 'save-as', purpose: 'export' })),
      /** Writes to a path the user typed (browser mode); empty means the host's default folder. */
      writeTo,
      /** Imports pipeline JSON text; nothing changes unless it validates. */
      importText,
      import: () => document.getElementById('import-file-input')?.click(),
      restore: (doc: PipelineDocument, path?: string) => show(doc, path, true),
    };
  }, [api, flow, store]);
}
