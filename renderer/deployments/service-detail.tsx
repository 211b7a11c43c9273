/**
 * One service in full: what it serves and where, its status (with why it stopped), its figures from
 * /metrics, its actions (stop, restart, API docs), its last requests from the log, and "try it".
 */
import { useState } from 'react';
import type { ServiceInfo, ServiceMetrics } from '../../engine/services.js';
import { studioTransport } from '../api/index.js';
import { formatMs, formatUptime, StatusBadge } from './service-status.js';
import { TryItForm } from './try-it-form.js';

export interface ServiceDetailProps {
  service: ServiceInfo;
  metrics?: ServiceMetrics;
  recent: Record<string, unknown>[];
  busy: boolean;
  onAct(action: 'stop' | 'restart'): void;
}

function Figures({ service, metrics }: { service: ServiceInfo; metrics?: ServiceMetrics }) {
  const cells: [string, string, string][] = [
    ['Uptime', service.uptimeMs !== undefined ? formatUptime(service.uptimeMs) : '—', 'uptime'],
    ['Requests', metrics ? String(metrics.requests) : '—', 'requests'],
    ['p50', formatMs(metrics?.p50Ms), 'p50'],
    ['p99', formatMs(metrics?.p99Ms), 'p99'],
    ['Error rate', metrics ? `${(metrics.errorRate * 100).toFixed(1)} %` : '—', 'error-rate'],
    ['Rows scored', metrics ? String(metrics.rowsScored) : '—', 'rows'],
  ];
  return (
    <dl className="dep-figures">
      {cells.map(([label, value, id]) => (
        <div key={id}>
          <dt>{label}</dt>
          <dd data-testid={`figure-${id}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The docs open in a new browser tab; the desktop window has no safe way to open one, so it shows the URL to copy. */
function DocsLink({ url }: { url: string }) {
  const [shown, setShown] = useState(false);
  const docs = `${url}/docs`;
  if (shown)
    return (
      <span className="dep-docs-url">
        <input readOnly value={docs} aria-label="API docs URL" onFocus={(e) => e.target.select()} autoFocus />
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(docs)}>
          Copy
        </button>
      </span>
    );
  return (
    <button
      type="button"
      className="button"
      data-testid="open-docs"
      onClick={() => (studioTransport() === 'electron' ? setShown(true) : window.open(docs, '_blank', 'noopener,noreferrer'))}
    >
      API docs
    </button>
  );
}

function RecentRequests({ recent }: { recent: Record<string, unknown>[] }) {
  if (!recent.length) return <p className="models-muted">No requests in the log yet (it is written about a second behind).</p>;
  return (
    <table className="dep-table" data-testid="recent-requests">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Route</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col" className="num">
            Latency
          </th>
          <th scope="col">Version</th>
        </tr>
      </thead>
      <tbody>
        {[...recent].reverse().map((r, i) => (
          <tr key={String(r.request_id ?? i)} className={Number(r.status) >= 400 ? 'is-error' : undefined}>
            <td>{typeof r.time === 'string' ? new Date(r.time).toLocaleTimeString() : '—'}</td>
            <td>
              <code>{String(r.route ?? '')}</code>
            </td>
            <td>{String(r.status ?? '')}</td>
            <td className="num">{String(r.rows ?? '')}</td>
            <td className="num">{formatMs(typeof r.latency_ms === 'number' ? r.latency_ms : undefined)}</td>
            <td>{String(r.version ?? '')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ServiceDetail({ service, metrics, recent, busy, onAct }: ServiceDetailProps) {
  const stopped = service.status === 'stopped';
  return (
    <div className="dep-detail" data-testid="service-detail" data-service={service.id}>
      <div className="dep-detail__head">
        <h3>
          {service.model}{' '}
          <span className="dep-version" data-testid="service-version">
            v{service.version}
          </span>
        </h3>
        <StatusBadge status={service.status} testId="service-status" />
        <span className="models-panel__spacer" />
        <button type="button" className="button" disabled={busy || stopped} onClick={() => onAct('stop')} data-testid="stop-service">
          Stop
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => onAct('restart')} data-testid="restart-service">
          {stopped ? 'Start again' : 'Restart'}
        </button>
        {!stopped && <DocsLink url={service.url} />}
      </div>
      <p className="dep-url">
        <code data-testid="service-url">{service.url}</code> <span className="models-muted">· {service.id}</span>
        {service.owner && <span className="models-muted"> · deployed by {service.owner}</span>}
      </p>
      {stopped && service.exitReason && (
        <p className="dep-exit" data-testid="exit-reason">
          Stopped{service.stoppedAt ? ` at ${new Date(service.stoppedAt).toLocaleTimeString()}` : ''}: {service.exitReason}
        </p>
      )}
      {!stopped && <Figures service={service} metrics={metrics} />}
      <section className="dep-section" aria-label="Last requests">
        <h3>Last requests</h3>
        <RecentRequests recent={recent} />
      </section>
      <TryItForm serviceId={service.id} running={service.status === 'running'} />
    </div>
  );
}
