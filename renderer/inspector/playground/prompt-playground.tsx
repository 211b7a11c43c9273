/**
 * The Playground section of a Prompt node's inspector: pick a variant (or edit its system prompt and
 * template here), step to a row of the node's input, see the messages exactly as the node sends them,
 * send (Ctrl/⌘+Enter), see the reply, its parsed value and validity, tokens, latency and whether it
 * came from the cache; "Save as new variant" adds the edit to the node's variants (one undo step).
 * The host renders and calls with the node's own code (`promptPlayground`); folded, it asks nothing.
 */
import { useState, type KeyboardEvent } from 'react';
import { ChevronLeft, ChevronRight, Send } from 'lucide-react';
import { AllowHostDialog } from '../../run/allow-host-dialog.js';
import { useRunActions } from '../../run/use-run-actions.js';
import { useStudio } from '../../store/studio-store-context.js';
import { useOptionalStudioApi } from '../use-optional-studio-api.js';
import { Messages, ProblemView, ReplyView, RowValues } from './playground-parts.js';
import { SaveVariant } from './save-variant.js';
import { usePlayground, type Playground } from './use-playground.js';
import './playground.css';

function RowStepper({ pg }: { pg: Playground }) {
  const count = pg.answer?.rowCount ?? 0;
  return (
    <div className="pg-stepper" role="group" aria-label="Row">
      <button type="button" className="icon-button" aria-label="Previous row" disabled={pg.row <= 0} onClick={() => pg.setRow(pg.row - 1)}>
        <ChevronLeft size={14} aria-hidden />
      </button>
      <label className="pg-row-label">
        Row{' '}
        <input
          type="number"
          className="field-input pg-row-input"
          data-testid="pg-row"
          min={1}
          max={Math.max(1, count)}
          value={pg.row + 1}
          onChange={(e) => e.target.value && pg.setRow(Math.round(Number(e.target.value)) - 1)}
        />
      </label>
      <span className="pg-row-count" data-testid="pg-row-count">
        of {count.toLocaleString()}
      </span>
      <button type="button" className="icon-button" aria-label="Next row" disabled={count > 0 && pg.row >= count - 1} onClick={() => pg.setRow(pg.row + 1)}>
        <ChevronRight size={14} aria-hidden />
      </button>
    </div>
  );
}

function VariantEditor({ pg, nodeId }: { pg: Playground; nodeId: string }) {
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor={`${nodeId}-pg-variant`}>
          Variant
          {pg.edited && (
            <span className="pg-edited" data-testid="pg-edited">
              {' '}
              · edited
            </span>
          )}
        </label>
        <select
          id={`${nodeId}-pg-variant`}
          className="field-input"
          data-testid="pg-variant"
          value={pg.chosen}
          onChange={(e) => pg.choose(Number(e.target.value))}
        >
          {pg.variants.map((v, i) => (
            <option key={i} value={i}>
              {v.name || `variant ${i + 1}`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${nodeId}-pg-system`}>
          System prompt
        </label>
        <textarea
          id={`${nodeId}-pg-system`}
          className="field-input pg-text"
          rows={2}
          data-testid="pg-system"
          value={pg.draft.system}
          onChange={(e) => pg.edit({ system: e.target.value })}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${nodeId}-pg-template`}>
          Template
        </label>
        <textarea
          id={`${nodeId}-pg-template`}
          className="field-input pg-text"
          rows={3}
          data-testid="pg-template"
          value={pg.draft.template}
          onChange={(e) => pg.edit({ template: e.target.value })}
        />
      </div>
    </>
  );
}

function PlaygroundBody({ nodeId }: { nodeId: string }) {
  const pg = usePlayground(nodeId);
  const api = useOptionalStudioApi();
  const { run } = useRunActions();
  const filePath = useStudio((s) => s.filePath);
  const [refresh, setRefresh] = useState(false);
  const [asking, setAsking] = useState(false);
  const { answer } = pg;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    // Here Ctrl+Enter sends the row; the window's "run the pipeline" must not fire as well.
    e.preventDefault();
    e.stopPropagation();
    void pg.send(refresh);
  };
  const allow = async (hosts: string[]) => {
    setAsking(false);
    if (!api || !filePath) return;
    for (const host of hosts) await api.allowHost(host, filePath);
    await pg.send(refresh);
  };
  return (
    <div className="pg-body" onKeyDown={onKeyDown}>
      <VariantEditor pg={pg} nodeId={nodeId} />
      <RowStepper pg={pg} />
      {answer?.row && <RowValues row={answer.row} columns={answer.columns} />}
      {answer?.messages && <Messages messages={answer.messages} />}
      <div className="pg-send">
        <button
          type="button"
          className="button button-primary"
          data-testid="pg-send"
          disabled={pg.sending || !answer?.messages}
          title="Send this row (Ctrl+Enter)"
          onClick={() => void pg.send(refresh)}
        >
          <Send size={13} aria-hidden /> {pg.sending ? 'Sending…' : 'Send'}
        </button>
        <label className="pg-refresh">
          <input type="checkbox" checked={refresh} onChange={(e) => setRefresh(e.target.checked)} /> Ask again (skip the cache)
        </label>
        <span className="pg-keys" aria-hidden>
          Ctrl+Enter
        </span>
      </div>
      {pg.failure && (
        <p className="field-error" role="alert">
          The playground could not ask the host: {pg.failure}
        </p>
      )}
      {answer?.problem && (
        <ProblemView
          problem={answer.problem}
          actions={{ onRunFirst: (id) => void run({ mode: 'node', nodeId: id }), onAllowHost: answer.problem.refusals ? () => setAsking(true) : undefined }}
        />
      )}
      {answer?.reply && <ReplyView reply={answer.reply} />}
      <SaveVariant nodeId={nodeId} pg={pg} />
      {asking && answer?.problem?.refusals && (
        <AllowHostDialog
          refusals={answer.problem.refusals}
          canAllow={!!filePath}
          allowLabel="Allow and send"
          onAllow={(h) => void allow(h)}
          onClose={() => setAsking(false)}
        />
      )}
    </div>
  );
}

/** The Playground section; mounted folded, it asks the host nothing until opened. */
export function PromptPlayground({ nodeId }: { nodeId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="pg param-section" data-testid="prompt-playground" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Playground</summary>
      {open && <PlaygroundBody key={nodeId} nodeId={nodeId} />}
    </details>
  );
}
