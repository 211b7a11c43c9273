/** What changed between two versions, one line per change, in the app's terms. */
import type { PipelineChange } from '../../engine/document/diff.js';

const TONE: Partial<Record<PipelineChange['kind'], string>> = {
  'node-added': 'added',
  'edge-added': 'added',
  'trigger-added': 'added',
  'node-removed': 'removed',
  'edge-removed': 'removed',
  'trigger-removed': 'removed',
};

export function ChangeList({ changes }: { changes: readonly PipelineChange[] }) {
  if (!changes.length) return <p className="versions-muted">No change to the pipeline (only where the window was looking).</p>;
  return (
    <ul className="versions-changes" data-testid="version-changes">
      {changes.map((c, i) => (
        <li key={i} className={`versions-changes__item is-${TONE[c.kind] ?? 'changed'}`} data-kind={c.kind}>
          <span className="versions-changes__mark" aria-hidden>
            {TONE[c.kind] === 'added' ? '+' : TONE[c.kind] === 'removed' ? '−' : '~'}
          </span>
          {c.text}
        </li>
      ))}
    </ul>
  );
}
