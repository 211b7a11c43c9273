/**
 * The window's status bar: the whole run's phase, progress ("step k of n"), elapsed time, and why a
 * run failed.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatDuration, selectRunProgress } from './run-progress.js';
import { isLive, REFUSED_CODE, type RunPhase } from './run-reducer.js';
import { RunError } from './run-error.js';
import { useRunStore } from './use-run-store.js';
import { EdgeFlowTooltip } from '../viewers/edge-flow-tooltip.js';
import './run.css';

const PHASE_WORDS: Record<RunPhase, string> = {
  idle: 'Ready',
  starting: 'Starting run…',
  running: 'Running',
  cancelling: 'Cancelling…',
  succeeded: 'Run succeeded',
  failed: 'Run failed',
  cancelled: 'Run cancelled',
  blocked: 'Run blocked by a gate',
};

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/**
 * Status bar contents for the layout's bottom strip.
 *
 * @example
 * <footer><StatusBar /></footer>
 */
export function StatusBar() {
  const run = useRunStore((s) => s.run);
  const current = run.current;
  // Derived here, not in the selector: a selector returning a fresh object would re-render forever.
  const progress = useMemo(() => selectRunProgress(run), [run]);
  const live = isLive(current.phase);
  const now = useNow(live && current.startedAt !== undefined);
  const elapsed = live ? (current.startedAt !== undefined ? now - current.startedAt : undefined) : current.durationMs;
  const showProgress = current.phase !== 'idle' && progress.nodesTotal > 0;
  // A refused request never got a run id of its own: nothing ran.
  const notStarted = current.phase === 'failed' && (current.error?.code === REFUSED_CODE || current.error?.code === 'RUN_NOT_STARTED');
  return (
    <div className={`run-status run-status--${current.phase}`} data-testid="run-status" data-phase={current.phase} role="status" aria-live="polite">
      <span className="run-status__phase">{notStarted ? 'Run did not start' : PHASE_WORDS[current.phase]}</span>
      {showProgress && (
        <>
          <progress className="run-status__bar" max={1} value={progress.fraction} aria-label="Run progress" />
          <span className="run-status__text" data-testid="run-progress-text">
            {progress.text}
          </span>
        </>
      )}
      {elapsed !== undefined && current.phase !== 'idle' && <span className="run-status__time">{formatDuration(elapsed)}</span>}
      {/* The status bar is always mounted, so the canvas's wire tooltip lives here. */}
      <EdgeFlowTooltip />
      {current.error && !live && current.phase !== 'cancelled' && <RunError error={current.error} />}
    </div>
  );
}
