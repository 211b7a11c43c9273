/**
 * Run controls for the window header: run all, run the selected node (with what it needs), run from
 * the selected node downstream, cancel.
 */
import { Play, PlayCircle, SkipForward, Square } from 'lucide-react';
import { isLive } from './run-reducer.js';
import { useRunActions } from './use-run-actions.js';
import { useRunStore, type RunView } from './use-run-store.js';
import { nodeName } from '../../engine/graph/issue-names.js';
import { selectInvalidNodeIds } from '../inspector/param-issues.js';
import './run.css';

/** The one selected pipeline node, if exactly one is selected. */
function useSelectedNodeId(): string | undefined {
  return useRunStore((s) => {
    const nodes = s.selectedIds.filter((id) => s.doc.nodes.some((n) => n.id === id));
    return nodes.length === 1 ? nodes[0] : undefined;
  });
}

/** The selected node as its card shows it (`Train model "Train" (train-2)`), for the button tips. */
function selectedNodeName(s: RunView, id: string | undefined): string | undefined {
  const node = id === undefined ? undefined : s.doc.nodes.find((n) => n.id === id);
  return node && nodeName(node, s.defsByType);
}

/**
 * The run buttons. Needs the studio store and api providers above it.
 *
 * @example
 * <header><RunToolbar /></header>
 */
export function RunToolbar() {
  const { run, cancel } = useRunActions();
  const phase = useRunStore((s) => s.run.current.phase);
  const empty = useRunStore((s) => s.doc.nodes.length === 0);
  const selected = useSelectedNodeId();
  // A string, so the selector returns a stable value between renders.
  const selectedName = useRunStore((s) => selectedNodeName(s, selected));
  const selectedInvalid = useRunStore((s) => !!selected && selectInvalidNodeIds(s).includes(selected));
  const live = isLive(phase);
  const label = selectedName ?? 'the selected node';
  const fix = `Fix the params of ${label} first (see the inspector)`;
  return (
    <div className="run-toolbar" role="toolbar" aria-label="Run">
      <button
        type="button"
        data-testid="run-all"
        // Offered even with a broken node: the engine checks the whole pipeline and the status bar says what to fix.
        disabled={live || empty}
        onClick={() => void run({ mode: 'all' })}
        title="Run the whole pipeline (cached nodes are reused)"
      >
        <Play size={16} aria-hidden /> Run all
      </button>
      <button
        type="button"
        data-testid="run-node"
        disabled={live || !selected || selectedInvalid}
        onClick={() => selected && void run({ mode: 'node', nodeId: selected })}
        title={selectedInvalid ? fix : `Run ${label} and whatever it needs upstream`}
      >
        <PlayCircle size={16} aria-hidden /> Run node
      </button>
      <button
        type="button"
        data-testid="run-from"
        disabled={live || !selected || selectedInvalid}
        onClick={() => selected && void run({ mode: 'from', nodeId: selected })}
        title={selectedInvalid ? fix : `Run ${label} and everything downstream of it`}
      >
        <SkipForward size={16} aria-hidden /> Run from here
      </button>
      <button
        type="button"
        data-testid="run-cancel"
        className="run-toolbar__cancel"
        disabled={!live || phase === 'cancelling'}
        onClick={() => void cancel()}
        title="Stop the run (the running node stops mid-work)"
      >
        <Square size={14} aria-hidden /> {phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
