/** Pieces of the labelling view: the class keys (or the form that sets them), one row, the key map and the remembered set name. */
import { useState } from 'react';
import type { LabelRow } from './label-rows.js';
import { cellText } from './cell-text.js';

/** What a key press in the row list does, or undefined for keys the view leaves alone. */
export type LabelKeyAction = { kind: 'label'; classIndex: number } | { kind: 'clear' } | { kind: 'undo' } | { kind: 'move'; by: 1 | -1 };

export function labelKeyAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): LabelKeyAction | undefined {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') return { kind: 'undo' };
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (/^[1-9]$/.test(e.key)) return { kind: 'label', classIndex: Number(e.key) - 1 };
  if (e.key === 'Enter' || e.key === 'ArrowDown') return { kind: 'move', by: 1 };
  if (e.key === 'ArrowUp') return { kind: 'move', by: -1 };
  if (e.key === 'Delete' || e.key === 'Backspace') return { kind: 'clear' };
  return undefined;
}

/** The set last labelled into, so reopening the view (another output, another tab) continues it. */
const LAST_SET_KEY = 'lifecycle-studio.label-set';

export function useLastSetName(): [string, (name: string) => void] {
  const [name, setName] = useState(() => {
    try {
      return localStorage.getItem(LAST_SET_KEY) ?? 'labels';
    } catch {
      return 'labels';
    }
  });
  const remember = (next: string) => {
    setName(next);
    try {
      localStorage.setItem(LAST_SET_KEY, next);
    } catch {
      // Storage refused (private mode): the name is kept for this view only.
    }
  };
  return [name, remember];
}

/** The number keys of the set's classes, or, while it has none, the form that names them. */
export function ClassKeys({ classes, suggestion, onClasses }: { classes: string[]; suggestion: string[]; onClasses(classes: string[]): void }) {
  const [draft, setDraft] = useState('');
  if (classes.length > 0) {
    return (
      <p className="label-view__keys">
        {classes.map((c, i) => (
          <span key={c} className="label-view__key">
            <kbd>{i + 1}</kbd> {c}
          </span>
        ))}
        <span className="label-view__hint">
          <kbd>Enter</kbd> next · <kbd>↑</kbd> back · <kbd>Delete</kbd> clear · <kbd>Ctrl+Z</kbd> undo
        </span>
      </p>
    );
  }
  return (
    <form
      className="label-view__classes"
      onSubmit={(e) => {
        e.preventDefault();
        const list = (draft || suggestion.join(', '))
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (list.length) onClasses([...new Set(list)].slice(0, 9));
      }}
    >
      <label>
        Classes (comma-separated, up to 9){' '}
        <input aria-label="Classes" value={draft} placeholder={suggestion.join(', ') || 'pos, neg'} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" className="button button-small">
        Start labelling
      </button>
    </form>
  );
}

export interface RowViewProps {
  row: LabelRow;
  /** Position in the current order. */
  at: number;
  current: boolean;
  /** Content columns shown: name and index into the row's cells. */
  shown: { n: string; i: number }[];
  /** The label given by hand, if any. */
  given?: string;
  /** The value of the table's own label column, if it has one. */
  before: unknown;
  scored: { prediction: boolean; confidence: boolean };
  onPick(): void;
}

/** One row: position, content cells, the label (a corrected input label struck through), prediction and confidence. */
export function LabelRowView({ row, at, current, shown, given, before, scored, onPick }: RowViewProps) {
  const had = before === null || before === undefined ? undefined : String(before);
  return (
    <div
      role="row"
      aria-rowindex={at + 1}
      aria-current={current}
      className={`label-view__row${current ? ' is-current' : ''}`}
      onClick={onPick}
      data-row={row.index}
    >
      <span role="gridcell" className="label-view__index">
        {row.index + 1}
      </span>
      {shown.map(({ n, i }) => (
        <span key={n} role="gridcell" title={cellText(row.cells[i])}>
          {cellText(row.cells[i])}
        </span>
      ))}
      <span role="gridcell" className={`label-view__label${given !== undefined ? ' is-given' : ''}`} data-testid="row-label">
        {given ?? had ?? ''}
        {given !== undefined && had !== undefined && had !== given && <s className="label-view__was">{had}</s>}
      </span>
      {scored.prediction && <span role="gridcell">{row.prediction ?? ''}</span>}
      {scored.confidence && <span role="gridcell">{row.confidence === undefined ? '' : row.confidence.toFixed(2)}</span>}
    </div>
  );
}
