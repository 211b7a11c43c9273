/**
 * Column and columns params: pickers filled from the upstream table's schema once a run reported
 * it; free text (with the same validation) before that.
 */
import { useState } from 'react';
import type { ColumnParam, ColumnsParam } from '../../../engine/node-def.js';
import { useStudio } from '../../store/studio-store-context.js';
import { useUpstreamColumns } from '../use-upstream-columns.js';
import { ChipsInput } from './chips-input.js';
import type { WidgetProps } from './widget-props.js';

/** Picker for one column of the upstream table (free text until its schema is known). */
export function ColumnInput({ id, spec, value, onChange, invalid, nodeId, columns: known }: WidgetProps<ColumnParam>) {
  const fromUpstream = useUpstreamColumns(nodeId, spec.port);
  const columns = known ?? fromUpstream;
  const current = typeof value === 'string' ? value : '';
  if (!columns) {
    return (
      <input
        id={id}
        className="field-input field-mono"
        type="text"
        placeholder="column name (run upstream to pick from a list)"
        value={current}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <select id={id} className="field-input field-select" value={current} aria-invalid={invalid} onChange={(e) => onChange(e.target.value)}>
      <option value="">— choose a column —</option>
      {current && !columns.includes(current) && <option value={current}>{current} (not in the table)</option>}
      {columns.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );
}

/** Above this many columns the picker offers a search box. */
const SEARCH_FROM = 12;

/** The value of a sibling param of the edited node (the column another param already took). */
function useSiblingParam(nodeId: string, name: string | undefined): unknown {
  return useStudio((s) => (name ? s.doc.nodes.find((n) => n.id === nodeId)?.params[name] : undefined));
}

/** Picker for several columns of the upstream table (chips until its schema is known). */
export function ColumnsInput({ id, spec, value, onChange, invalid, nodeId, columns: known }: WidgetProps<ColumnsParam>) {
  const fromUpstream = useUpstreamColumns(nodeId, spec.port);
  const upstream = known ?? fromUpstream;
  const excluded = useSiblingParam(nodeId, spec.exclude);
  const [query, setQuery] = useState('');
  const values = Array.isArray(value) ? value.map(String) : [];
  if (!upstream) return <ChipsInput id={id} values={values} onChange={onChange} placeholder="column names (run upstream to pick)" invalid={invalid} />;
  const columns = upstream.filter((c) => c !== excluded);
  const shown = query ? columns.filter((c) => c.toLowerCase().includes(query.toLowerCase())) : columns;
  // Kept in the table's order, whatever order they were ticked in, so the output is predictable.
  const inTableOrder = (picked: string[]) => [...columns.filter((c) => picked.includes(c)), ...picked.filter((v) => !columns.includes(v))];
  const toggle = (c: string) => onChange(inTableOrder(values.includes(c) ? values.filter((v) => v !== c) : [...values, c]));
  return (
    <div id={id} className={`column-checks${invalid ? ' is-invalid' : ''}`} role="group" aria-invalid={invalid}>
      <div className="column-checks-actions">
        {columns.length > SEARCH_FROM && (
          <input
            type="search"
            className="field-input column-checks-search"
            placeholder="Search columns"
            aria-label="Search columns"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
        <span className="column-checks-count" aria-live="polite">
          {values.length} of {columns.length} chosen
        </span>
        <button type="button" className="link-button" onClick={() => onChange(inTableOrder([...new Set([...values, ...shown])]))}>
          {query ? 'All shown' : 'All'}
        </button>
        <button type="button" className="link-button" onClick={() => onChange(values.filter((v) => !shown.includes(v)))}>
          None
        </button>
      </div>
      {shown.map((c) => (
        <label key={c} className="column-check">
          <input type="checkbox" checked={values.includes(c)} onChange={() => toggle(c)} /> <span>{c}</span>
        </label>
      ))}
      {shown.length === 0 && <p className="empty-text">No column matches "{query}"</p>}
      {values
        .filter((v) => !upstream.includes(v) || v === excluded)
        .map((v) => (
          <label key={v} className="column-check is-missing">
            <input type="checkbox" checked onChange={() => toggle(v)} />{' '}
            <span>
              {v} {v === excluded ? `(chosen as ${spec.exclude})` : '(not in the table)'}
            </span>
          </label>
        ))}
    </div>
  );
}
