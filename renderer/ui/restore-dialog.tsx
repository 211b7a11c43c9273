/** Offers the recovery copy found at start (the window closed or crashed with unsaved work). */
import { Modal } from './modal.js';

/** The start-up offer to restore a recovery copy. */
export function RestoreDialog({
  savedAt,
  path,
  name,
  onRestore,
  onDiscard,
}: {
  savedAt: number;
  path?: string;
  name: string;
  onRestore(): void;
  onDiscard(): void;
}) {
  return (
    <Modal
      title="Restore unsaved work?"
      onClose={onDiscard}
      footer={
        <>
          <button type="button" className="button" onClick={onDiscard}>
            Discard it
          </button>
          <button type="button" className="button button-primary" data-testid="restore-recovery" onClick={onRestore}>
            Restore
          </button>
        </>
      }
    >
      <p>
        Unsaved changes to <strong>{name}</strong>
        {path ? ` (${path})` : ''} were kept from {new Date(savedAt).toLocaleString()}. Restore them?
      </p>
    </Modal>
  );
}
