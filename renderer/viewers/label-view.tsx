/**
 * The labelling view of a table output: walk the rows with the keyboard and give each a label
 * (number key per class, Enter or ↓ for the next row, ↑ back, Delete clears, Ctrl+Z undoes).
 * On a scored table it shows the model's prediction and confidence and can put the least
 * confident rows first. Labels go to a label set in the workspace, keyed by row content; the
 * Labels node joins them onto the table.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TableValue } from '../../engine/values.js';
import { useStudioApi } from '../store/api-context.js';
import { labelRows, leastConfidentFirst, scoredColumns, type LabelRow } from './label-rows.js';
import { useLabelSet } from './use-label-set.js';
import { cellText } from './cell-text.js';
import './label-view.css';

/** Rows read for labelling: one page (the page request's largest); labelling by hand is for fewer. */
const MAX_ROWS = 10_000;
/** Rows drawn around the current one. */
const BEFORE = 8;
const AFTER = 30;
const SHOWN_COLUMNS = 4;

function useRows(table: TableValue, labelColumn: string | undefined) {
  const api = useStudioApi();
  const [page, setPage] = useState<{ names: string[]; rows: unknown[][] }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const limit = Math.max(1, Math.min(table.rowCount, MAX_ROWS));
    api.page({ table: table.table, offset: 0, limit }).then(
      (p) => live && setPage({ names: p.columns.map((c) => c.name), rows: p.rows }),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, table.table, table.rowCount]);
  const rows = useMemo(() => (page && labelColumn ? labelRows(page.names, page.rows, labelColumn) : undefined), [page, labelColumn]);
  return { names: page?.names ?? [], rows, error };
}

/** Classes to offer when the set has none yet: the model's classes, else the values of an existing label column. */
function suggestedClasses(names: string[], rows: LabelRow[] | undefined, labelColumn: string): string[] {
  const scored = scoredColumns(names).probabilities.map((p) => p.label);
  if (scored.length) return scored.slice(0, 9);
  const at = names.indexOf(labelColumn);
  if (at < 0 || !rows) return [];
  return [
    ...new Set(
      rows
        .map((r) => r.cells[at])
        .filter((v) => v !== null)
        .map(String),
    ),
  ]
    .sort()
    .slice(0, 9);
}

/** The set last labelled into, so reopening the view (another output, another tab) continues it. */
const LAST_SET_KEY = 'lifecycle-studio.label-set';
function lastSetName(): string {
  try {
    return localStorage.getItem(LAST_SET_KEY) ?? 'labels';
  } catch {
    return 'labels';
  }
}

export function LabelView({ value }: { value: TableValue }) {
  const api = useStudioApi();
  const [setName, setSetNameState] = useState(lastSetName);
  const [nameDraft, setNameDraft] = useState(setName);
  const setSetName = (name: string) => {
    setSetNameState(name);
    try {
      localStorage.setItem(LAST_SET_KEY, name);
    } catch {
      // Storage refused (private mode): the name is kept for this view only.
    }
  };
  const editor = useLabelSet(api, setName);
  const column = editor.set?.column;
  const { names, rows, error } = useRows(value, column);
  const [leastFirst, setLeastFirst] = useState(false);
  const [cursor, setCursor] = useState(0);
  const [classesDraft, setClassesDraft] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const ordered = useMemo(() => (rows ? (leastFirst ? leastConfidentFirst(rows) : rows) : []), [rows, leastFirst]);
  const scored = scoredColumns(names);
  const labelAt = column ? names.indexOf(column) : -1;
  const shown = names
    .map((n, i) => ({ n, i }))
    .filter(({ n, i }) => i !== labelAt && !n.startsWith('predicted_') && !n.startsWith('probability_'))
    .slice(0, SHOWN_COLUMNS);
  const classes = editor.set?.classes ?? [];
  const labels = editor.set?.labels ?? {};
  const labelled = ordered.filter((r) => labels[r.key] !== undefined).length;

  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [cursor, leastFirst]);

  const onKey = (e: KeyboardEvent) => {
    const row = ordered[cursor];
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      handled();
      editor.undo();
    } else if (/^[1-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      handled();
      const cls = classes[Number(e.key) - 1];
      if (row && cls !== undefined) editor.label(row.key, cls);
    } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
      handled();
      setCursor((c) => Math.min(c + 1, ordered.length - 1));
    } else if (e.key === 'ArrowUp') {
      handled();
      setCursor((c) => Math.max(c - 1, 0));
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && row) {
      handled();
      editor.label(row.key, null);
    }
  };

  if (error || editor.error) return <p className="bottom-panel__empty label-view__error">{error ?? editor.error}</p>;
  if (!editor.set || !rows) return <p className="bottom-panel__empty">Loading rows and labels…</p>;
  const suggestion = suggestedClasses(names, rows, editor.set.column);
  const first = Math.max(0, cursor - BEFORE);
  const template = [
    '3.5em',
    // Bounded content columns (every row is its own grid, so no content-based sizing), so the label sits beside the row.
    ...shown.map(() => 'minmax(6em, 18em)'),
    '9em',
    ...(scored.predicted !== undefined ? ['8em'] : []),
    ...(scored.probabilities.length ? ['6em'] : []),
    '1fr',
  ].join(' ');
  return (
    <div className="label-view" data-testid="label-view">
      <div className="label-view__bar">
        <label>
          Label set{' '}
          <input
            className="label-view__set"
            value={nameDraft}
            aria-label="Label set"
            onChange={(e) => setNameDraft(e.target.value)}
            onBlur={() => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(nameDraft) && setSetName(nameDraft)}
            onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          />
        </label>
        <span className="label-view__count" data-testid="label-count">
          {labelled} of {ordered.length} rows labelled
          {value.rowCount > ordered.length ? ` (the first ${ordered.length.toLocaleString('en-US')} of ${value.rowCount.toLocaleString('en-US')})` : ''}
        </span>
        {scored.probabilities.length > 0 && (
          <label className="label-view__toggle">
            <input
              type="checkbox"
              checked={leastFirst}
              onChange={(e) => {
                setLeastFirst(e.target.checked);
                setCursor(0);
              }}
            />{' '}
            Least confident first
          </label>
        )}
      </div>
      {classes.length === 0 ? (
        <form
          className="label-view__classes"
          onSubmit={(e) => {
            e.preventDefault();
            const list = (classesDraft || suggestion.join(', '))
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            if (list.length) editor.setClasses([...new Set(list)].slice(0, 9));
          }}
        >
          <label>
            Classes (comma-separated, up to 9){' '}
            <input
              aria-label="Classes"
              value={classesDraft}
              placeholder={suggestion.join(', ') || 'pos, neg'}
              onChange={(e) => setClassesDraft(e.target.value)}
            />
          </label>
          <button type="submit" className="button button-small">
            Start labelling
          </button>
        </form>
      ) : (
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
      )}
      <div
        className="label-view__rows"
        ref={listRef}
        tabIndex={0}
        role="grid"
        aria-label="Rows to label"
        aria-rowcount={ordered.length}
        onKeyDown={onKey}
        data-testid="label-rows"
        style={{ ['--label-columns' as string]: template }}
      >
        <div className="label-view__row label-view__head" role="row">
          <span role="columnheader">#</span>
          {shown.map(({ n }) => (
            <span key={n} role="columnheader">
              {n}
            </span>
          ))}
          <span role="columnheader">{editor.set.column}</span>
          {scored.predicted !== undefined && <span role="columnheader">prediction</span>}
          {scored.probabilities.length > 0 && <span role="columnheader">confidence</span>}
        </div>
        {ordered.slice(first, cursor + AFTER).map((row, i) => {
          const at = first + i;
          const given = labels[row.key];
          const before = labelAt >= 0 ? row.cells[labelAt] : null;
          return (
            <div
              key={row.key + at}
              role="row"
              aria-rowindex={at + 1}
              aria-current={at === cursor}
              className={`label-view__row${at === cursor ? ' is-current' : ''}`}
              onClick={() => setCursor(at)}
              data-row={row.index}
            >
              <span role="gridcell" className="label-view__index">
                {row.index + 1}
              </span>
              {shown.map(({ n, i: c }) => (
                <span key={n} role="gridcell" title={cellText(row.cells[c])}>
                  {cellText(row.cells[c])}
                </span>
              ))}
              <span role="gridcell" className={`label-view__label${given !== undefined ? ' is-given' : ''}`} data-testid="row-label">
                {given ?? (before === null || before === undefined ? '' : String(before))}
                {given !== undefined && before !== null && before !== undefined && String(before) !== given && (
                  <s className="label-view__was">{String(before)}</s>
                )}
              </span>
              {scored.predicted !== undefined && <span role="gridcell">{row.prediction ?? ''}</span>}
              {scored.probabilities.length > 0 && <span role="gridcell">{row.confidence === undefined ? '' : row.confidence.toFixed(2)}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
