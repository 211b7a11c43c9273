/**
 * Column headers of the grid: name (click to sort), type, missing share and a small distribution
 * sketch from the engine's profile.
 */
import type { TableProfile } from '../../engine/engine-types.js';
import type { ColumnInfo } from '../../engine/values.js';
import { MiniHistogram } from './mini-histogram.js';
import type { SortSpec } from './use-paged-table.js';

export const COLUMN_WIDTH = 150;
export const ROW_NUMBER_WIDTH = 72;

/** Share of missing cells (the profile's `count` excludes them), "3.4%" with one decimal, or "<0.1%" so a few missing cells never read as none. */
export function missingShare(missing: number, total: number): string {
  if (total === 0 || missing === 0) return '0%';
  const pct = (missing / total) * 100;
  return pct < 0.1 ? '<0.1%' : `${pct.toFixed(1)}%`;
}

export interface GridHeaderProps {
  columns: ColumnInfo[];
  profile?: TableProfile;
  sort: SortSpec;
  onSort(column: string): void;
  width: number;
}

export function GridHeader({ columns, profile, sort, onSort, width }: GridHeaderProps) {
  const byName = new Map(profile?.columns.map((c) => [c.name, c]));
  return (
    <div className="grid-header" role="row" style={{ width }}>
      <div className="grid-header__cell grid-cell--rownum" role="columnheader">
        #
      </div>
      {columns.map((c) => {
        const p = byName.get(c.name);
        const sorted = sort?.column === c.name ? sort.direction : undefined;
        return (
          <div
            key={c.name}
            className="grid-header__cell"
            role="columnheader"
            aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
            data-column={c.name}
          >
            <button type="button" className="grid-header__name" onClick={() => onSort(c.name)} title={`Sort by ${c.name}`}>
              {c.name} {sorted === 'asc' ? '↑' : sorted === 'desc' ? '↓' : ''}
            </button>
            <div className="grid-header__meta">
              <span className="grid-header__type">{c.type}</span>
              {p && (
                <span
                  className="grid-header__missing"
                  title={`${p.missing.toLocaleString('en-US')} missing of ${(p.count + p.missing).toLocaleString('en-US')}`}
                >
                  {missingShare(p.missing, p.count + p.missing)} missing
                </span>
              )}
            </div>
            {p && <MiniHistogram profile={p} width={COLUMN_WIDTH - 14} height={14} />}
          </div>
        );
      })}
    </div>
  );
}
