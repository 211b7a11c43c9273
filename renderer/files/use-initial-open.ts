/**
 * Opens the pipeline the host asked for at start (`?open=<path>`: one desktop window per pipeline).
 */
import { useEffect } from 'react';
import { initialPipelinePath } from '../api/index.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudioStore } from '../store/studio-store-context.js';

/** Opens `?open=<path>` once when the window starts. */
export function useInitialOpen(): void {
  const api = useStudioApi();
  const store = useStudioStore();
  useEffect(() => {
    const path = initialPipelinePath();
    if (!path) return;
    api
      .openPipeline(path)
      .then((opened) => opened && store.getState().loadDocument(opened.document, { path: opened.path }))
      .catch((err: unknown) => store.getState().toast(`Could not open ${path}: ${err instanceof Error ? err.message : String(err)}`, 'error'));
  }, [api, store]);
}
