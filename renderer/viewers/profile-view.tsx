/**
 * The Profile tab: every column's statistics in one list, and the selected column's histogram or
 * top values drawn large.
 */
import { useMemo, useState } from 'react';
import type { ColumnProfile, TableProfile } from '../../engine/engine-types.js';
import { chartOption, type EChart } from './chart-options.js';
import { EChartView } from './echart-view.js';
import { missingShare } from './grid-header.js';
import { formatNumber, MiniHistogram } from './mini-histogram.js';

const fmt = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : v);

/** True when no value repeats (an id): its top values would be bars of one row each, which say nothing. */
export function allValuesUnique(column: ColumnProfile): boolean {
  if (column.histogram || column.count < 2) return false;
  // The most frequent value held by one row means every value is held by one row.
  const top = column.topValues?.length ? Math.max(...column.topValues.map((t) => t.count)) : undefined;
  return column.distinct === column.count || top === 1;
}

/** The selected column's distribution as a bars chart (the same drawing path as node charts). */
export function distributionChart(column: ColumnProfile): EChart | undefined {
  if (allValuesUnique(column)) return undefined;
  if (column.histogram && column.histogram.bins.length > 0) {
    const bins = column.histogram.bins;
    return {
      type: 'bars',
      id: `hist-${column.name}`,
      title: `${column.name}: histogram`,
      labels: bins.map((b) => `${formatNumber(b.from)}–${formatNumber(b.to)}`),
      series: [{ name: 'rows', values: bins.map((b) => b.count) }],
    };
  }
  if (column.topValues && column.topValues.length > 0) {
    return {
      type: 'bars',
      id: `top-${column.name}`,
      title: `${column.name}: top values`,
      labels: column.topValues.map((t) => t.value ?? '(missing)'),
      series: [{ name: 'rows', values: column.topValues.map((t) => t.count) }],
    };
  }
  return undefined;
}

/**
 * @example
 * <ProfileView profile={profile} />
 */
export function ProfileView({ profile }: { profile: TableProfile }) {
  const [selected, setSelected] = useState(profile.columns[0]?.name);
  const column = profile.columns.find((c) => c.name === selected) ?? profile.columns[0];
  const chart = useMemo(() => (column ? distributionChart(column) : undefined), [column]);
  const option = useMemo(() => (chart ? chartOption(chart) : undefined), [chart]);
  return (
    <div className="profile-view" data-testid="profile-view">
      <div className="profile-view__list">
        <table className="stats-table">
          <thead>
            <tr>
              <th>column</th>
              <th>type</th>
              <th className="num">missing</th>
              <th className="num">missing %</th>
              <th className="num">distinct</th>
              <th className="num">min</th>
              <th className="num">max</th>
              <th className="num">mean</th>
              <th className="num">std</th>
              <th className="num">median</th>
              <th>distribution</th>
            </tr>
          </thead>
          <tbody>
            {profile.columns.map((c) => (
              <tr key={c.name} data-column={c.name} aria-selected={c.name === column?.name} onClick={() => setSelected(c.name)}>
                <td>{c.name}</td>
                <td>{c.type}</td>
                <td className="num" data-testid={`missing-${c.name}`}>
                  {c.missing.toLocaleString('en-US')}
                </td>
                <td className="num">{missingShare(c.missing, c.count + c.missing)}</td>
                <td className="num">{c.distinct.toLocaleString('en-US')}</td>
                <td className="num">{fmt(c.min)}</td>
                <td className="num">{fmt(c.max)}</td>
                <td className="num">{fmt(c.mean)}</td>
                <td className="num">{fmt(c.std)}</td>
                <td className="num" title={c.approximateQuantiles ? 'Estimated on a large table' : undefined}>
                  {c.approximateQuantiles ? '≈ ' : ''}
                  {fmt(c.quantiles?.['50%'])}
                </td>
                <td>
                  <MiniHistogram profile={c} width={90} height={16} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="profile-view__rows">{profile.rowCount.toLocaleString('en-US')} rows</p>
      </div>
      <div className="profile-view__detail">
        {column && (
          <>
            {column.quantiles && (
              <p className="profile-view__quantiles">
                <strong>{column.name}</strong> quantiles{column.approximateQuantiles ? ' (estimated on a large table)' : ''}:{' '}
                {Object.entries(column.quantiles)
                  .map(([q, v]) => `${q} ${fmt(v)}`)
                  .join(' · ')}
              </p>
            )}
            {option ? (
              <EChartView option={option} height={260} testId="profile-chart" />
            ) : allValuesUnique(column) ? (
              <p data-testid="profile-unique">
                All values unique: {column.distinct.toLocaleString('en-US')} different values in {column.count.toLocaleString('en-US')} rows (an id or a key,
                not a category).
              </p>
            ) : (
              <p>No distribution for this column.</p>
            )}
          </>
        )}
      </div>
    </div>
  );
}
