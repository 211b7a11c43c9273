/**
 * Column and columns params: pickers filled from the upstream table's schema once a run reported
 * it; free text (with the same validation) before that.
 */
import type { ColumnParam, ColumnsParam } from '../../../engine/node-def.js';
import { useUpstreamColumns } from '../use-upstream-columns.js';
import { ChipsInput } from './chips-input.js';
import type { WidgetProps } from './widget-props.js';

/** Picker for one column of the upstream table (free text until its schema is known). */
export function ColumnInput({ id, spec, value, onChange, invalid, nodeId }: WidgetProps<ColumnParam>) {
  const columns = useUpstreamColumns(nodeId, spec.port);
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

/** Picker for several columns of the upstream table (chips until its schema is known). */
export function ColumnsInput({ id, spec, value, onChange, invalid, nodeId }: WidgetProps<ColumnsParam>) {
  const columns = useUpstreamColumns(nodeId, spec.port);
  const values = Array.isArray(value) ? value.map(String) : [];
  if (!columns) return <ChipsInput id={id} values={values} onChange={onChange} placeholder="column names (run upstream to pick)" invalid={invalid} />;
  const toggle = (c: string) => onChange(values.includes(c) ? values.filter((v) => v !== c) : [...values, c]);
  return (
    <div id={id} className={`column-checks${invalid ? ' is-invalid' : ''}`} role="group" aria-invalid={invalid}>
      <div className="column-checks-actions">
        <button type="button" className="link-button" onClick={() => onChange([...columns])}>
          All
        </button>
        <button type="button" className="link-button" onClick={() => onChange([])}>
          None
        </button>
      </div>
      {columns.map((c) => (
        <label key={c} className="column-check">
          <input type="checkbox" checked={values.includes(c)} onChange={() => toggle(c)} /> <span>{c}</span>
        </label>
      ))}
      {values
        .filter((v) => !columns.includes(v))
        .map((v) => (
          <label key={v} className="column-check is-missing">
            <input type="checkbox" checked onChange={() => toggle(v)} /> <span>{v} (not in the table)</span>
          </label>
        ))}
    </div>
  );
}
