/**
 * The read-only parts of the playground: the row's values, the rendered messages, the reply with its
 * figures, and a problem in plain words with the one action that fixes it when there is one.
 */
import type { PlaygroundMessage, PlaygroundProblem, PlaygroundReply } from '../../../engine/playground-types.js';

const shown = (v: unknown) => (v === null || v === undefined ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function RowValues({ row, columns }: { row: Record<string, unknown>; columns: string[] }) {
  return (
    <table className="pg-row" aria-label="Row values" data-testid="pg-row-values">
      <tbody>
        {columns.map((c) => (
          <tr key={c}>
            <th scope="row">{c}</th>
            <td title={shown(row[c])}>{shown(row[c])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ROLE = { system: 'System', user: 'User', assistant: 'Assistant (example answer)' } as const;

export function Messages({ messages }: { messages: PlaygroundMessage[] }) {
  return (
    <ol className="pg-messages" aria-label="Messages sent" data-testid="pg-messages">
      {messages.map((m, i) => (
        <li key={i} className={`pg-message pg-message--${m.role}`} data-role={m.role}>
          <span className="pg-role">{ROLE[m.role]}</span>
          <pre className="pg-content">{m.content}</pre>
        </li>
      ))}
    </ol>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="pg-figure">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function ReplyView({ reply }: { reply: PlaygroundReply }) {
  const count = (n: number | null) => (n === null ? '–' : n.toLocaleString());
  return (
    <div className="pg-reply" data-testid="pg-reply" aria-live="polite">
      <div className="pg-reply-head">
        <span className="pg-reply-title">Reply</span>
        <span className={`pg-badge ${reply.valid ? 'pg-badge--ok' : 'pg-badge--bad'}`} data-testid="pg-valid">
          {reply.valid ? 'valid' : 'invalid'}
        </span>
        {reply.cached && (
          <span className="pg-badge pg-badge--cache" data-testid="pg-cached" title="Answered from the workspace's response cache: nothing was sent or paid">
            from cache
          </span>
        )}
      </div>
      <pre className="pg-content pg-raw" data-testid="pg-raw">
        {reply.raw ?? '(no reply)'}
      </pre>
      {reply.error && (
        <p className="field-error" data-testid="pg-reply-error">
          {reply.error}
        </p>
      )}
      <dl className="pg-figures">
        <Figure label="Parsed" value={reply.value ?? '–'} testId="pg-value" />
        <Figure label="Prompt tokens" value={count(reply.tokensIn)} testId="pg-tokens-in" />
        <Figure label="Completion tokens" value={count(reply.tokensOut)} testId="pg-tokens-out" />
        <Figure label="Latency" value={reply.latencyMs === null ? '–' : `${reply.latencyMs.toLocaleString()} ms`} testId="pg-latency" />
        {reply.cost !== null && <Figure label="Est. cost" value={`$${reply.cost.toFixed(6)}`} testId="pg-cost" />}
      </dl>
    </div>
  );
}

export interface ProblemActions {
  /** INPUT_NOT_READY: run the node above. */
  onRunFirst?(nodeId: string): void;
  /** HOST_NOT_ALLOWED: ask the user to allow the host. */
  onAllowHost?(): void;
}

export function ProblemView({ problem, actions }: { problem: PlaygroundProblem; actions: ProblemActions }) {
  return (
    <div className="pg-problem" role="alert" data-testid="pg-problem" data-code={problem.code}>
      <p className="pg-problem-message">{problem.message.charAt(0).toUpperCase() + problem.message.slice(1)}</p>
      {problem.hint && <p className="pg-problem-hint">{problem.hint}</p>}
      {problem.runFirst && actions.onRunFirst && (
        <button type="button" className="button button-small" data-testid="pg-run-first" onClick={() => actions.onRunFirst!(problem.runFirst!.nodeId)}>
          Run “{problem.runFirst.label}”
        </button>
      )}
      {problem.refusals && actions.onAllowHost && (
        <button type="button" className="button button-small" data-testid="pg-allow-host" onClick={actions.onAllowHost}>
          Allow {problem.refusals.map((r) => r.host).join(', ')}…
        </button>
      )}
    </div>
  );
}
