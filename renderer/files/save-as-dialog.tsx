/**
 * Save as / export in the browser mode (no native dialog): a path typed by the user, or empty to
 * let the host use its default folder.
 */
import { useState } from 'react';
import { Modal } from '../ui/modal.js';

/** In-window Save as / Export dialog for the browser mode. */
export function SaveAsDialog({
  purpose,
  initialPath,
  suggestedName,
  onSubmit,
  onClose,
}: {
  purpose: 'save' | 'export';
  initialPath?: string;
  suggestedName: string;
  onSubmit(path: string | undefined): void;
  onClose(): void;
}) {
  const [path, setPath] = useState(initialPath ?? '');
  const verb = purpose === 'save' ? 'Save' : 'Export';
  return (
    <Modal
      title={purpose === 'save' ? 'Save pipeline as' : 'Export pipeline JSON'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="save-as-form" className="button button-primary" data-testid="save-as-submit">
            {verb}
          </button>
        </>
      }
    >
      <form
        id="save-as-form"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(path.trim() || undefined);
        }}
      >
        <label className="field-label" htmlFor="save-path">
          File path
        </label>
        <input
          id="save-path"
          className="field-input field-mono"
          autoFocus
          placeholder={`(default folder)/${suggestedName}`}
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <p className="field-help">
          A path ending in .pipeline.json. Leave empty to {purpose} into the workspace folder as {suggestedName}.
          {purpose === 'export' ? ' Exports never contain secret values.' : ''}
        </p>
      </form>
    </Modal>
  );
}
