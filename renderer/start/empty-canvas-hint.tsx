/**
 * What an empty canvas says: how to add the first node.
 */
import { formatKeys, SHORTCUTS } from '../shortcuts/keymap.js';
import { useStudio } from '../store/studio-store-context.js';

const quickAddKeys = formatKeys(SHORTCUTS.find((s) => s.command === 'quickAdd')?.keys[0] ?? '');
const startKeys = formatKeys(SHORTCUTS.find((s) => s.command === 'start')?.keys[0] ?? '');

/** Shown over an empty canvas (and not under the start screen). */
export function EmptyCanvasHint() {
  const empty = useStudio((s) => s.doc.nodes.length === 0 && (s.doc.notes?.length ?? 0) === 0);
  const startOpen = useStudio((s) => s.startOpen);
  if (!empty || startOpen) return null;
  return (
    <div className="empty-canvas-hint" data-testid="empty-canvas-hint">
      <p>
        Drag a node from the palette on the left, double-click the canvas to add one by name, or press <kbd>{quickAddKeys}</kbd>. To start from a sample, press{' '}
        <kbd>{startKeys}</kbd>.
      </p>
    </div>
  );
}
