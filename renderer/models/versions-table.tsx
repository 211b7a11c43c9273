/**
 * A model's versions side by side: stage, created, gate outcome and one column per metric, the best
 * value of each column marked. Rows hold a roving tab stop: arrows move, Enter or Space picks.
 */
import type { ModelVersionSummary } from '../../engine/models/registry-views.js';
import { metricColumns } from './metric-columns.js';
import { rovingKey } from './roving-keys.js';
import { StageBadge } from './stage-badge.js';

/** Up to 4 decimals: registry metrics are compared at that grain. */
export const formatMetric = (v: number) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 4 }) : String(v));

const formatCreated = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '-');

function Gate({ passed }: { passed?: boolean }) {
  if (passed === undefined) return <span className="gate gate--none">no gate</span>;
  // A badge (the run status colour pairs): plain green text is under 4.5:1 on the picked row's tint.
  return <span className={`gate-badge gate-badge--${passed ? 'passed' : 'failed'}`}>{passed ? '✓ passed' : '✗ failed'}</span>;
}

export function VersionsTable({ versions, picked, onPick }: { versions: ModelVersionSummary[]; picked?: number; onPick(version: number): void }) {
  const columns = metricColumns(versions);
  return (
    <div className="models-table-scroll">
      <table className="models-table" aria-label="Versions" data-testid="versions-table">
        <thead>
          <tr>
            <th scope="col">version</th>
            <th scope="col">stage</th>
            <th scope="col">created</th>
            <th scope="col">gate</th>
            {columns.map((c) => (
              <th key={c.name} scope="col" className="num" title={c.lowerIsBetter ? 'lower is better' : 'higher is better'}>
                {c.name} {c.lowerIsBetter ? '↓' : '↑'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => (
            <tr
              key={v.version}
              data-roving
              data-version={v.version}
              aria-selected={v.version === picked}
              tabIndex={v.version === picked ? 0 : -1}
              onClick={() => onPick(v.version)}
              onKeyDown={(e) => rovingKey(e, i, versions.length, (j) => onPick(versions[j].version))}
            >
              <td>v{v.version}</td>
              <td title={v.reason}>
                <StageBadge stage={v.stage} />
              </td>
              <td>{v.problem ? <span className="models-problem">{v.problem}</span> : formatCreated(v.created)}</td>
              <td>
                <Gate passed={v.gatePassed} />
              </td>
              {columns.map((c) => {
                const value = v.metrics[c.name];
                const best = value !== undefined && value === c.best && versions.length > 1;
                return (
                  <td key={c.name} className={`num${best ? ' metric-best' : ''}`} data-metric={c.name} data-best={best || undefined}>
                    {value === undefined ? '-' : formatMetric(value)}
                    {best && (
                      <span className="metric-best__mark">
                        {' '}
                        ★<span className="visually-hidden"> best</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
