/**
 * Two dataset versions' profiles side by side: per column (both versions' columns, in the first's
 * order, then the second's own) missing share, distinct count, mean, range and top values, a figure
 * that differs marked; a column only one version has says so.
 */
import type { DatasetColumn, DatasetDetail, DatasetListItem } from '../../engine/datasets/dataset-types.js';
import { figure, fileName, percent, rowsText, topText } from './format.js';

type Cell = { text: string; key: string };

function cells(c: DatasetColumn): Cell[] {
  const range = c.min === undefined ? '' : `${figure(c.min)} – ${figure(c.max)}`;
  return [
    { text: percent(c.missingShare), key: 'missing' },
    { text: c.distinct.toLocaleString('en-US'), key: 'distinct' },
    { text: c.mean === undefined ? '' : figure(c.mean), key: 'mean' },
    { text: range, key: 'range' },
    { text: topText(c), key: 'top' },
  ];
}

const HEADS = ['Missing', 'Distinct', 'Mean', 'Min – max', 'Top values'];

function Side({ own, other }: { own?: DatasetColumn; other?: DatasetColumn }) {
  if (!own) {
    return (
      <td colSpan={HEADS.length} className="datasets-absent">
        not in this version
      </td>
    );
  }
  const mine = cells(own);
  const theirs = other ? cells(other) : [];
  return (
    <>
      {mine.map((c, i) => {
        const changed = other !== undefined && theirs[i]?.text !== c.text;
        return (
          <td
            key={c.key}
            className={`${i < 4 ? 'num' : 'datasets-top'}${changed ? ' is-changed' : ''}${i === 0 ? ' datasets-side' : ''}`}
            data-changed={changed || undefined}
          >
            {c.text}
          </td>
        );
      })}
    </>
  );
}

export interface CompareProps {
  a: DatasetDetail;
  b?: DatasetDetail;
  choices: DatasetListItem[];
  compareWith?: string;
  onCompareWith(id: string | undefined): void;
}

export function DatasetCompare({ a, b, choices, compareWith, onCompareWith }: CompareProps) {
  const label = (d: { path: string; version: number }) => `${fileName(d.path)} v${d.version}`;
  const names = [...a.columns.map((c) => c.name), ...(b?.columns ?? []).map((c) => c.name).filter((n) => !a.columns.some((c) => c.name === n))];
  return (
    <section className="datasets-compare" aria-label="Compare versions" data-testid="dataset-compare">
      <div className="datasets-compare__head">
        <h4 className="datasets-section">Compare with</h4>
        <select
          aria-label="Version to compare with"
          data-testid="compare-with"
          value={compareWith ?? ''}
          onChange={(e) => onCompareWith(e.target.value || undefined)}
        >
          <option value="">(none)</option>
          {choices
            .filter((d) => d.id !== a.id)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {label(d)} · {d.id}
              </option>
            ))}
        </select>
      </div>
      {b && (
        <div className="models-table-scroll">
          <table className="models-table models-table--plain datasets-compare__table" aria-label="Profiles side by side">
            <thead>
              <tr>
                <th rowSpan={2}>Column</th>
                <th colSpan={HEADS.length} className="datasets-side">
                  {label(a)} <span className="models-muted">{rowsText(a.rows)}</span>
                </th>
                <th colSpan={HEADS.length} className="datasets-side">
                  {label(b)} <span className="models-muted">{rowsText(b.rows)}</span>
                </th>
              </tr>
              <tr>
                {[...HEADS, ...HEADS].map((h, i) => (
                  <th key={i} className={`${i % HEADS.length < 4 ? 'num' : ''}${i % HEADS.length === 0 ? ' datasets-side' : ''}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((name) => {
                const ca = a.columns.find((c) => c.name === name);
                const cb = b.columns.find((c) => c.name === name);
                return (
                  <tr key={name} data-column={name}>
                    <td>
                      <code>{name}</code>
                    </td>
                    <Side own={ca} other={cb} />
                    <Side own={cb} other={ca} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
