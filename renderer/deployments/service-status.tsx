/** A service's status as a small coloured label (styles/panel.css's status pill), and durations as people read them. */
import type { ServiceStatus } from '../../engine/services.js';

const TONE: Record<ServiceStatus, string> = { running: 'good', starting: 'busy', stopped: 'failed' };

export function StatusBadge({ status, testId }: { status: ServiceStatus; testId?: string }) {
  return (
    <span className={`status-pill status-pill--${TONE[status]}`} data-status={status} data-testid={testId}>
      {status}
    </span>
  );
}

/** 3 s, 4 min 10 s, 2 h 5 min, 3 d 4 h. */
export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const formatMs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);
