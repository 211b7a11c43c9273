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
import { ClassKeys, LabelRowView, labelKeyAction, useLastSetName } from './label-view-parts.js';
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

export function LabelView({ value }: { value: TableValue }) {
  const api = useStudioApi();
  const [setName, setSetName] = useLastSetName();
  const [nameDraft, setNameDraft] = useState(setName);
  const editor = useLabelSet(api, setName);
  const column = editor.set?.column;
  const { names, rows, error } = useRows(value, column);
  const [leastFirst, setLeastFirst] = useState(false);
  const [cursor, setCursor] = useState(0);
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
  const has = { prediction: scored.predicted !== undefined, confidence: scored.probabilities.length > 0 };

  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [cursor, leastFirst]);

  const onKey = (e: KeyboardEvent) => {
    const action = labelKeyAction(e);
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    const row = ordered[cursor];
    if (action.kind === 'undo') editor.undo();
    else if (action.kind === 'move') setCursor((c) => Math.max(0, Math.min(c + action.by, ordered.length - 1)));
    else if (row && action.kind === 'clear') editor.label(row.key, null);
    else if (row && action.kind === 'label' && classes[action.classIndex] !== undefined) editor.label(row.key, classes[action.classIndex]);
  };

  if (error || editor.error) return <p className="bottom-panel__empty label-view__error">{error ?? editor.error}</p>;
  if (!editor.set || !rows) return <p className="bottom-panel__empty">Loading rows and labels…</p>;
  const first = Math.max(0, cursor - BEFORE);
  const template = [
    '3.5em',
    // Bounded content columns (every row is its own grid, so no content-based sizing), so the label sits beside the row.
    ...shown.map(() => 'minmax(6em, 18em)'),
    '9em',
    ...(has.prediction ? ['8em'] : []),
    ...(has.confidence ? ['7.5em'] : []),
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
        {has.confidence && (
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
      <ClassKeys classes={classes} suggestion={suggestedClasses(names, rows, editor.set.column)} onClasses={editor.setClasses} />
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
          {has.prediction && <span role="columnheader">prediction</span>}
          {has.confidence && <span role="columnheader">confidence</span>}
        </div>
        {ordered.slice(first, cursor + AFTER).map((row, i) => (
          <LabelRowView
            key={row.key + (first + i)}
            row={row}
            at={first + i}
            current={first + i === cursor}
            shown={shown}
            given={labels[row.key]}
            before={labelAt >= 0 ? row.cells[labelAt] : null}
            scored={has}
            onPick={() => setCursor(first + i)}
          />
        ))}
      </div>
    </div>
  );
}
