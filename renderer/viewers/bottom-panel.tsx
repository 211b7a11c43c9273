/**
 * The bottom panel: the outputs of the selected node (or the upstream port of a selected edge), one
 * tab per output port, plus its logs and the run history. Shows a past run's outputs read-only when
 * one is opened from the history.
 */
import { useEffect, useMemo, useState } from 'react';
import { Maximize2, Minimize2 } from 'lucide-react';
import type { NodeFailure, NodeStatus } from '../../engine/events.js';
import type { PortValue, ValueSummary } from '../../engine/values.js';
import { NodeStatusBadge } from '../canvas/node-status-badge.js';
import { HistoryPanel } from '../history/history-panel.js';
import { NodeErrorView } from '../run/node-error-view.js';
import { formatDuration, nodeStatusText } from '../run/run-progress.js';
import { useElapsed } from '../run/use-elapsed.js';
import { useNodeRunState } from '../run/use-node-run-state.js';
import { useRunStore } from '../run/use-run-store.js';
import { LogsView } from './logs-view.js';
import { PortView } from './port-view.js';
import './viewers.css';

interface Subject {
  nodeId: string;
  type: string;
  label: string;
  /** The port an edge click asked for. */
  port?: string;
}

/** The node (or edge's upstream port) the panel is about, from the current selection. */
function useSubject(): Subject | undefined {
  const selectedIds = useRunStore((s) => s.selectedIds);
  const doc = useRunStore((s) => s.doc);
  return useMemo(() => {
    for (const id of selectedIds) {
      const node = doc.nodes.find((n) => n.id === id);
      if (node) return { nodeId: node.id, type: node.type, label: node.label ?? node.id };
      const edge = doc.edges.find((e) => e.id === id);
      const source = edge && doc.nodes.find((n) => n.id === edge.source.node);
      if (edge && source) return { nodeId: source.id, type: source.type, label: source.label ?? source.id, port: edge.source.port };
    }
    return undefined;
  }, [selectedIds, doc]);
}

type Tab = { key: string; label: string; kind?: string };

interface Shown {
  status: NodeStatus;
  values?: Record<string, PortValue>;
  summaries?: Record<string, ValueSummary>;
  error?: NodeFailure;
}

function NodeOutputs({ subject, tab }: { subject: Subject; tab: string }) {
  const live = useNodeRunState(subject.nodeId);
  const inspected = useRunStore((s) => s.inspectedRun);
  const elapsed = useElapsed(live);
  const past = inspected?.nodes[subject.nodeId];
  const shown: Shown = inspected
    ? { status: past?.status ?? 'idle', values: past?.outputs, summaries: past?.summaries, error: past?.error }
    : { status: live.status, values: live.values, summaries: live.outputs, error: live.error };
  if (tab === 'logs') return inspected ? <p className="bottom-panel__empty">Log lines are kept for the live run only.</p> : <LogsView lines={live.logs} />;
  const port = tab.slice('port:'.length);
  return (
    <>
      {!inspected && (
        <p className="bottom-panel__status" data-testid="panel-node-status" data-status={live.status}>
          <NodeStatusBadge nodeId={subject.nodeId} /> {nodeStatusText(live)} {elapsed !== undefined && `· ${formatDuration(elapsed)}`}
        </p>
      )}
      {!inspected && live.valuesRunId && live.runId && live.valuesRunId !== live.runId && (
        <p className="bottom-panel__earlier" data-testid="earlier-outputs">
          These outputs come from an earlier run ({live.valuesRunId}).
        </p>
      )}
      {shown.error && <NodeErrorView error={shown.error} />}
      <PortView
        key={`${subject.nodeId}:${port}:${inspected?.runId ?? 'live'}`}
        value={shown.values?.[port]}
        summary={shown.summaries?.[port]}
        livePoints={inspected ? undefined : live.points}
      />
    </>
  );
}

/**
 * Mount in the layout's bottom slot; it follows the selection by itself.
 *
 * @example
 * <section className="layout__bottom"><BottomPanel /></section>
 */
export function BottomPanel() {
  const subject = useSubject();
  const def = useRunStore((s) => (subject ? s.defsByType.get(subject.type) : undefined));
  const inspected = useRunStore((s) => s.inspectedRun);
  const inspectRun = useRunStore((s) => s.inspectRun);
  const tabs: Tab[] = useMemo(() => {
    const ports = (def?.outputs ?? []).map((p) => ({ key: `port:${p.name}`, label: p.label ?? p.name, kind: p.kind }));
    return [...(subject ? [...ports, { key: 'logs', label: 'Logs' }] : []), { key: 'history', label: 'Run history' }];
  }, [def, subject]);
  const [active, setActive] = useState('history');
  // Selecting another node (or an edge) shows its first port (or the edge's port).
  useEffect(() => {
    if (subject?.port) setActive(`port:${subject.port}`);
    else setActive((a) => (tabs.some((t) => t.key === a) && a !== 'history' ? a : (tabs[0]?.key ?? 'history')));
  }, [subject?.nodeId, subject?.port, tabs]);
  // A run opened elsewhere (the Models panel's "Open the run") shows in the history; declared after
  // the selection effect so that a panel mounted by the request starts there too.
  const historyRequest = useRunStore((s) => s.historyRequest);
  useEffect(() => {
    if (historyRequest) setActive('history');
  }, [historyRequest]);
  const current = tabs.some((t) => t.key === active) ? active : 'history';
  // At its usual 40% of the window a metrics view's charts sit below the fold; enlarged, they show whole.
  const [tall, setTall] = useState(false);
  const sizeLabel = tall ? 'Shrink the output panel' : 'Enlarge the output panel';

  return (
    <div className={`bottom-panel${tall ? ' bottom-panel--tall' : ''}`} data-testid="bottom-panel">
      <div className="bottom-panel__tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            className="bottom-panel__tab"
            aria-selected={t.key === current}
            onClick={() => setActive(t.key)}
            data-testid={`tab-${t.key}`}
          >
            {t.label}
            {t.kind && <span className="bottom-panel__tab-kind">{t.kind}</span>}
          </button>
        ))}
        {subject && <span className="bottom-panel__subject">{subject.label}</span>}
        <button
          type="button"
          className="icon-button bottom-panel__size"
          data-testid="bottom-panel-size"
          aria-pressed={tall}
          aria-label={sizeLabel}
          title={sizeLabel}
          onClick={() => setTall(!tall)}
        >
          {tall ? <Minimize2 size={14} aria-hidden /> : <Maximize2 size={14} aria-hidden />}
        </button>
      </div>
      <div className="bottom-panel__body" role="tabpanel">
        {inspected && current !== 'history' && (
          <div className="bottom-panel__banner" data-testid="inspect-banner">
            Viewing run {inspected.runId} (read-only), started {new Date(inspected.startedAt).toLocaleString()}.
            <button type="button" onClick={() => inspectRun(undefined)}>
              Back to the live outputs
            </button>
          </div>
        )}
        {current === 'history' ? (
          <HistoryPanel />
        ) : subject ? (
          <NodeOutputs subject={subject} tab={current} />
        ) : (
          <p className="bottom-panel__empty">Select a node or an edge to see its outputs.</p>
        )}
      </div>
    </div>
  );
}
