/**
 * The Deployments panel: the workspace's model servers over the canvas. Services on the left; the
 * picked one in full (status, figures, last requests, actions, try it). Editing shortcuts do not
 * reach the hidden canvas while focus is in here; Escape closes the panel.
 */
import { useEffect, useRef } from 'react';
import { RefreshCw, X } from 'lucide-react';
import type { ServiceInfo } from '../../engine/services.js';
import { matchShortcut } from '../shortcuts/keymap.js';
import { useStudio } from '../store/studio-store-context.js';
import { ServiceDetail } from './service-detail.js';
import { StatusBadge } from './service-status.js';
import { useDeployments } from './use-deployments.js';
import '../styles/panel.css';
import './deployments.css';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function EmptyState() {
  return (
    <div className="models-empty" data-testid="deployments-empty">
      <h3>No model servers yet</h3>
      <p>
        Run a pipeline with a <strong>Deploy</strong> node: it serves the model package on this machine and lists the endpoint here, with its figures and last
        requests.
      </p>
      <p className="models-muted">Train → Package model → Deploy gives an endpoint at http://127.0.0.1:&lt;port&gt; with /predict, /docs and /metrics.</p>
    </div>
  );
}

function ServiceList({ services, picked, onPick }: { services: ServiceInfo[]; picked?: string; onPick(id: string): void }) {
  return (
    <nav className="model-list dep-list" aria-label="Services">
      <ul>
        {services.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={`model-list__item${s.id === picked ? ' is-picked' : ''}`}
              aria-current={s.id === picked}
              onClick={() => onPick(s.id)}
            >
              <span className="dep-list__name">
                {s.model} <span className="models-muted">v{s.version}</span>
              </span>
              <StatusBadge status={s.status} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function DeploymentsPanel() {
  const d = useDeployments();
  const setOpen = useStudio((s) => s.setDeploymentsOpen);
  const toast = useStudio((s) => s.toast);
  const root = useRef<HTMLElement>(null);
  const service = d.services?.find((s) => s.id === d.picked);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    root.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const act = (action: 'stop' | 'restart') =>
    d.act(action).then(
      (said) => toast(said, 'success'),
      (err: unknown) => toast(`${action === 'stop' ? 'Stop' : 'Restart'} failed: ${messageOf(err)}`, 'error'),
    );

  return (
    <section
      ref={root}
      className="models-panel deployments-panel"
      aria-label="Deployments"
      data-testid="deployments-panel"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          setOpen(false);
          return;
        }
        const shortcut = matchShortcut(e.nativeEvent);
        if (shortcut && !shortcut.global && shortcut.command !== 'deployments' && shortcut.command !== 'shortcuts') e.stopPropagation();
      }}
    >
      <header className="models-panel__head">
        <span className="models-panel__dot" aria-hidden />
        <h2>Deployments</h2>
        <span className="models-muted">the workspace&apos;s model servers</span>
        <span className="models-panel__spacer" />
        {d.listError && <span className="models-problem">{d.listError}</span>}
        <button type="button" className="icon-button" aria-label="Refresh the services" title="Refresh" onClick={() => void d.refresh()}>
          <RefreshCw size={16} aria-hidden />
        </button>
        <button type="button" className="icon-button" aria-label="Close the Deployments panel" title="Close (Esc)" onClick={() => setOpen(false)}>
          <X size={16} aria-hidden />
        </button>
      </header>
      {d.services && d.services.length === 0 && <EmptyState />}
      {d.services && d.services.length > 0 && (
        <div className="models-panel__body">
          <ServiceList services={d.services} picked={d.picked} onPick={d.pick} />
          <div className="models-panel__main">
            {service && <ServiceDetail service={service} metrics={d.metrics} recent={d.recent} busy={d.busy} onAct={(a) => void act(a)} />}
          </div>
        </div>
      )}
    </section>
  );
}
