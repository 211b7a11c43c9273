/**
 * Copy and paste as pipeline JSON through the system clipboard, so a selection moves between two
 * windows (or into a text editor and back). Pasted text is validated by the host with the same
 * schema as a file; node types this window does not know are dropped with a message.
 */
import type { StudioApi } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { extractFragment } from '../store/document-ops.js';

/** The selection as pretty pipeline JSON, or null when nothing copyable is selected. */
export function selectionToClipboardText(doc: PipelineDocument, selectedIds: readonly string[]): string | null {
  const fragment = extractFragment(doc, selectedIds);
  if (fragment.nodes.length === 0 && (fragment.notes ?? []).length === 0) return null;
  return JSON.stringify(fragment, null, 2);
}

export type PasteResult = { ok: true; fragment: Pick<PipelineDocument, 'nodes' | 'edges' | 'notes'>; dropped: string[] } | { ok: false; reason: string };

/**
 * Parses and validates clipboard text as a pipeline fragment.
 *
 * @example
 * const result = await parseClipboardText(api, text, (t) => defsByType.has(t));
 */
export async function parseClipboardText(api: Pick<StudioApi, 'validatePipeline'>, text: string, knownType: (type: string) => boolean): Promise<PasteResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the clipboard does not hold pipeline JSON' };
  }
  const { document, issues } = await api.validatePipeline(json);
  const errors = issues.filter((i) => i.severity === 'error' && i.code !== 'UNKNOWN_NODE_TYPE' && i.code !== 'MISSING_REQUIRED_INPUT');
  if (!document) {
    const first = errors[0] ?? issues[0];
    return { ok: false, reason: first ? `${first.path}: ${first.message}` : 'the clipboard JSON is not a pipeline' };
  }
  const dropped = [...new Set(document.nodes.filter((n) => !knownType(n.type)).map((n) => n.type))];
  const nodes = document.nodes.filter((n) => knownType(n.type));
  return { ok: true, fragment: { nodes, edges: document.edges, notes: document.notes ?? [] }, dropped };
}
