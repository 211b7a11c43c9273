/**
 * One node type in the palette: draggable onto the canvas, and a button (Enter or click) that adds
 * it to the middle of the canvas for keyboard users.
 */
import type { DragEvent } from 'react';
import type { NodeDef } from '../../engine/node-def.js';
import { nodeIcon } from '../canvas/node-icons.js';

/** The drag payload type the canvas accepts. */
export const NODE_DRAG_TYPE = 'application/x-lifecycle-node';

/** One draggable, Enter-able node type in the palette. */
export function PaletteItem({ def, onInsert }: { def: NodeDef; onInsert: (type: string) => void }) {
  const Icon = nodeIcon(def.icon, def.stage);
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(NODE_DRAG_TYPE, def.type);
    e.dataTransfer.setData('text/plain', def.type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li>
      <button
        type="button"
        className={`palette-item stage-${def.stage}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => onInsert(def.type)}
        title={`${def.description}\nDrag onto the canvas, or press Enter to add.`}
        data-testid={`palette-${def.type}`}
      >
        <span className="palette-item-icon" aria-hidden>
          <Icon size={15} />
        </span>
        <span className="palette-item-text">
          <span className="palette-item-title">{def.title}</span>
          <span className="palette-item-ports">
            {def.inputs.map((p) => p.kind).join(', ') || '—'} → {def.outputs.map((p) => p.kind).join(', ') || '—'}
          </span>
        </span>
      </button>
    </li>
  );
}
