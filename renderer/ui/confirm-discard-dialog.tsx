/** Asks before unsaved changes are thrown away. */
import { Modal } from './modal.js';

/** The "discard unsaved changes?" dialog. */
export function ConfirmDiscardDialog({ action, onConfirm, onSave, onClose }: { action: string; onConfirm(): void; onSave(): void; onClose(): void }) {
  return (
    <Modal
      title="Unsaved changes"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button" onClick={onSave}>
            Save first
          </button>
          <button type="button" className="button button-danger" data-testid="confirm-discard" onClick={onConfirm}>
            Discard changes
          </button>
        </>
      }
    >
      <p>This pipeline has changes that are not saved. Discard them to {action}?</p>
    </Modal>
  );
}
