/**
 * Keeping work safe: a prompt before the page closes with unsaved changes, autosave to the host's
 * recovery file every few seconds while dirty, and on start an offer to restore what a crash left.
 */
import { useEffect } from 'react';
import { useStudioApi } from '../store/api-context.js';
import { useStudioStore } from '../store/studio-store-context.js';

/** How often a dirty document is copied to the recovery file. */
export const AUTOSAVE_MS = 5000;

/** Installs the unsaved-work prompt, the autosave timer and the start-up recovery offer. */
export function useDocumentSafety(): void {
  const store = useStudioStore();
  const api = useStudioApi();

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.doc === s.savedDoc) return;
      e.preventDefault();
      // Older browsers and Electron need returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);

  useEffect(() => {
    let lastSaved = store.getState().doc;
    const timer = setInterval(() => {
      const s = store.getState();
      if (s.doc === s.savedDoc || s.doc === lastSaved) return;
      lastSaved = s.doc;
      api.saveRecovery(s.doc, s.filePath).catch(() => undefined);
    }, AUTOSAVE_MS);
    return () => clearInterval(timer);
  }, [api, store]);

  useEffect(() => {
    let cancelled = false;
    api
      .loadRecovery()
      .then((found) => {
        if (!cancelled && found) store.getState().openDialog({ kind: 'restore', savedAt: found.savedAt, path: found.path, document: found.document });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, store]);
}
