/** The charts the window draws for a monitor run: drift per column, one column's distributions, drift over time. */
import { binnedShares } from '../../engine/monitor/binning.js';
import type { ColumnDrift, ColumnProfile } from '../../engine/monitor/compare.js';
import type { Chart } from '../../engine/values.js';
import type { WindowDrift } from './time-windows.js';

export function driftScoreChart(columns: readonly ColumnDrift[]): Chart {
  const tested = columns.filter((c) => c.score !== null);
  return {
    type: 'bars',
    id: 'drift-scores',
    title: 'Drift score per column (p-values: drift below the threshold; distances: at or above it)',
    labels: tested.map((c) => `${c.column} (${c.method})`),
    series: [
      { name: 'score', values: tested.map((c) => c.score!) },
      { name: 'threshold', values: tested.map((c) => c.threshold!) },
    ],
  };
}

/** The column to chart: the one asked for, else the first that drifted, else the first compared. */
export function chartColumnOf(columns: readonly ColumnDrift[], asked: string): string | undefined {
  if (asked) return asked;
  return (columns.find((c) => c.drifted) ?? columns.find((c) => c.score !== null))?.column;
}

export function distributionChart(column: string, reference?: ColumnProfile, current?: ColumnProfile): Chart | undefined {
  if (!reference?.sample.n || !current?.sample.n) return undefined;
  const b = binnedShares(reference.sample, current.sample);
  return {
    type: 'bars',
    id: 'distribution',
    title: `${column}: reference vs current (share of rows)`,
    labels: b.labels,
    series: [
      { name: 'reference', values: b.reference },
      { name: 'current', values: b.current },
    ],
  };
}

/** One line per column: drift score per time window, x in minutes since the first window began. */
export function windowChart(rows: readonly WindowDrift[]): Chart | undefined {
  if (!rows.length) return undefined;
  const origin = Date.parse(rows[0].start);
  const byColumn = new Map<string, [number, number][]>();
  for (const r of rows) {
    if (r.score === null) continue;
    const points = byColumn.get(r.column) ?? [];
    points.push([(Date.parse(r.start) - origin) / 60000, r.score]);
    byColumn.set(r.column, points);
  }
  return {
    type: 'line',
    id: 'drift-over-time',
    title: 'Drift score per column over time',
    x: `minutes since ${rows[0].start}`,
    series: [...byColumn.entries()].map(([name, points]) => ({ name, points })),
  };
}
