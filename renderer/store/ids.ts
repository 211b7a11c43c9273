/**
 * Readable ids ("train-2", "edge-7") so pipeline files diff well in git. Node and note ids share
 * one namespace because both are React Flow nodes on the canvas.
 */

/**
 * The first `base-N` (N >= 1) not in `taken`; adds it to `taken` so a batch gets distinct ids.
 *
 * @example
 * uniqueId('clean', new Set(['clean-1'])) // 'clean-2'
 */
export function uniqueId(base: string, taken: Set<string>): string {
  const stem = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-\d+$/, '') || 'item';
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Every id used by a document's nodes, notes and edges. */
export function takenIds(doc: { nodes: { id: string }[]; edges: { id: string }[]; notes?: { id: string }[] }): Set<string> {
  return new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id), ...(doc.notes ?? []).map((n) => n.id)]);
}

/** A fresh document id, unique enough across machines (documents are shared as files). */
export function newDocumentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `pipeline-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
