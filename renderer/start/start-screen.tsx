/**
 * The start screen: new pipeline, open, recent files and the samples gallery (a picture of each
 * sample drawn from its document, and the sentence of its description that says what it teaches).
 * It covers the canvas when the window opens with no pipeline, and again from File > Start screen
 * or its shortcut. It goes away once a pipeline is on screen, on Escape, or on a press outside it
 * (so dragging from the palette straight away still works).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { FilePlus2, FolderOpen, X } from 'lucide-react';
import { useCommandTable } from '../commands/commands-context.js';
import { useFileLists } from '../files/use-file-lists.js';
import { formatKeys, SHORTCUTS, type CommandId } from '../shortcuts/keymap.js';
import { useStudio } from '../store/studio-store-context.js';
import { columnsOf, gridMove } from './grid-keys.js';
import { firstSentence } from './preview-shape.js';
import { SamplePicture } from './sample-picture.js';
import { useSampleGallery } from './use-sample-gallery.js';
import './start.css';

const keysOf = (c: CommandId) => formatKeys(SHORTCUTS.find((s) => s.command === c)?.keys[0] ?? '');
const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** Closes the start screen when another document comes on screen, or on a press outside it. */
function useDismissal(root: React.RefObject<HTMLElement | null>, close: () => void) {
  const doc = useStudio((s) => s.doc);
  const shown = useRef(doc);
  useEffect(() => {
    if (doc !== shown.current) close();
  }, [doc, close]);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      const target = e.target as Element | null;
      // A dialog opened from here (Open) is part of the same task.
      if (target && !root.current?.contains(target) && !target.closest?.('[role=dialog], .modal-backdrop')) close();
    };
    window.addEventListener('pointerdown', away, true);
    return () => window.removeEventListener('pointerdown', away, true);
  }, [root, close]);
}

/** The start screen, shown while `startOpen`. */
export function StartScreen() {
  const setStartOpen = useStudio((s) => s.setStartOpen);
  const commands = useCommandTable();
  const { recent } = useFileLists(true);
  const { cards, error } = useSampleGallery();
  const root = useRef<HTMLElement>(null);
  const grid = useRef<HTMLUListElement>(null);
  const [picked, setPicked] = useState(0);
  const [close] = useState(() => () => setStartOpen(false));
  useDismissal(root, close);

  // The first sample takes the focus, so arrows and Enter work at once; unless the user has already
  // focused something else while the samples loaded (Enter must then act there, not open a sample).
  useEffect(() => {
    const active = document.activeElement;
    const free = !active || active === document.body || root.current?.contains(active);
    if (cards?.length && free) grid.current?.querySelector<HTMLElement>('[data-roving]')?.focus();
  }, [cards]);

  const open = (path: string) => void commands.file.openPath(path);
  const onGridKey = (e: KeyboardEvent<HTMLElement>, index: number) => {
    if (!cards) return;
    const items = [...(grid.current?.querySelectorAll<HTMLElement>(':scope > li > [data-roving]') ?? [])];
    const next = gridMove(e.key, index, cards.length, columnsOf(items.map((el) => el.parentElement!)));
    if (next === undefined) return;
    e.preventDefault();
    setPicked(next);
    items[next]?.focus();
  };

  return (
    <section
      ref={root}
      className="start-screen"
      aria-label="Start"
      data-testid="start-screen"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <div className="start-inner">
        <header className="start-head">
          <h1>Start</h1>
          <button type="button" className="button button-ghost start-close" aria-label="Close the start screen" data-testid="start-close" onClick={close}>
            <X size={16} aria-hidden />
          </button>
        </header>
        <div className="start-columns">
          <nav className="start-actions" aria-label="Begin">
            <button type="button" className="button button-primary" data-testid="start-new" onClick={() => (close(), void commands.new())}>
              <FilePlus2 size={16} aria-hidden /> New pipeline <kbd>{keysOf('new')}</kbd>
            </button>
            <button type="button" className="button" data-testid="start-open" onClick={() => void commands.open()}>
              <FolderOpen size={16} aria-hidden /> Open… <kbd>{keysOf('open')}</kbd>
            </button>
            <h2>Recent</h2>
            {recent.length === 0 ? (
              <p className="start-muted">Pipelines you open or save show here.</p>
            ) : (
              <ul className="start-recent">
                {recent.slice(0, 8).map((p) => (
                  <li key={p}>
                    <button type="button" className="start-link" title={p} onClick={() => open(p)}>
                      {baseName(p)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <div className="start-samples">
            <h2 id="start-samples-title">Samples</h2>
            <p className="start-muted">Each sample is a complete pipeline with its data. Use the arrow keys to pick one and Enter to open it.</p>
            {error && <p className="start-error">The samples could not be listed: {error}</p>}
            {cards === undefined && (
              <p className="start-muted" aria-busy="true">
                Loading samples…
              </p>
            )}
            <ul ref={grid} className="start-gallery" aria-labelledby="start-samples-title" data-testid="start-gallery">
              {cards?.map((card, i) => (
                <li key={card.path}>
                  <button
                    type="button"
                    data-roving
                    data-testid="start-sample"
                    className={`start-card${i === picked ? ' is-picked' : ''}`}
                    tabIndex={i === picked ? 0 : -1}
                    title={card.description}
                    onFocus={() => setPicked(i)}
                    onKeyDown={(e) => onGridKey(e, i)}
                    onClick={() => open(card.path)}
                  >
                    <SamplePicture card={card} />
                    <span className="start-card-name">{card.name}</span>
                    <span className="start-card-text">{firstSentence(card.description)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </div>
    </section>
  );
}
