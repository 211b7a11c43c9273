/** Lists why an import was refused, each problem with its JSON path. The canvas is unchanged. */
import { Modal } from './modal.js';

/** The "import refused" dialog listing problems by JSON path. */
export function ImportErrorsDialog({ source, issues, onClose }: { source: string; issues: { path: string; message: string }[]; onClose(): void }) {
  return (
    <Modal
      title="Import refused"
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          OK
        </button>
      }
    >
      <p>
        <strong>{source}</strong> is not a valid pipeline; nothing was changed. {issues.length} problem{issues.length === 1 ? '' : 's'}:
      </p>
      <ul className="issue-list" data-testid="import-errors">
        {issues.map((issue, i) => (
          <li key={i}>
            <code>{issue.path || '(document)'}</code> {issue.message}
          </li>
        ))}
      </ul>
    </Modal>
  );
}
