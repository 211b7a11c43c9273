/**
 * The places column of the file browser: the host's roots (home, added folders, workspace, samples,
 * the open file's folder) and "+ Add folder", which asks the host to remember one more folder
 * (a typed path in the browser mode, the native folder dialog on the desktop).
 */
import { useState } from 'react';
import { Folder, FolderPlus } from 'lucide-react';

export interface FileBrowserPlacesProps {
  roots: readonly { label: string; path: string }[];
  /** The folder shown now, to mark its place. */
  current?: string;
  onGo(path: string): void;
  /** Adds a folder (no path: the host asks natively); absent when the host cannot add places. */
  addFolder?: (path?: string) => Promise<void>;
  /** True when the host has a native folder dialog, so no path is typed here. */
  byDialog?: boolean;
}

/** The places navigation with its "+ Add folder" form. */
export function FileBrowserPlaces({ roots, current, onGo, addFolder, byDialog }: FileBrowserPlacesProps) {
  const [adding, setAdding] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string>();

  const submit = async (typed?: string) => {
    if (!addFolder) return;
    try {
      await addFolder(typed);
      setAdding(false);
      setPath('');
      setError(undefined);
    } catch (err) {
      setError(err instanceof Error ? err.message.replace(/^\[[A-Z_]+\] /, '') : String(err));
    }
  };

  return (
    <nav className="file-browser-roots" aria-label="Places">
      {roots.map((r) => (
        <button
          key={r.path}
          type="button"
          className={`file-browser-root${current === r.path ? ' is-current' : ''}`}
          title={r.path}
          onClick={() => onGo(r.path)}
        >
          <Folder size={13} aria-hidden /> <span className="file-browser-root-label">{r.label}</span>
        </button>
      ))}
      {addFolder && !adding && (
        <button
          type="button"
          className="file-browser-root file-browser-add"
          title="Add a folder outside your home to the places"
          onClick={() => (byDialog ? void submit() : setAdding(true))}
        >
          <FolderPlus size={13} aria-hidden /> Add folder
        </button>
      )}
      {adding && (
        <form
          className="file-browser-add-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void submit(path.trim());
          }}
        >
          <label className="field-label" htmlFor="file-browser-add-path">
            Folder path
          </label>
          <input
            id="file-browser-add-path"
            className="field-input field-mono"
            autoFocus
            placeholder="/srv/projects"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            onKeyDown={(e) => {
              // Escape closes this form, not the whole dialog.
              if (e.key === 'Escape') {
                e.stopPropagation();
                setAdding(false);
                setError(undefined);
              }
            }}
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="file-browser-add-actions">
            <button type="button" className="button button-small" onClick={() => setAdding(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-small button-primary" disabled={!path.trim()}>
              Add
            </button>
          </div>
        </form>
      )}
      {byDialog && error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </nav>
  );
}
