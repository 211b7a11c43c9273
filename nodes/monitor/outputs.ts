/** The monitor's tables and its metrics value, from the comparison's results. */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { DriftSummary } from '../../engine/monitor/compare.js';
import type { MetricsValue, TableValue } from '../../engine/values.js';
import type { WindowDrift } from './time-windows.js';

export async function writeColumnsTable(data: DataPlane, table: string, s: DriftSummary): Promise<TableValue> {
  await data.run(
    `CREATE OR REPLACE TABLE ${ident(table)} ("column" VARCHAR, role VARCHAR, method VARCHAR, score DOUBLE, threshold DOUBLE, drifted BOOLEAN,
      missing_share_reference DOUBLE, missing_share_current DOUBLE, new_categories VARCHAR, note VARCHAR)`,
  );
  for (const c of s.columns) {
    await data.run(`INSERT INTO ${ident(table)} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      c.column,
      c.role,
      c.method,
      c.score,
      c.threshold,
      c.drifted,
      c.referenceMissingShare,
      c.currentMissingShare,
      c.newCategories.join(', '),
      c.note ?? (c.approximate ? 'approximate: the reference was stored rounded' : null),
    ]);
  }
  for (const c of s.schema) {
    const note =
      c.change === 'missing' ? 'missing from the current data' : c.change === 'added' ? 'not in the reference' : `type ${c.reference} -> ${c.current}`;
    await data.run(`INSERT INTO ${ident(table)} ("column", role, drifted, note) VALUES (?, 'schema', false, ?)`, [c.column, note]);
  }
  return data.describe(table);
}

export async function writeWindowsTable(data: DataPlane, table: string, rows: readonly WindowDrift[]): Promise<TableValue> {
  await data.run(
    `CREATE OR REPLACE TABLE ${ident(table)} (window_start VARCHAR, window_end VARCHAR, "rows" BIGINT, "column" VARCHAR, method VARCHAR, score DOUBLE, drifted BOOLEAN)`,
  );
  for (const r of rows) {
    await data.run(`INSERT INTO ${ident(table)} VALUES (?, ?, ?, ?, ?, ?, ?)`, [r.start, r.end, r.rows, r.column, r.method, r.score, r.drifted]);
  }
  return data.describe(table);
}

/** Headline figures a Validate rule can name: drifted_share, dataset_drift, drift_<column>, accuracy... */
export function driftMetrics(s: DriftSummary, rows: { reference: number; current: number; requests?: number }, decay?: Record<string, number>): MetricsValue {
  const metrics: Record<string, number> = {
    columns_compared: s.compared,
    drifted_columns: s.drifted,
    drifted_share: s.share,
    dataset_drift: s.datasetDrift ? 1 : 0,
    new_categories: s.columns.reduce((t, c) => t + c.newCategories.length, 0),
    schema_changes: s.schema.length,
    missing_share_change_max: Math.max(0, ...s.columns.map((c) => Math.abs(c.currentMissingShare - c.referenceMissingShare))),
    rows_reference: rows.reference,
    rows_current: rows.current,
    ...(rows.requests !== undefined ? { requests: rows.requests } : {}),
  };
  const predictions = s.columns.filter((c) => c.role === 'prediction');
  if (predictions.length) metrics.prediction_drift = predictions.some((c) => c.drifted) ? 1 : 0;
  for (const c of s.columns) if (c.score !== null) metrics[`drift_${c.column}`] = c.score;
  const groups: Record<string, Record<string, number>> = {};
  for (const c of s.columns) {
    groups[c.column] = {
      ...(c.score !== null ? { score: c.score, threshold: c.threshold! } : {}),
      drifted: c.drifted ? 1 : 0,
      missing_share_reference: c.referenceMissingShare,
      missing_share_current: c.currentMissingShare,
      new_categories: c.newCategories.length,
    };
  }
  return { kind: 'metrics', metrics: { ...metrics, ...(decay ?? {}) }, groups };
}
