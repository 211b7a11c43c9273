/**
 * The run history: every recorded run with its status, start, duration, key metrics and document
 * hash; open one read-only, or pick two and compare them.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RunListItem, RunRecord } from '../../engine/engine-types.js';
import { useStudioApi } from '../store/api-context.js';
import { formatDuration } from '../run/run-progress.js';
import { isLive } from '../run/run-reducer.js';
import { useRunStore } from '../run/use-run-store.js';
import { formatNumber } from '../viewers/mini-histogram.js';
import { RunCompareView } from './run-compare-view.js';
import './history.css';

/** Metrics shown per row; the rest are in the comparison. */
const KEY_METRICS = 3;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * @example
 * <HistoryPanel />
 */
export function HistoryPanel() {
  const api = useStudioApi();
  const phase = useRunStore((s) => s.run.current.phase);
  const inspected = useRunStore((s) => s.inspectedRun);
  const inspectRun = useRunStore((s) => s.inspectRun);
  const [runs, setRuns] = useState<RunListItem[]>();
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[RunRecord, RunRecord]>();

  const refresh = useCallback(() => {
    api.listRuns().then(
      (list) => {
        setRuns([...list].sort((x, y) => y.startedAt - x.startedAt));
        setError(undefined);
      },
      (err: unknown) => setError(`Could not list runs: ${messageOf(err)}`),
    );
  }, [api]);

  // Refresh when mounted and whenever a run ends.
  const live = isLive(phase);
  useEffect(() => {
    if (!live) refresh();
  }, [live, refresh]);

  const toggle = (runId: string) => setPicked((p) => (p.includes(runId) ? p.filter((id) => id !== runId) : [...p, runId].slice(-2)));

  const load = async (runId: string): Promise<RunRecord> => {
    const record = await api.getRun(runId);
    if (!record) throw new Error(`run ${runId} is no longer recorded`);
    return record;
  };

  const open = (runId: string) => load(runId).then(inspectRun, (err: unknown) => setError(messageOf(err)));

  const compare = async () => {
    try {
      const [x, y] = await Promise.all(picked.map(load));
      // Older run on the left, so "change" reads as what the newer run did.
      setComparing(x.startedAt <= y.startedAt ? [x, y] : [y, x]);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  if (comparing) return <RunCompareView a={comparing[0]} b={comparing[1]} onClose={() => setComparing(undefined)} />;

  return (
    <div className="history-panel" data-testid="history-panel">
      <div className="history-panel__bar">
        <button type="button" onClick={refresh}>
          Refresh
        </button>
        <button type="button" disabled={picked.length !== 2} onClick={() => void compare()} data-testid="compare-runs">
          Compare {picked.length === 2 ? 'the two picked runs' : '(pick two)'}
        </button>
        {inspected && (
          <button type="button" onClick={() => inspectRun(undefined)}>
            Close run {inspected.runId}
          </button>
        )}
        {error && <span className="table-grid__notice">{error}</span>}
      </div>
      {runs && runs.length === 0 && <p className="bottom-panel__empty">No runs recorded yet.</p>}
      {runs && runs.length > 0 && (
        <table className="stats-table history-panel__table">
          <thead>
            <tr>
              <th aria-label="pick" />
              <th>run</th>
              <th>pipeline</th>
              <th>status</th>
              <th>started by</th>
              <th>started</th>
              <th>duration</th>
              <th>key metrics</th>
              <th>document</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.runId} data-run-id={r.runId} aria-selected={inspected?.runId === r.runId}>
                <td>
                  <input type="checkbox" checked={picked.includes(r.runId)} onChange={() => toggle(r.runId)} aria-label={`pick run ${r.runId}`} />
                </td>
                <td>{r.runId}</td>
                <td>{r.pipelineName}</td>
                <td className={`history-status history-status--${r.status}`}>{r.status}</td>
                <td title={r.trigger?.detail}>{r.trigger ? `trigger ${r.trigger.id} (${r.trigger.kind})` : 'you'}</td>
                <td>{new Date(r.startedAt).toLocaleString()}</td>
                <td className="num">{formatDuration(r.durationMs)}</td>
                <td>
                  {Object.entries(r.metrics)
                    .slice(0, KEY_METRICS)
                    .map(([k, v]) => `${k} ${formatNumber(v)}`)
                    .join(' · ')}
                </td>
                <td title={r.documentHash}>
                  <code>{r.documentHash.slice(0, 10)}</code>
                </td>
                <td>
                  <button type="button" onClick={() => void open(r.runId)} data-testid={`open-run-${r.runId}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
