/**
 * Keeps the window's title (the tab in browser mode, the title bar in the desktop shell) showing
 * the pipeline's name and a dirty marker, so unsaved work is visible from the task bar too.
 */
import { useEffect } from 'react';
import { useStudio } from '../store/studio-store-context.js';

/** The app's name, the fixed last part of every window title. */
export const APP_TITLE = 'Lifecycle Studio';

/**
 * "● Name — Lifecycle Studio" while there are unsaved changes, "Name — Lifecycle Studio" otherwise.
 *
 * @example
 * windowTitle('Churn model', true) // '● Churn model — Lifecycle Studio'
 */
export function windowTitle(name: string, dirty: boolean): string {
  const shown = name.trim() || 'Untitled pipeline';
  return `${dirty ? '● ' : ''}${shown} — ${APP_TITLE}`;
}

/** Sets `document.title` from the store's document name and dirty state. */
export function useWindowTitle(): void {
  const name = useStudio((s) => s.doc.name);
  const dirty = useStudio((s) => s.doc !== s.savedDoc);
  useEffect(() => {
    document.title = windowTitle(name, dirty);
  }, [name, dirty]);
}
