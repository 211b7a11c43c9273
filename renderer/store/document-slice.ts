/**
 * The document slice: the pipeline document (source of truth), its undo history, the file it came
 * from, and the React Flow nodes/edges derived from it. Every change to the document goes through
 * `commit`, so every change is undoable and marks the document dirty.
 */
import { applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { checkConnection } from '../../engine/graph/connection-rules.js';
import type { PipelineDocument, PortRef } from '../../engine/document/schema.js';
import * as ops from './document-ops.js';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './flow-mapping.js';
import { emptyHistory, record, redo, undo, type HistoryState } from './history.js';
import type { SliceCreator, StudioState } from './store-types.js';

export interface DocumentSlice {
  doc: PipelineDocument;
  /** The document as last opened or saved; `doc !== savedDoc` means unsaved changes. */
  savedDoc: PipelineDocument | null;
  filePath: string | undefined;
  history: HistoryState;
  /** True between the first and last frame of a node drag (one undo step). */
  dragging: boolean;
  flowNodes: FlowNode[];
  flowEdges: FlowEdge[];
  /** Bumped by every `loadDocument`, so the canvas remounts and fits the new document. */
  loadSeq: number;

  /** Replaces the whole document (new, open, import, restore); clears history. */
  loadDocument(doc: PipelineDocument, options?: { path?: string; dirty?: boolean }): void;
  markSaved(doc: PipelineDocument, path: string | undefined): void;
  /** Applies a document edit as one undo step (or merges it into the last step with the same key). */
  commit(next: PipelineDocument, key?: string | null): void;
  addNode(type: string, position: ops.XY, params?: Record<string, unknown>): string | undefined;
  /** Draws an edge after checking the connection rules; returns the refusal reason, or null. */
  connect(source: PortRef, target: PortRef): string | null;
  removeElements(ids: Iterable<string>): void;
  setParam(nodeId: string, name: string, value: unknown): void;
  setLabel(nodeId: string, label: string): void;
  renameDocument(name: string): void;
  addNote(position: ops.XY, text?: string): string;
  updateNote(id: string, patch: Parameters<typeof ops.updateNote>[2]): void;
  setPositions(positions: ReadonlyMap<string, ops.XY>): void;
  /** Inserts a fragment with remapped ids, selects it, and returns the new ids. */
  insertFragment(fragment: Pick<PipelineDocument, 'nodes' | 'edges' | 'notes'>, offset: ops.XY): string[];
  undo(): void;
  redo(): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
}

/** The React Flow arrays for `doc` and `selectedIds`, reusing what did not change. */
export function flowFor(state: StudioState, doc: PipelineDocument, selectedIds: readonly string[]): Pick<DocumentSlice, 'flowNodes' | 'flowEdges'> {
  const inputs = { doc, selectedIds: new Set(selectedIds), defsByType: state.defsByType };
  return { flowNodes: toFlowNodes(inputs, state.flowNodes), flowEdges: toFlowEdges(inputs, state.flowEdges) };
}

function existingIds(doc: PipelineDocument, ids: readonly string[]): string[] {
  const all = new Set([...doc.nodes.map((n) => n.id), ...(doc.notes ?? []).map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  return ids.filter((id) => all.has(id));
}

/** Builds the document slice, starting from `initial` (an empty document by default). */
export function createDocumentSlice(initial?: PipelineDocument): SliceCreator<DocumentSlice> {
  const start = initial ?? ops.emptyDocument();
  return (set, get) => {
    const show = (doc: PipelineDocument, extra: Partial<StudioState> = {}, selectedIds?: readonly string[]): void => {
      const state = get();
      const selection = existingIds(doc, selectedIds ?? state.selectedIds);
      set({ doc, selectedIds: selection, ...flowFor(state, doc, selection), ...extra });
    };

    return {
      doc: start,
      savedDoc: start,
      filePath: undefined,
      history: emptyHistory(),
      dragging: false,
      flowNodes: [],
      flowEdges: [],
      loadSeq: 0,

      loadDocument: (doc, options = {}) => {
        set({ flowNodes: [], flowEdges: [] });
        show(doc, { savedDoc: options.dirty ? null : doc, filePath: options.path, history: emptyHistory(), dragging: false, loadSeq: get().loadSeq + 1 }, []);
      },
      markSaved: (doc, path) => set({ savedDoc: doc, filePath: path }),
      commit: (next, key = null) => {
        const { doc, history, dragging } = get();
        if (next === doc) return;
        show(next, { history: record(history, doc, key, Date.now(), key === 'drag' && dragging) });
      },
      addNode: (type, position, params) => {
        const def = get().defsByType.get(type);
        if (!def) return undefined;
        const [next, id] = ops.addNode(get().doc, def, position, params);
        get().commit(next);
        show(get().doc, {}, [id]);
        return id;
      },
      connect: (source, target) => {
        const { doc, defsByType } = get();
        const reason = checkConnection(doc, defsByType, source, target);
        if (reason) return reason;
        get().commit(ops.connect(doc, source, target)[0]);
        return null;
      },
      removeElements: (ids) => get().commit(ops.removeElements(get().doc, ids)),
      setParam: (nodeId, name, value) => get().commit(ops.setParam(get().doc, nodeId, name, value), `param:${nodeId}:${name}`),
      setLabel: (nodeId, label) => get().commit(ops.setLabel(get().doc, nodeId, label), `label:${nodeId}`),
      renameDocument: (name) => {
        if (name.trim()) get().commit({ ...get().doc, name: name.trim() }, 'rename');
      },
      addNote: (position, text) => {
        const [next, id] = ops.addNote(get().doc, position, text);
        get().commit(next);
        show(get().doc, {}, [id]);
        return id;
      },
      updateNote: (id, patch) => get().commit(ops.updateNote(get().doc, id, patch), `note:${id}:${Object.keys(patch).join()}`),
      setPositions: (positions) => get().commit(ops.setPositions(get().doc, positions)),
      insertFragment: (fragment, offset) => {
        const [next, ids] = ops.insertFragment(get().doc, fragment, offset);
        get().commit(next);
        show(get().doc, {}, ids);
        return ids;
      },
      undo: () => {
        const step = undo(get().history, get().doc);
        if (step) show(step[0], { history: step[1], dragging: false });
      },
      redo: () => {
        const step = redo(get().history, get().doc);
        if (step) show(step[0], { history: step[1], dragging: false });
      },
      onNodesChange: (changes) => {
        const state = get();
        const positions = new Map<string, ops.XY>();
        let dragFrame = false;
        let dragEnded = false;
        const selected = new Set(state.selectedIds);
        let selectionChanged = false;
        const sizing = changes.filter((c) => c.type === 'dimensions');
        for (const c of changes) {
          if (c.type === 'position') {
            if (c.position) positions.set(c.id, c.position);
            if (c.dragging) dragFrame = true;
            else dragEnded = true;
          } else if (c.type === 'select') {
            selectionChanged = true;
            if (c.selected) selected.add(c.id);
            else selected.delete(c.id);
          }
        }
        // Measured sizes are React Flow's business; keep them on the flow nodes only.
        if (sizing.length) set({ flowNodes: applyNodeChanges(sizing, get().flowNodes) });
        for (const c of sizing) {
          const note = (state.doc.notes ?? []).find((n) => n.id === c.id);
          if (note && c.dimensions && c.resizing)
            get().updateNote(note.id, { size: { width: Math.round(c.dimensions.width), height: Math.round(c.dimensions.height) } });
        }
        if (positions.size) {
          if (dragFrame) {
            get().commit(ops.setPositions(get().doc, positions), 'drag');
            set({ dragging: true });
          } else {
            get().commit(ops.setPositions(get().doc, positions), get().dragging ? 'drag' : 'nudge');
          }
        }
        if (dragEnded && get().dragging) set({ dragging: false, history: { ...get().history, lastKey: null } });
        if (selectionChanged) get().setSelection([...selected]);
      },
      onEdgesChange: (changes) => {
        const selected = new Set(get().selectedIds);
        let changed = false;
        for (const c of changes) {
          if (c.type !== 'select') continue;
          changed = true;
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
        if (changed) get().setSelection([...selected]);
      },
    };
  };
}
