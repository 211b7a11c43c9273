/**
 * Records params: a list of small forms (clean steps, rules). Rows can be added, removed and moved;
 * each row's fields honour `showWhen` against the row's own values.
 */
import type { ReactNode } from 'react';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { documentDefaults, isParamVisible, type RecordsParam, type SimpleParamSpec } from '../../../engine/node-def.js';
import { columnsBeforeSteps } from '../step-columns.js';
import { useUpstreamColumns } from '../use-upstream-columns.js';
import type { WidgetProps } from './widget-props.js';

type Row = Record<string, unknown>;

export interface RecordsInputProps extends WidgetProps<RecordsParam> {
  path: string;
  renderField(field: RecordField): ReactNode;
}

/** One field of one row, as handed to the form; `columns` is what the rows above left to pick from. */
export interface RecordField {
  id: string;
  name: string;
  spec: SimpleParamSpec;
  value: unknown;
  path: string;
  columns?: readonly string[];
  onChange(v: unknown): void;
}

/** The input port the row's column pickers read (the first one named by a field). */
function pickerPort(spec: RecordsParam): string {
  const picker = Object.values(spec.fields).find((f) => f.kind === 'column' || f.kind === 'columns');
  return picker && 'port' in picker ? picker.port : '';
}

/** Widget for `records` params: rows of small forms. */
export function RecordsInput({ id, spec, value, onChange, path, renderField, nodeId }: RecordsInputProps) {
  const rows: Row[] = Array.isArray(value) ? (value as Row[]) : [];
  const upstream = useUpstreamColumns(nodeId, pickerPort(spec));
  const seen = upstream ? columnsBeforeSteps(upstream, rows) : undefined;
  const setRow = (i: number, row: Row) => onChange(rows.map((r, j) => (j === i ? row : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row);
    onChange(next);
  };
  const itemName = spec.itemLabel?.replace(/^Add\s+/i, '') ?? 'row';
  return (
    <div id={id} className="records" role="group">
      {rows.length === 0 && <p className="empty-text">No {itemName}s yet.</p>}
      <ol className="records-list">
        {rows.map((row, i) => {
          const values = { ...(documentDefaults(spec.fields) as Row), ...row };
          return (
            <li key={i} className="records-row" aria-label={`${itemName} ${i + 1}`}>
              <div className="records-row-head">
                <span className="records-row-index">{i + 1}</span>
                <span className="records-row-actions">
                  <button type="button" className="icon-button" aria-label={`Move ${itemName} ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    <ArrowUp size={13} aria-hidden />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${itemName} ${i + 1} down`}
                    disabled={i === rows.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <ArrowDown size={13} aria-hidden />
                  </button>
                  <button
                    type="button"
                    className="icon-button danger"
                    aria-label={`Remove ${itemName} ${i + 1}`}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    <Trash2 size={13} aria-hidden />
                  </button>
                </span>
              </div>
              {Object.entries(spec.fields)
                .filter(([, f]) => isParamVisible(f, values))
                .map(([name, f]) =>
                  renderField({
                    id: `${id.replace(/^param-/, '')}-${i}-${name}`,
                    name,
                    spec: f,
                    value: values[name],
                    path: `${path}[${i}].${name}`,
                    columns: seen?.[i],
                    onChange: (v) => setRow(i, { ...values, [name]: v }),
                  }),
                )}
            </li>
          );
        })}
      </ol>
      <button type="button" className="button button-small" onClick={() => onChange([...rows, documentDefaults(spec.fields)])}>
        <Plus size={13} aria-hidden /> {spec.itemLabel ?? 'Add row'}
      </button>
    </div>
  );
}
