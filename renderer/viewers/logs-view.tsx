/**
 * The Logs tab: a node's log lines with level and time.
 */
import type { NodeLogLine } from '../run/run-reducer.js';

function time(at: number): string {
  const d = new Date(at);
  return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * @example
 * <LogsView lines={run.logs} />
 */
export function LogsView({ lines }: { lines: NodeLogLine[] }) {
  if (lines.length === 0) return <p className="bottom-panel__empty">No log lines.</p>;
  return (
    <div className="logs-view" data-testid="logs-view">
      {lines.map((l, i) => (
        <div key={i} className="logs-view__line">
          <span className="logs-view__time">{time(l.at)}</span>
          <span className={`logs-view__level logs-view__level--${l.level}`}>{l.level}</span>
          <span className="logs-view__message">{l.message}</span>
        </div>
      ))}
    </div>
  );
}
