/**
 * "Before you run": what the pipeline on screen needs that is missing, above the canvas, each
 * problem with its fix and a way to the node. Collapsed to a chip until a pipeline is opened with
 * problems or Run finds them.
 */
import { TriangleAlert, X } from 'lucide-react';
import { useRunActions } from '../run/use-run-actions.js';
import { useStudio } from '../store/studio-store-context.js';
import { ProblemFix } from './problem-fix.js';
import { usePreRunCheck } from './use-pre-run-check.js';
import './prerun.css';

const count = (n: number) => (n === 1 ? '1 thing' : `${n} things`);

/** The pre-run panel (mount once, in the canvas area). */
export function PreRunPanel() {
  usePreRunCheck();
  const preRun = useStudio((s) => s.preRun);
  const open = useStudio((s) => s.preRunOpen);
  const setOpen = useStudio((s) => s.setPreRunOpen);
  const setSelection = useStudio((s) => s.setSelection);
  const startOpen = useStudio((s) => s.startOpen);
  const { run } = useRunActions();
  if (!preRun || preRun.problems.length === 0 || startOpen) return null;
  const title = `This pipeline needs ${count(preRun.problems.length)} before it can run`;
  if (!open) {
    return (
      <button type="button" className="pre-run-chip" data-testid="pre-run-chip" onClick={() => setOpen(true)}>
        <TriangleAlert size={14} aria-hidden /> {title}
      </button>
    );
  }
  return (
    <section className="pre-run-panel" aria-label="Before you run" data-testid="pre-run-panel">
      <header>
        <TriangleAlert size={16} aria-hidden />
        <h2>{title}</h2>
        <button type="button" className="button button-ghost button-small" aria-label="Hide until later" onClick={() => setOpen(false)}>
          <X size={14} aria-hidden />
        </button>
      </header>
      <ul>
        {preRun.problems.map((p) => (
          <li key={`${p.kind}:${p.nodeId}:${p.param}`} data-testid="pre-run-problem" data-kind={p.kind}>
            <span className="pre-run-message">{p.message}</span>
            <span className="pre-run-fixes">
              <ProblemFix problem={p} store={preRun.secretStore} />
              <button type="button" className="button button-small button-ghost" onClick={() => setSelection([p.nodeId])}>
                Show node
              </button>
            </span>
          </li>
        ))}
      </ul>
      <footer>
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="pre-run-anyway"
          onClick={() => void run({ mode: 'all' }, { skipCheck: true })}
        >
          Run anyway
        </button>
      </footer>
    </section>
  );
}
