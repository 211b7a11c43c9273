/**
 * Pure edits of a pipeline document. Each returns a new document and leaves its input untouched,
 * so history entries are plain snapshots and "dirty" is a reference comparison with the saved one.
 */
import { documentDefaults, type NodeDef } from '../../engine/node-def.js';
import type { PipelineDocument, PipelineEdge, PipelineNode, PipelineNote, PortRef } from '../../engine/document/schema.js';
import { newDocumentId, takenIds, uniqueId } from './ids.js';

export type XY = { x: number; y: number };

/** An empty, valid document. */
export function emptyDocument(name = 'Untitled pipeline'): PipelineDocument {
  return { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: newDocumentId(), name, nodes: [], edges: [], notes: [] };
}

/** Adds a node of `def` with default params; returns the document and the new id. */
export function addNode(doc: PipelineDocument, def: NodeDef, position: XY, params?: Record<string, unknown>): [PipelineDocument, string] {
  const id = uniqueId(def.type, takenIds(doc));
  const node: PipelineNode = {
    id,
    type: def.type,
    typeVersion: def.typeVersion,
    params: { ...documentDefaults(def.params), ...params },
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
  return [{ ...doc, nodes: [...doc.nodes, node] }, id];
}

/** Removes nodes, notes and edges by id; edges touching a removed node go too. */
export function removeElements(doc: PipelineDocument, ids: Iterable<string>): PipelineDocument {
  const gone = new Set(ids);
  if (gone.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !gone.has(n.id)),
    notes: (doc.notes ?? []).filter((n) => !gone.has(n.id)),
    edges: doc.edges.filter((e) => !gone.has(e.id) && !gone.has(e.source.node) && !gone.has(e.target.node)),
  };
}

/** Adds the edge `source -> target` (the caller has checked the connection rules). */
export function connect(doc: PipelineDocument, source: PortRef, target: PortRef): [PipelineDocument, string] {
  const id = uniqueId('edge', takenIds(doc));
  const edge: PipelineEdge = { id, source: { ...source }, target: { ...target } };
  return [{ ...doc, edges: [...doc.edges, edge] }, id];
}

function mapNode(doc: PipelineDocument, id: string, fn: (n: PipelineNode) => PipelineNode): PipelineDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? fn(n) : n)) };
}

/** Sets one param value. */
export function setParam(doc: PipelineDocument, nodeId: string, name: string, value: unknown): PipelineDocument {
  return mapNode(doc, nodeId, (n) => ({ ...n, params: { ...n.params, [name]: value } }));
}

/** Sets or clears (empty string) a node's label. */
export function setLabel(doc: PipelineDocument, nodeId: string, label: string): PipelineDocument {
  return mapNode(doc, nodeId, (n) => {
    const next = { ...n };
    if (label.trim() === '') delete next.label;
    else next.label = label;
    return next;
  });
}

/** Moves nodes and notes; positions are rounded so files stay tidy. */
export function setPositions(doc: PipelineDocument, positions: ReadonlyMap<string, XY>): PipelineDocument {
  if (positions.size === 0) return doc;
  // A click or a drag that ends where it started is not an edit: keep the same document object.
  const moved = [...doc.nodes, ...(doc.notes ?? [])].some((item) => {
    const p = positions.get(item.id);
    return p !== undefined && (Math.round(p.x) !== item.position.x || Math.round(p.y) !== item.position.y);
  });
  if (!moved) return doc;
  const place = <T extends { id: string; position: XY }>(item: T): T => {
    const p = positions.get(item.id);
    return p ? { ...item, position: { x: Math.round(p.x), y: Math.round(p.y) } } : item;
  };
  return { ...doc, nodes: doc.nodes.map(place), notes: (doc.notes ?? []).map(place) };
}

/** Adds a sticky note; returns the document and the note id. */
export function addNote(doc: PipelineDocument, position: XY, text = ''): [PipelineDocument, string] {
  const id = uniqueId('note', takenIds(doc));
  const note: PipelineNote = { id, text, position: { x: Math.round(position.x), y: Math.round(position.y) }, size: { width: 200, height: 120 } };
  return [{ ...doc, notes: [...(doc.notes ?? []), note] }, id];
}

/** Changes a note's text or size. */
export function updateNote(doc: PipelineDocument, id: string, patch: Partial<Pick<PipelineNote, 'text' | 'size'>>): PipelineDocument {
  return { ...doc, notes: (doc.notes ?? []).map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

/**
 * Inserts the nodes, edges and notes of `fragment` with fresh ids (so pasting twice, or pasting into
 * the window it came from, never collides), shifted by `offset`. Edges whose ends are not in the
 * fragment are dropped. Returns the document and the new ids of nodes and notes.
 */
export function insertFragment(doc: PipelineDocument, fragment: Pick<PipelineDocument, 'nodes' | 'edges' | 'notes'>, offset: XY): [PipelineDocument, string[]] {
  const taken = takenIds(doc);
  const remap = new Map<string, string>();
  const shift = (p: XY): XY => ({ x: Math.round(p.x + offset.x), y: Math.round(p.y + offset.y) });
  const nodes = fragment.nodes.map((n) => {
    const id = uniqueId(n.type, taken);
    remap.set(n.id, id);
    return { ...structuredClone(n), id, position: shift(n.position) };
  });
  const notes = (fragment.notes ?? []).map((n) => {
    const id = uniqueId('note', taken);
    remap.set(n.id, id);
    return { ...structuredClone(n), id, position: shift(n.position) };
  });
  const edges = fragment.edges
    .filter((e) => remap.has(e.source.node) && remap.has(e.target.node))
    .map((e) => ({
      id: uniqueId('edge', taken),
      source: { node: remap.get(e.source.node)!, port: e.source.port },
      target: { node: remap.get(e.target.node)!, port: e.target.port },
    }));
  return [
    { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges], notes: [...(doc.notes ?? []), ...notes] },
    [...nodes.map((n) => n.id), ...notes.map((n) => n.id)],
  ];
}

/** The part of `doc` made of the given node/note ids and the edges between them, as a document. */
export function extractFragment(doc: PipelineDocument, ids: Iterable<string>): PipelineDocument {
  const keep = new Set(ids);
  return {
    format: doc.format,
    schemaVersion: doc.schemaVersion,
    id: doc.id,
    name: `${doc.name} (selection)`,
    nodes: doc.nodes.filter((n) => keep.has(n.id)),
    edges: doc.edges.filter((e) => keep.has(e.source.node) && keep.has(e.target.node)),
    notes: (doc.notes ?? []).filter((n) => keep.has(n.id)),
  };
}
