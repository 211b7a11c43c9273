/**
 * Table params: a small table pasted (a spreadsheet's tab-separated copy, or CSV, with a header
 * row) or typed cell by cell. Column types are detected on paste and can be changed; cells that do
 * not fit their column's type are marked with the validator's message. Generic: any def with a
 * `table` param gets this editor.
 */
import { useState } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { TABLE_CELL_TYPES, type TableCellType, type TableData, type TableParam } from '../../../engine/node-def.js';
import { TABLE_PARAM_LIMITS } from '../../../engine/graph/table-param.js';
import { tableFromText } from '../../../engine/graph/table-paste.js';
import type { WidgetProps } from './widget-props.js';
import './table-input.css';

/** Rows drawn as inputs; a longer table is still kept whole, and edited by pasting it again. */
const SHOWN_ROWS = 200;

const asTable = (value: unknown): TableData => {
  const t = value as TableData | null;
  return t && Array.isArray(t.columns) && Array.isArray(t.rows) ? t : { columns: [], rows: [] };
};

export interface TableInputProps extends WidgetProps<TableParam> {
  path: string;
  errors: ReadonlyMap<string, string>;
}

/** Messages about the table as a whole or its cells, in the order the validator gave them. */
function tableMessages(errors: ReadonlyMap<string, string>, path: string): string[] {
  return [...errors].filter(([at]) => at === path || at.startsWith(`${path}.`) || at.startsWith(`${path}[`)).map(([, m]) => m);
}

/** The paste box: a paste replaces the table at once; typed text is read on "Use as table". */
function PasteBox({ id, onTable }: { id: string; onTable(t: TableData): void }) {
  const [text, setText] = useState('');
  return (
    <div className="table-param-paste">
      <textarea
        id={`${id}-paste`}
        className="field-input field-area field-code"
        rows={2}
        aria-label="Paste a table"
        placeholder="Paste cells from a spreadsheet or CSV here, header row first"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData('text/plain');
          if (!pasted) return;
          e.preventDefault();
          onTable(tableFromText(pasted));
          setText('');
        }}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <button
        type="button"
        className="button button-small"
        disabled={text.trim() === ''}
        onClick={() => {
          onTable(tableFromText(text));
          setText('');
        }}
      >
        Use as table
      </button>
    </div>
  );
}

/** Widget for `table` params. */
export function TableInput({ id, value, onChange, invalid, path, errors }: TableInputProps) {
  const table = asTable(value);
  const { columns, rows } = table;
  const set = (next: Partial<TableData>) => onChange({ columns, rows, ...next });
  const setColumn = (c: number, patch: Partial<{ name: string; type: TableCellType }>) =>
    set({ columns: columns.map((col, i) => (i === c ? { ...col, ...patch } : col)) });
  const setCell = (r: number, c: number, cell: string) =>
    set({ rows: rows.map((row, i) => (i === r ? row.map((x, j) => (j === c ? (cell === '' ? null : cell) : x)) : row)) });
  const messages = tableMessages(errors, path);
  const cellError = (r: number, c: number) => errors.get(`${path}.rows[${r}][${c}]`);
  return (
    <div id={id} className="table-param" role="group" aria-invalid={invalid}>
      <PasteBox id={id} onTable={(t) => onChange(t)} />
      <p className="table-param-size" data-testid="table-param-size">
        {rows.length} rows × {columns.length} columns
        <span className="table-param-limit">
          {' '}
          (at most {TABLE_PARAM_LIMITS.maxRows.toLocaleString('en-US')} × {TABLE_PARAM_LIMITS.maxColumns})
        </span>
      </p>
      {columns.length > 0 && (
        <div className="table-param-scroll">
          <table className="table-param-grid">
            <thead>
              <tr>
                <th aria-hidden />
                {columns.map((col, c) => (
                  <th key={c}>
                    <input
                      className="table-param-name"
                      aria-label={`Column ${c + 1} name`}
                      value={col.name}
                      onChange={(e) => setColumn(c, { name: e.target.value })}
                    />
                    <span className="table-param-col-tools">
                      <select
                        aria-label={`Column ${col.name || c + 1} type`}
                        value={col.type}
                        onChange={(e) => setColumn(c, { type: e.target.value as TableCellType })}
                      >
                        {TABLE_CELL_TYPES.map((t) => (
                          <option key={t} value={t}>
                            {t}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        className="icon-button danger"
                        aria-label={`Remove column ${col.name || c + 1}`}
                        onClick={() => set({ columns: columns.filter((_, i) => i !== c), rows: rows.map((row) => row.filter((_, i) => i !== c)) })}
                      >
                        <Trash2 size={12} aria-hidden />
                      </button>
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN_ROWS).map((row, r) => (
                <tr key={r}>
                  <th scope="row">
                    <button
                      type="button"
                      className="table-param-row-index"
                      aria-label={`Remove row ${r + 1}`}
                      title="Remove this row"
                      onClick={() => set({ rows: rows.filter((_, i) => i !== r) })}
                    >
                      {r + 1}
                    </button>
                  </th>
                  {row.map((cell, c) => {
                    const problem = cellError(r, c);
                    return (
                      <td key={c}>
                        <input
                          className="table-param-cell"
                          aria-label={`Row ${r + 1}, ${columns[c]?.name || `column ${c + 1}`}`}
                          aria-invalid={!!problem}
                          title={problem}
                          value={cell ?? ''}
                          onChange={(e) => setCell(r, c, e.target.value)}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > SHOWN_ROWS && (
        <p className="field-help">
          Rows {SHOWN_ROWS + 1} to {rows.length} are kept but not shown: paste the table again to change them.
        </p>
      )}
      {messages.length > 0 && (
        <ul className="table-param-errors" role="alert">
          {messages.slice(0, 5).map((m) => (
            <li key={m}>{m}</li>
          ))}
          {messages.length > 5 && <li>…and {messages.length - 5} more</li>}
        </ul>
      )}
      <div className="table-param-actions">
        <button type="button" className="button button-small" disabled={columns.length === 0} onClick={() => set({ rows: [...rows, columns.map(() => null)] })}>
          <Plus size={13} aria-hidden /> Add row
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => set({ columns: [...columns, { name: `column_${columns.length + 1}`, type: 'text' }], rows: rows.map((row) => [...row, null]) })}
        >
          <Plus size={13} aria-hidden /> Add column
        </button>
      </div>
    </div>
  );
}
