/**
 * Why the last run failed or did not start, in the status bar. The bar has one line, so a long
 * message shows shortened there; the line is a button that opens the whole text (and the hint)
 * above the bar, by mouse or keyboard. Hover shows the whole text too.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { NodeFailure } from '../../engine/events.js';

/** Lines joined for the one-line bar: "problems:\nA\nB" reads "problems: A · B". */
function oneLine(text: string): string {
  return text.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, ' · ');
}

/**
 * The error of the current run, shortened to one line, with its full text one click (or Enter) away.
 *
 * @example
 * {error && <RunError error={error} />}
 */
export function RunError({ error }: { error: NodeFailure }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const full = error.hint ? `${error.message}\n${error.hint}` : error.message;
  // A new error starts folded: the open panel belonged to the old one.
  useEffect(() => setOpen(false), [error]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="run-status__error"
        data-testid="run-error"
        aria-expanded={open}
        aria-controls={panelId}
        title={full}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) close();
        }}
      >
        {oneLine(error.message)}
      </button>
      {open && (
        <div
          id={panelId}
          className="run-error-panel"
          role="region"
          aria-label="Why the run failed"
          data-testid="run-error-details"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <p className="run-error-panel__message">{error.message}</p>
          {error.hint && <p className="run-error-panel__hint">{error.hint}</p>}
          <button type="button" className="button run-error-panel__close" onClick={close}>
            Close
          </button>
        </div>
      )}
    </>
  );
}
