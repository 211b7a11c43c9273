/**
 * A sticky note on the canvas: free text, resizable, saved in the document's `notes` (the engine
 * ignores them). Double-click or Enter edits; Escape or leaving the field stops editing.
 */
import { memo, useState } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import type { NoteFlowNode } from '../store/flow-mapping.js';
import { useStudio } from '../store/studio-store-context.js';

function NoteCard({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const updateNote = useStudio((s) => s.updateNote);
  const [editing, setEditing] = useState(data.note.text === '');
  return (
    <div
      className={`note-card${selected ? ' is-selected' : ''}`}
      data-testid={`note-${id}`}
      onDoubleClick={(e) => {
        e.stopPropagation();
        setEditing(true);
      }}
      onKeyDown={(e) => {
        if (!editing && e.key === 'Enter') setEditing(true);
      }}
    >
      <NodeResizer isVisible={selected} minWidth={120} minHeight={60} lineClassName="note-resize-line" handleClassName="note-resize-handle" />
      {editing ? (
        <textarea
          className="note-text nodrag nowheel"
          aria-label="Note text"
          autoFocus
          value={data.note.text}
          placeholder="Write a note…"
          onChange={(e) => updateNote(id, { text: e.target.value })}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') setEditing(false);
          }}
        />
      ) : (
        <div className="note-text" title="Double-click to edit">
          {data.note.text || <span className="note-empty">Empty note</span>}
        </div>
      )}
    </div>
  );
}

/** Memoised note card. */
export const NoteNode = memo(NoteCard);
