/**
 * The Deployments panel's data: the workspace's services, the picked one's figures from /metrics and
 * its last requests. Polled every few seconds while the window is visible (not while hidden), and
 * re-read when a run ends (a Deploy node may have started or swapped one).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServiceInfo, ServiceMetrics } from '../../engine/services.js';
import { isLive } from '../run/run-reducer.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';

export const POLL_MS = 3000;
const RECENT = 10;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface DeploymentsState {
  services?: ServiceInfo[];
  listError?: string;
  picked?: string;
  metrics?: ServiceMetrics;
  recent: Record<string, unknown>[];
  busy: boolean;
  refresh(): Promise<void>;
  pick(id: string): void;
  /** Stops or restarts the picked service; resolves to a sentence saying what happened. */
  act(action: 'stop' | 'restart'): Promise<string>;
}

/** True while the window's page is visible; polling stops while it is hidden. */
function useVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * @example
 * const d = useDeployments(); d.pick('svc-1a2b3c4d'); await d.act('stop');
 */
export function useDeployments(): DeploymentsState {
  const api = useStudioApi();
  const [services, setServices] = useState<ServiceInfo[]>();
  const [listError, setListError] = useState<string>();
  const [picked, setPicked] = useState<string>();
  const [metrics, setMetrics] = useState<ServiceMetrics>();
  const [recent, setRecent] = useState<Record<string, unknown>[]>([]);
  const [busy, setBusy] = useState(false);
  const pickedRef = useRef<string>(undefined);

  const refresh = useCallback(async () => {
    let list: ServiceInfo[];
    try {
      list = await api.listServices();
      setServices(list);
      setListError(undefined);
    } catch (err) {
      setListError(`Could not list the services: ${messageOf(err)}`);
      return;
    }
    // Keep the pick while it exists; otherwise the newest running service, else the newest.
    const newest = [...list].sort((a, b) => b.startedAt - a.startedAt);
    const id = list.some((s) => s.id === pickedRef.current) ? pickedRef.current : (newest.find((s) => s.status !== 'stopped') ?? newest[0])?.id;
    pickedRef.current = id;
    setPicked(id);
    const service = list.find((s) => s.id === id);
    if (!service) return;
    // Figures only from a running server; a stopped one keeps its log.
    setMetrics(service.status === 'running' ? await api.serviceMetrics(service.id).catch(() => undefined) : undefined);
    setRecent(await api.serviceRecentRequests(service.id, RECENT).catch(() => []));
  }, [api]);

  const live = useStudio((s) => isLive(s.run.current.phase));
  const visible = useVisible();
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, refresh]);
  // On open, on becoming visible again, and when a run ends.
  useEffect(() => {
    if (!live && visible) void refresh();
  }, [live, visible, refresh]);

  const pick = (id: string) => {
    pickedRef.current = id;
    setPicked(id);
    setMetrics(undefined);
    setRecent([]);
    void refresh();
  };

  const act = async (action: 'stop' | 'restart') => {
    const id = pickedRef.current;
    if (!id) return 'Pick a service first.';
    setBusy(true);
    try {
      if (action === 'stop') {
        const was = await api.stopService(id);
        return was ? `Stopped ${id}.` : `${id} was not running.`;
      }
      const info = await api.restartService(id);
      return `Restarted ${id} at ${info.url}.`;
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  return { services, listError, picked, metrics, recent, busy, refresh, pick, act };
}
