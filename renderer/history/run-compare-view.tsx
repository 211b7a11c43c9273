/**
 * Two runs side by side: params that differ, metrics that differ.
 */
import { useMemo } from 'react';
import type { RunRecord } from '../../engine/engine-types.js';
import { formatNumber } from '../viewers/mini-histogram.js';
import { compareRuns } from './compare-runs.js';

const num = (v: number | undefined) => (v === undefined ? '—' : formatNumber(v));

/**
 * @example
 * <RunCompareView a={older} b={newer} onClose={() => setComparing(undefined)} />
 */
export function RunCompareView({ a, b, onClose }: { a: RunRecord; b: RunRecord; onClose(): void }) {
  const diff = useMemo(() => compareRuns(a, b), [a, b]);
  return (
    <div className="run-compare" data-testid="run-compare">
      <div className="run-compare__head">
        <strong>
          {a.runId} (older) vs {b.runId} (newer)
        </strong>
        <span>{diff.sameDocument ? 'same document' : 'different documents'}</span>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <h4>Params that differ</h4>
      {diff.params.length === 0 && diff.onlyInA.length === 0 && diff.onlyInB.length === 0 ? (
        <p>No param differs.</p>
      ) : (
        <table className="stats-table" data-testid="compare-params">
          <thead>
            <tr>
              <th>node</th>
              <th>param</th>
              <th>{a.runId}</th>
              <th>{b.runId}</th>
            </tr>
          </thead>
          <tbody>
            {diff.params.map((p) => (
              <tr key={`${p.nodeId}.${p.param}`}>
                <td>{p.nodeId}</td>
                <td>{p.param}</td>
                <td>{p.a ?? '(not set)'}</td>
                <td>{p.b ?? '(not set)'}</td>
              </tr>
            ))}
            {diff.onlyInA.map((id) => (
              <tr key={`a-${id}`}>
                <td>{id}</td>
                <td>(node)</td>
                <td>present</td>
                <td>removed</td>
              </tr>
            ))}
            {diff.onlyInB.map((id) => (
              <tr key={`b-${id}`}>
                <td>{id}</td>
                <td>(node)</td>
                <td>absent</td>
                <td>added</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Metrics that differ</h4>
      {diff.metrics.length === 0 ? (
        <p>No metric differs{diff.sameMetrics.length > 0 ? ` (${diff.sameMetrics.length} equal)` : ''}.</p>
      ) : (
        <table className="stats-table" data-testid="compare-metrics">
          <thead>
            <tr>
              <th>metric</th>
              <th className="num">{a.runId}</th>
              <th className="num">{b.runId}</th>
              <th className="num">change</th>
            </tr>
          </thead>
          <tbody>
            {diff.metrics.map((m) => (
              <tr key={m.key}>
                <td>{m.key}</td>
                <td className="num">{num(m.a)}</td>
                <td className="num">{num(m.b)}</td>
                <td className="num">{m.delta === undefined ? '' : `${m.delta > 0 ? '+' : ''}${formatNumber(m.delta)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
