/**
 * A failed node's error: what went wrong, how to fix it, and the stack behind a disclosure.
 */
import type { NodeFailure } from '../../engine/events.js';
import './run.css';

/**
 * @example
 * {run.error && <NodeErrorView error={run.error} />}
 */
export function NodeErrorView({ error }: { error: NodeFailure }) {
  return (
    <div className="node-error" role="alert" data-testid="node-error">
      <p className="node-error__message">
        <span className="node-error__code">{error.code}</span> {error.message}
      </p>
      {error.hint && <p className="node-error__hint">How to fix: {error.hint}</p>}
      {error.stack && (
        <details className="node-error__stack">
          <summary>Stack trace</summary>
          <pre>{error.stack}</pre>
        </details>
      )}
    </div>
  );
}
