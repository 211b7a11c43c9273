/**
 * What one output port holds, drawn by kind: a table (grid or profile), metrics and charts, a
 * model, a report, an endpoint.
 */
import { useState } from 'react';
import type { PortValue, TableValue, ValueSummary } from '../../engine/values.js';
import { useStudioApi } from '../store/api-context.js';
import { MetricsView } from './metrics-view.js';
import { ProfileView } from './profile-view.js';
import { TableGrid } from './table-grid.js';
import { useTableProfile } from './use-table-profile.js';
import { EndpointView, ModelView, ReportView } from './value-views.js';
import { LabelView } from './label-view.js';

function TableView({ value }: { value: TableValue }) {
  const api = useStudioApi();
  const [mode, setMode] = useState<'table' | 'profile' | 'label'>('table');
  const { profile, error } = useTableProfile(api, value.table);
  return (
    <>
      <div className="bottom-panel__subtabs">
        <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')} data-testid="subtab-table">
          Table
        </button>
        <button type="button" aria-pressed={mode === 'profile'} onClick={() => setMode('profile')} data-testid="subtab-profile">
          Profile
        </button>
        <button type="button" aria-pressed={mode === 'label'} onClick={() => setMode('label')} data-testid="subtab-label">
          Label
        </button>
        {error && <span className="table-grid__notice">Profile unavailable: {error}</span>}
      </div>
      {mode === 'label' ? (
        <LabelView key={value.table} value={value} />
      ) : mode === 'table' ? (
        <TableGrid key={value.table} table={value.table} rowCount={value.rowCount} columns={value.columns} profile={profile} />
      ) : profile ? (
        <ProfileView key={value.table} profile={profile} />
      ) : (
        <p className="bottom-panel__empty">{error ? `Could not profile ${value.table}: ${error}` : 'Profiling…'}</p>
      )}
    </>
  );
}

export interface PortViewProps {
  value?: PortValue;
  summary?: ValueSummary;
  /** Live points of the node (training curves), shown on its metrics port. */
  livePoints?: Record<string, number>[];
}

/**
 * @example
 * <PortView value={run.values?.table} summary={run.outputs?.table} />
 */
export function PortView({ value: recorded, summary, livePoints }: PortViewProps) {
  // Mid-run the record is not written yet, but a table's summary already names its table.
  const value: PortValue | undefined =
    recorded ??
    (summary?.kind === 'table' && summary.table
      ? { kind: 'table', table: summary.table, rowCount: summary.rowCount ?? 0, columns: summary.columns ?? [] }
      : undefined);
  if (!value) {
    if (livePoints && livePoints.length > 0) return <MetricsView livePoints={livePoints} />;
    return <p className="bottom-panel__empty">{summary ? `${summary.text} (loading…)` : 'No output yet: run the pipeline to see it.'}</p>;
  }
  switch (value.kind) {
    case 'table':
      return <TableView value={value} />;
    case 'metrics':
      return <MetricsView value={value} livePoints={livePoints} />;
    case 'model':
      return <ModelView value={value} />;
    case 'report':
      return <ReportView value={value} />;
    case 'endpoint':
      return <EndpointView value={value} />;
  }
}
