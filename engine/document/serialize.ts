/**
 * Stable, pretty serialisation: the same document always gives the same bytes, so git diffs of
 * pipeline files show only real changes. Key order is fixed here, not taken from the object:
 *
 * - document: $schema, format, schemaVersion, id, name, description, nodes, edges, notes, viewport, triggers
 * - node: id, type, typeVersion, label, params (keys sorted, recursively), position (x, y)
 * - edge: id, source (node, port), target (node, port)
 * - note: id, text, position, size (width, height); viewport: x, y, zoom
 * - trigger: id, kind, enabled, label, then its other fields sorted
 *
 * Two-space indent, LF line ends, one trailing newline. Undefined fields are left out.
 */
import type { PipelineDocument } from './schema.js';

type Obj = Record<string, unknown>;

/** Copies the listed keys in order, dropping undefined ones; `rest` decides keys not listed. */
function pick(source: Obj, order: readonly string[], each: Record<string, (v: unknown) => unknown> = {}): Obj {
  const out: Obj = {};
  for (const key of order) {
    const value = source[key];
    if (value === undefined) continue;
    out[key] = each[key] ? each[key](value) : value;
  }
  // Anything the schema grows later still lands in the file, after the known keys, sorted.
  for (const key of Object.keys(source)
    .filter((k) => !order.includes(k))
    .sort()) {
    if (source[key] !== undefined) out[key] = sortDeep(source[key]);
  }
  return out;
}

/** Sorts object keys at every depth (code-point order); arrays keep their order. */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out: Obj = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Obj)[key];
      if (v !== undefined) out[key] = sortDeep(v);
    }
    return out;
  }
  return value;
}

const point = (v: unknown) => pick(v as Obj, ['x', 'y']);
const portRef = (v: unknown) => pick(v as Obj, ['node', 'port']);

/**
 * The canonical text of a pipeline file.
 *
 * @example
 * await writeFileAtomic(path, serializePipeline(doc));
 */
export function serializePipeline(doc: PipelineDocument): string {
  const ordered = pick(doc as Obj, ['$schema', 'format', 'schemaVersion', 'id', 'name', 'description', 'nodes', 'edges', 'notes', 'viewport', 'triggers'], {
    nodes: (v) => (v as Obj[]).map((n) => pick(n, ['id', 'type', 'typeVersion', 'label', 'params', 'position'], { params: sortDeep, position: point })),
    edges: (v) => (v as Obj[]).map((e) => pick(e, ['id', 'source', 'target'], { source: portRef, target: portRef })),
    notes: (v) => (v as Obj[]).map((n) => pick(n, ['id', 'text', 'position', 'size'], { position: point, size: (s) => pick(s as Obj, ['width', 'height']) })),
    viewport: (v) => pick(v as Obj, ['x', 'y', 'zoom']),
    triggers: (v) => (v as Obj[]).map((t) => pick(t, ['id', 'kind', 'enabled', 'label'])),
  });
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
