/**
 * Open in the browser mode (no native dialog): a path, a recent file or a sample.
 */
import { useState } from 'react';
import { FileText, History, Sparkles } from 'lucide-react';
import { Modal } from '../ui/modal.js';
import { useFileLists } from './use-file-lists.js';

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** In-window Open dialog for the browser mode: a path, a recent file or a sample. */
export function OpenDialog({ onOpen, onClose }: { onOpen(path: string): void; onClose(): void }) {
  const { recent, samples, loading } = useFileLists(true);
  const [path, setPath] = useState('');
  return (
    <Modal
      title="Open pipeline"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="open-form" className="button button-primary" disabled={!path.trim()}>
            Open
          </button>
        </>
      }
    >
      <form
        id="open-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) onOpen(path.trim());
        }}
      >
        <label className="field-label" htmlFor="open-path">
          File path
        </label>
        <input
          id="open-path"
          className="field-input field-mono"
          autoFocus
          placeholder="/path/to/pipeline.pipeline.json"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
      </form>
      <div className="file-lists">
        <section>
          <h3>
            <History size={14} aria-hidden /> Recent
          </h3>
          {loading ? <p className="empty-text">Loading…</p> : recent.length === 0 ? <p className="empty-text">No recent files.</p> : null}
          <ul>
            {recent.map((p) => (
              <li key={p}>
                <button type="button" className="file-link" title={p} onClick={() => onOpen(p)}>
                  <FileText size={13} aria-hidden /> {baseName(p)} <span className="file-link-dir">{p}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h3>
            <Sparkles size={14} aria-hidden /> Samples
          </h3>
          {!loading && samples.length === 0 && <p className="empty-text">No samples installed.</p>}
          <ul>
            {samples.map((s) => (
              <li key={s.path}>
                <button type="button" className="file-link" title={s.path} onClick={() => onOpen(s.path)}>
                  <FileText size={13} aria-hidden /> {s.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Modal>
  );
}
