/** The list of keyboard shortcuts, with this OS's modifier names. */
import { formatKeys, SHORTCUTS } from '../shortcuts/keymap.js';
import { Modal } from './modal.js';

const CANVAS_HINTS: [string, string][] = [
  ['Tab / Shift+Tab', 'Move focus between nodes'],
  ['Enter', 'Select the focused node'],
  ['Arrow keys', 'Move selected nodes'],
  ['Shift+drag', 'Box select'],
  ['Ctrl/⌘/Shift+click', 'Add to the selection'],
  ['Double-click the canvas', 'Add a node by name'],
];

/** The keyboard shortcut list. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} wide>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
              <td>{s.label}</td>
              <td>
                {s.keys.map((k) => (
                  <kbd key={k}>{formatKeys(k)}</kbd>
                ))}
              </td>
            </tr>
          ))}
          {CANVAS_HINTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>{what}</td>
              <td>
                <kbd>{keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
