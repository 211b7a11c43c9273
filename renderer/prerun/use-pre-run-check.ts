/**
 * Keeps the pre-run check current: asked again after each pause in editing, after a fix the
 * document does not show, and when a pipeline is opened, where problems open the panel at once.
 */
import { useEffect, useRef } from 'react';
import { useStudioApi } from '../store/api-context.js';
import { useStudio, useStudioStore } from '../store/studio-store-context.js';

const PAUSE_MS = 400;

/** Runs the pre-run check for the document on screen (while mounted). */
export function usePreRunCheck(): void {
  const api = useStudioApi();
  const store = useStudioStore();
  const doc = useStudio((s) => s.doc);
  const filePath = useStudio((s) => s.filePath);
  const loadSeq = useStudio((s) => s.loadSeq);
  const tick = useStudio((s) => s.preRunTick);
  const shownFor = useRef(-1);
  useEffect(() => {
    if (doc.nodes.length === 0) {
      store.getState().setPreRun(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      api.preRunCheck(doc, filePath).then(
        (check) => {
          if (cancelled) return;
          const state = store.getState();
          state.setPreRun({ ...check, doc, path: filePath });
          if (check.problems.length === 0) state.setPreRunOpen(false);
          // A pipeline just opened says what it needs before anyone presses Run.
          else if (shownFor.current !== loadSeq) state.setPreRunOpen(true);
          shownFor.current = loadSeq;
        },
        () => undefined,
      );
    }, PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, store, doc, filePath, loadSeq, tick]);
}
