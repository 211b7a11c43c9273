/**
 * The in-window file browser where the host has no native dialog (browser mode): Browse for `file`
 * params, and Open / Save as / Export of pipelines. It walks folders through `listDirectory`, which
 * the host confines to its permitted roots. Keyboard: arrows move, Enter opens a folder or chooses
 * a file, Backspace goes up, Home/End jump; Tab reaches the places and the file name.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ArrowUp, FileText, Folder } from 'lucide-react';
import type { DirectoryEntry, DirectoryListing, StudioApi } from '../../engine/contract.js';
import { middleEllipsis } from '../files/middle-ellipsis.js';
import { Modal } from '../ui/modal.js';
import { FileBrowserName } from './file-browser-name.js';
import { FileBrowserPlaces } from './file-browser-places.js';
import './file-browser.css';

export interface FileBrowserDialogProps {
  /** `addBrowseFolder` present: the places offer "+ Add folder". */
  api: Pick<StudioApi, 'listDirectory'> & Partial<Pick<StudioApi, 'addBrowseFolder'>>;
  /** Folder to open first (the host's `browse.start`); the host's first place when absent. */
  start?: string;
  /** Dialog title; by default it says what a data file param asks for. */
  title?: string;
  /** The label of the confirming button ("Choose" by default). */
  chooseLabel?: string;
  /** The file name an 'output' browser starts with. */
  initialName?: string;
  /** Choose full host paths (Open, Save as) instead of the param's stored form. */
  absolutePaths?: boolean;
  /** Completes a typed name before it is checked and chosen (Save adds `.pipeline.json`). */
  completeName?: (name: string) => string;
  /** Asks for a second press before choosing the name of a file that exists (Save as, Export). */
  confirmReplace?: boolean;
  /** The footer's note on what may be chosen; by default the accepted extensions. */
  hint?: string;
  /** The host adds places through its own folder dialog (desktop), so no path is typed. */
  addFolderByDialog?: boolean;
  /** The saved pipeline, so chosen paths are stored relative to it. */
  pipelinePath?: string;
  /** Accepted extensions (`.csv` or `csv`); other files are shown but cannot be chosen. */
  extensions?: readonly string[];
  /** 'output' lets the user type a new file name in the current folder. */
  mode?: 'input' | 'output';
  /** Called with the path as the param stores it. */
  onChoose(stored: string): void;
  onClose(): void;
}

const normalExt = (e: string) => `.${e.replace(/^\./, '').toLowerCase()}`;

/** Joins a stored folder (POSIX, `.` for the pipeline's own folder) and a file name. */
function storedJoin(folder: string, name: string): string {
  if (folder === '.' || folder === '') return name;
  return folder.endsWith('/') || folder.endsWith('\\') ? `${folder}${name}` : `${folder}/${name}`;
}

/** Joins a host folder and a file name with the folder's own separator (Windows hosts use `\\`). */
function hostJoin(folder: string, name: string): string {
  const sep = folder.includes('/') || !folder.includes('\\') ? '/' : '\\';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const formatDate = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));

/** Modal file browser over the host's confined folder listing. */
export function FileBrowserDialog(props: FileBrowserDialogProps) {
  const { api, start, pipelinePath, extensions, mode = 'input', onChoose, onClose } = props;
  const [listing, setListing] = useState<DirectoryListing>();
  const [error, setError] = useState<string>();
  const [active, setActive] = useState(0);
  const [name, setTypedName] = useState(props.initialName ?? '');
  const [replacing, setReplacing] = useState<string>();
  const setName = (next: string) => {
    setTypedName(next);
    setReplacing(undefined);
  };
  const listRef = useRef<HTMLUListElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const exts = useMemo(() => (extensions ?? []).map(normalExt), [extensions]);
  const accepts = useCallback((e: DirectoryEntry) => e.kind === 'directory' || exts.length === 0 || exts.some((x) => e.name.toLowerCase().endsWith(x)), [exts]);
  const seq = useRef(0);

  const go = useCallback(
    async (path: string | undefined, focusName?: string) => {
      const mine = ++seq.current;
      try {
        const next = await api.listDirectory(path, pipelinePath);
        if (mine !== seq.current) return;
        setListing(next);
        setError(undefined);
        const back = focusName ? next.entries.findIndex((e) => e.name === focusName) : -1;
        setActive(back >= 0 ? back : 0);
        return undefined;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (mine === seq.current) setError(message);
        return message;
      }
    },
    [api, pipelinePath],
  );

  useEffect(() => {
    // A start folder the host refuses (moved, or outside its places) falls back to its first place.
    void go(start).then(async (refused) => {
      if (refused === undefined || start === undefined) return;
      if ((await go(undefined)) === undefined) setError(`${refused} (showing the first place instead)`);
    });
  }, [go, start]);

  const entries = listing?.entries ?? [];
  const current = entries[active] as DirectoryEntry | undefined;

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listing]);

  // The modal focuses its first button (a place); the list is where the keyboard belongs once it has loaded.
  const loaded = !!listing;
  useEffect(() => {
    if (loaded) (mode === 'output' ? nameRef.current : listRef.current)?.focus();
  }, [loaded, mode]);

  const pathOf = (at: DirectoryListing, name: string) => (props.absolutePaths ? hostJoin(at.path, name) : storedJoin(at.stored, name));

  const goUp = () => {
    if (!listing?.parent) return;
    const leaving = listing.path.split(/[\\/]/).filter(Boolean).pop();
    void go(listing.parent, leaving);
  };

  const open = (entry: DirectoryEntry | undefined) => {
    if (!entry || !listing) return;
    if (entry.kind === 'directory') return void go(entry.path);
    if (!accepts(entry)) return;
    if (mode === 'output') return setName(entry.name);
    onChoose(pathOf(listing, entry.name));
  };

  const typed = name.trim() && (props.completeName ?? ((n: string) => n))(name.trim());
  const chosen = mode === 'output' ? typed : current?.kind === 'file' && accepts(current) ? current.name : '';
  const canChoose = !!listing && !!chosen && !/[\\/]/.test(chosen);
  const choose = () => {
    if (!canChoose) return;
    const exists = listing.entries.some((e) => e.kind === 'file' && e.name === chosen);
    // The native save dialogs confirm a replace; this one asks for a second press instead.
    if (mode === 'output' && props.confirmReplace && exists && replacing !== chosen) return setReplacing(chosen);
    onChoose(pathOf(listing, chosen));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const last = entries.length - 1;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: last, PageDown: active + 10, PageUp: active - 10 };
    if (e.key in moves) {
      e.preventDefault();
      setActive(Math.max(0, Math.min(last, moves[e.key])));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(current);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      goUp();
    }
  };

  const addBrowseFolder = api.addBrowseFolder;
  const addFolder = addBrowseFolder
    ? async (path?: string) => {
        const places = await addBrowseFolder(path);
        const added = places.at(-1);
        if (added && (await go(path ? (places.find((p) => p.path === path)?.path ?? added.path) : added.path)) === undefined) listRef.current?.focus();
      }
    : undefined;

  const hint = props.hint ?? (exts.length ? `Files ending in ${exts.join(', ')}` : 'Any file');
  return (
    <Modal
      title={props.title ?? (mode === 'output' ? 'Choose where to write' : 'Choose a data file')}
      onClose={onClose}
      wide
      footer={
        <>
          <span className="file-browser-hint">{hint}</span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" disabled={!canChoose} onClick={choose} data-testid="file-browser-choose">
            {props.chooseLabel ?? 'Choose'}
          </button>
        </>
      }
    >
      <div className="file-browser" data-testid="file-browser">
        <FileBrowserPlaces
          roots={listing?.roots ?? []}
          current={listing?.path}
          // A place chosen by keyboard leaves the keyboard in the list, ready for the arrows.
          onGo={(path) => void go(path).then((refused) => refused === undefined && listRef.current?.focus())}
          addFolder={addFolder}
          byDialog={props.addFolderByDialog}
        />
        <div className="file-browser-main">
          <div className="file-browser-bar">
            <button
              type="button"
              className="icon-button"
              aria-label="Up one folder"
              title="Up one folder (Backspace)"
              disabled={!listing?.parent}
              onClick={goUp}
            >
              <ArrowUp size={15} aria-hidden />
            </button>
            <span className="file-browser-path field-mono" data-testid="file-browser-path" title={listing?.path ?? start}>
              {middleEllipsis(listing?.path ?? start ?? '')}
            </span>
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <ul
            ref={listRef}
            id={listId}
            className="file-browser-list"
            role="listbox"
            aria-label={`Contents of ${listing?.path ?? start ?? 'the folder'}`}
            tabIndex={0}
            aria-activedescendant={current ? `${listId}-${active}` : undefined}
            onKeyDown={onKeyDown}
          >
            {listing && entries.length === 0 && <li className="empty-text">This folder is empty.</li>}
            {entries.map((e, i) => {
              const ok = accepts(e);
              return (
                <li
                  key={e.path}
                  id={`${listId}-${i}`}
                  data-index={i}
                  role="option"
                  aria-selected={i === active}
                  aria-disabled={!ok}
                  className={`file-browser-entry${i === active ? ' is-active' : ''}${ok ? '' : ' is-disabled'}`}
                  onClick={() => setActive(i)}
                  onDoubleClick={() => open(e)}
                >
                  {e.kind === 'directory' ? <Folder size={14} aria-hidden className="file-browser-icon-dir" /> : <FileText size={14} aria-hidden />}
                  <span className="file-browser-name">{e.name}</span>
                  <span className="file-browser-size">{formatSize(e.size)}</span>
                  <span className="file-browser-date">{formatDate(e.modified)}</span>
                </li>
              );
            })}
          </ul>
          {mode === 'output' && (
            <FileBrowserName
              id={`${listId}-name`}
              inputRef={nameRef}
              name={name}
              placeholder={exts[0] ? `output${exts[0]}` : 'output'}
              replacing={replacing}
              onName={setName}
              onSubmit={choose}
            />
          )}
        </div>
      </div>
    </Modal>
  );
}
